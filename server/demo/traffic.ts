// Steady load on productpage, so the graph, the rates and the traces have something to show:
// `rate` requests per second, a share of them as test users (the `end-user` header Bookinfo's
// VirtualService examples match on).
import type { Logger } from 'pino'

export interface TrafficOptions {
  /** productpage's base URL; read before every request, as productpage may restart on another port. */
  url: () => string | undefined
  /** Requests per second (default 5). */
  rate?: number
  /** Test users to send as `end-user` (default jason). */
  users?: string[]
  /** Share of requests sent as a test user (default 0.2). */
  userShare?: number
  timeoutMs?: number
  /** Requests in flight at most; beyond that a tick is skipped (counted as `skipped`). */
  maxInFlight?: number
  logger?: Logger
  /** How often a summary is logged (default 60 s; 0: never). */
  reportEveryMs?: number
}

export interface TrafficStats {
  sent: number
  byStatus: Record<string, number>
  skipped: number
  inFlight: number
}

export class TrafficGenerator {
  private timer: NodeJS.Timeout | undefined
  private reportTimer: NodeJS.Timeout | undefined
  private readonly inFlight = new Set<Promise<void>>()
  private readonly controller = new AbortController()
  private readonly counters: TrafficStats = { sent: 0, byStatus: {}, skipped: 0, inFlight: 0 }
  private tick = 0

  constructor(private readonly opts: TrafficOptions) {
    const rate = opts.rate ?? 5
    if (!(rate > 0 && rate <= 1000)) throw new Error(`traffic rate must be in (0, 1000] requests per second, got ${rate}`)
    const share = opts.userShare ?? 0.2
    if (!(share >= 0 && share <= 1)) throw new Error(`test user share must be within [0, 1], got ${share}`)
  }

  start(): void {
    if (this.timer) return
    const rate = this.opts.rate ?? 5
    this.timer = setInterval(() => this.fire(), 1000 / rate)
    const every = this.opts.reportEveryMs ?? 60_000
    if (every > 0) {
      this.reportTimer = setInterval(() => this.opts.logger?.info(this.stats(), 'traffic to productpage so far'), every)
      this.reportTimer.unref()
    }
  }

  stats(): TrafficStats {
    return { ...this.counters, byStatus: { ...this.counters.byStatus }, inFlight: this.inFlight.size }
  }

  /** Stops sending and cancels what is in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    clearInterval(this.reportTimer)
    this.timer = undefined
    this.controller.abort()
    await Promise.allSettled([...this.inFlight])
  }

  private fire(): void {
    const base = this.opts.url()
    if (!base) return
    if (this.inFlight.size >= (this.opts.maxInFlight ?? 50)) {
      this.counters.skipped++
      return
    }
    const users = this.opts.users ?? ['jason']
    const share = this.opts.userShare ?? 0.2
    // Deterministic spread: every 1/share-th request is a test user, users taking turns.
    const n = this.tick++
    const asUser = share > 0 && users.length > 0 && Math.floor((n + 1) * share) > Math.floor(n * share)
    const headers: Record<string, string> = { 'user-agent': 'trellis-demo-traffic' }
    if (asUser) headers['end-user'] = users[Math.floor(n * share) % users.length]
    const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 5_000)])
    const p = fetch(`${base}/productpage`, { headers, signal })
      .then(async (res) => {
        await res.arrayBuffer()
        this.count(String(res.status))
      })
      .catch((e: unknown) => {
        if (this.controller.signal.aborted) return
        this.count(e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'error')
      })
      .finally(() => this.inFlight.delete(p))
    this.inFlight.add(p)
    this.counters.sent++
  }

  private count(status: string): void {
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1
  }
}
