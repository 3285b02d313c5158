// Runs async tasks one at a time, in call order: store writes and hand-edit reloads never interleave.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    // A failed task fails its caller only; the queue goes on.
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void> {
    return this.run(async () => undefined)
  }
}
