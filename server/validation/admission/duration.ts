// Istio durations as users write them ("1.5s", "100ms", "1h2m3s"): the language of the schema's
// Duration pattern. Syntax errors are reported by the schema checks; rules here add Istio's bounds.
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import type { Path } from './path.ts'

const NANOS: Record<string, number> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 }
// 'ms' before 'm' so "100ms" is not read as 100 minutes and a stray "s".
const PART = /([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|µs|ns)/y
const MILLISECOND = 1e6
/** google.protobuf.Duration's range: ±10,000 years. Beyond it every xDS client rejects the config. */
const MAX_SECONDS = 315_576_000_000
const MAX_NANOS = MAX_SECONDS * 1e9

export const DURATION_EXAMPLES = 'a number and a unit (h, m, s, ms, us, ns), e.g. 1.5s, 100ms or 1h2m3s'

/** Nanoseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '') return undefined
  PART.lastIndex = 0
  let nanos = 0
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text)
    if (!m) return undefined
    nanos += Number(m[1]) * NANOS[m[2]]
  }
  return Math.round(nanos)
}

/**
 * Istio's ValidateDuration: at least 1ms, and within protobuf's Duration range. `allowZero` is
 * for fields where 0 means "disabled". Text that is not a duration at all was already reported
 * by the schema checks.
 */
export function checkMinDuration(
  value: string | undefined, path: Path, out: IstioCheck[], opts: { allowZero?: boolean } = {},
): void {
  if (value === undefined) return
  const nanos = parseDuration(value)
  if (nanos !== undefined && nanos > MAX_NANOS) {
    out.push(check('invalidDuration', path, `${value} is longer than protobuf's largest duration (${MAX_SECONDS} s, about 10,000 years); proxies reject it`))
    return
  }
  if (nanos === undefined || nanos >= MILLISECOND || (opts.allowZero && nanos === 0)) return
  const allowed = opts.allowZero ? 'use 0s to disable it, or at least 1ms' : 'durations must be at least 1ms'
  out.push(check('invalidDuration', path, `${value} is shorter than 1ms; ${allowed}`))
}
