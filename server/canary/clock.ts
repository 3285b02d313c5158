// Time as the canary controller sees it: injectable, so tests drive a ramp through hours of steps
// in milliseconds.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Calls fn after delayMs; returns the cancel function. */
  setTimer(delayMs: number, fn: () => void): () => void
}

/** Node's timers cap a delay at 2^31-1 ms; longer waits are chained. */
const MAX_DELAY = 2 ** 31 - 1

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fn) {
    let timer: NodeJS.Timeout
    const due = Date.now() + delayMs
    const arm = () => {
      const left = due - Date.now()
      timer = setTimeout(left > MAX_DELAY ? arm : fn, Math.min(Math.max(0, left), MAX_DELAY))
      timer.unref()
    }
    arm()
    return () => clearTimeout(timer)
  },
}
