// The telemetry pages' time controls in the URL: `?duration=600&refresh=60000`. The window is in
// seconds (as the metrics API takes it), the refresh interval in milliseconds (as react-query's
// refetchInterval takes it); 0 turns refreshing off. Pure: tested in test/unit/web.
import { formatAge } from '../../components/time.ts'
import { NAMESPACES_PARAM } from './namespaces.ts'
import { withParam } from './params.ts'

/** The windows offered, in seconds: 1m … 1d, Kiali's choices. */
export const DURATIONS = [60, 300, 600, 1800, 3600, 10_800, 21_600, 43_200, 86_400] as const
/** The refresh intervals offered, in ms; 0 is off. */
export const REFRESH_INTERVALS = [0, 10_000, 30_000, 60_000, 300_000] as const

export const DEFAULT_DURATION = 600
export const DEFAULT_REFRESH = 60_000

/** What the metrics API accepts (shared/telemetry.ts MetricsQuery). */
const MIN_DURATION = 60
const MAX_DURATION = 86_400
/** Faster than this would hammer Prometheus for nothing: it scrapes every 15 s or so. */
const MIN_REFRESH = 5_000
const MAX_REFRESH = 3_600_000

export const DURATION_PARAM = 'duration'
export const REFRESH_PARAM = 'refresh'

export interface TimeControls {
  /** The window, in seconds. */
  duration: number
  /** Refetch every this many ms; 0: off. */
  refresh: number
}

export const DEFAULT_TIME_CONTROLS: TimeControls = { duration: DEFAULT_DURATION, refresh: DEFAULT_REFRESH }

function parseInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

/**
 * A value outside the offered lists is kept when the API can serve it (a hand-edited
 * `refresh=15000` means every 15 s); one out of bounds falls back to the default.
 */
export function parseTimeControls(params: URLSearchParams): TimeControls {
  const duration = parseInteger(params.get(DURATION_PARAM))
  const refresh = parseInteger(params.get(REFRESH_PARAM))
  return {
    duration: duration !== undefined && duration >= MIN_DURATION && duration <= MAX_DURATION ? duration : DEFAULT_DURATION,
    refresh: refresh !== undefined && (refresh === 0 || (refresh >= MIN_REFRESH && refresh <= MAX_REFRESH)) ? refresh : DEFAULT_REFRESH,
  }
}

/** Writes over `params`, leaving the others alone; defaults are omitted. */
export function writeTimeControls(params: URLSearchParams, t: TimeControls): URLSearchParams {
  const next = withParam(params, DURATION_PARAM, t.duration === DEFAULT_DURATION ? undefined : String(t.duration))
  return withParam(next, REFRESH_PARAM, t.refresh === DEFAULT_REFRESH ? undefined : String(t.refresh))
}

/** "1m", "10m", "3h", "1d", "90s" → "1m30s". */
export function formatSpan(seconds: number): string {
  return formatAge(seconds * 1000)
}

export function durationLabel(seconds: number): string {
  return `Last ${formatSpan(seconds)}`
}

export function refreshLabel(ms: number): string {
  return ms === 0 ? 'Off' : `Every ${formatAge(ms)}`
}

/** The offered values, plus the current one when the URL holds another (so the select can show it). */
export function optionsWith(offered: readonly number[], current: number): number[] {
  return offered.includes(current) ? [...offered] : [...offered, current].sort((a, b) => a - b)
}

/**
 * The metrics query's resolution and rate window for a window: about 120 points, never finer than
 * Prometheus's usual 15 s scrape, and a rate window of at least a minute (four scrapes) so a
 * single missed scrape does not show as a gap.
 */
export function resolutionFor(duration: number): { step: number; rateInterval: string } {
  const step = Math.max(15, Math.round(duration / 120))
  const rate = Math.max(60, step)
  return { step, rateInterval: rate % 60 === 0 ? `${rate / 60}m` : `${rate}s` }
}

/** The search params a link between telemetry pages keeps: the namespace selection and the time controls. */
export function telemetryParamsOnly(current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams()
  for (const key of [NAMESPACES_PARAM, DURATION_PARAM, REFRESH_PARAM]) {
    const value = current.get(key)
    if (value) next.set(key, value)
  }
  return next
}
