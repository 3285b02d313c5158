// Fan-out of live updates to server-sent-event subscribers (/api/events).

export interface HubEvent {
  event: string
  data: unknown
}

export class EventHub {
  private readonly subscribers = new Set<(e: HubEvent) => void>()

  subscribe(fn: (e: HubEvent) => void): () => void {
    this.subscribers.add(fn)
    return () => this.subscribers.delete(fn)
  }

  publish(event: string, data: unknown): void {
    for (const fn of this.subscribers) fn({ event, data })
  }

  get size(): number {
    return this.subscribers.size
  }
}
