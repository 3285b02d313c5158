// Times as the lists show them: ages like kubectl's ("42s", "5m12s", "3h20m") and durations of
// pushes ("3.4 ms", "1.2 s"). Pure: tested in test/unit/web.

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Two units at most, the second only where it still matters. */
export function formatAge(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / SECOND)
  if (ms < MINUTE) return `${s}s`
  const m = Math.floor(ms / MINUTE)
  if (ms < 10 * MINUTE) return s % 60 ? `${m}m${s % 60}s` : `${m}m`
  if (ms < HOUR) return `${m}m`
  const h = Math.floor(ms / HOUR)
  if (ms < DAY) return m % 60 ? `${h}h${m % 60}m` : `${h}h`
  const d = Math.floor(ms / DAY)
  return h % 24 ? `${d}d${h % 24}h` : `${d}d`
}

/** "just now", "42s ago", "5m12s ago"; a time in the future (clock skew) is "just now" too. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return 'at an unknown time'
  const ago = now - t
  return ago < 5 * SECOND ? 'just now' : `${formatAge(ago)} ago`
}

/** Milliseconds of a push: "0.8 ms", "42 ms", "1.2 s", then ages. */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`
  if (ms < SECOND) return `${Math.round(ms)} ms`
  if (ms < MINUTE) return `${Math.round(ms / 100) / 10} s`
  return formatAge(ms)
}
