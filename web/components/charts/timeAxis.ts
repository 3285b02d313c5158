// The time axis of a chart: round tick positions for the window, and labels as precise as the
// window needs (seconds for the last minutes, the date at midnight in a day's window). Pure:
// tested in test/unit/web with a fixed time zone.

/** Tick spacings, in seconds, from 15 s to 12 h. */
const TICK_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200]

/**
 * At most `target` ticks on round times within [start, end] (unix seconds). `utcOffsetSec` is the
 * time zone's offset east of UTC, so that hourly ticks fall on the hour where the user is.
 */
export function timeTicks(start: number, end: number, target = 6, utcOffsetSec = 0): number[] {
  const span = Math.max(0, end - start)
  const step = TICK_STEPS.find((s) => span / s <= target) ?? TICK_STEPS[TICK_STEPS.length - 1]
  const first = Math.ceil((start + utcOffsetSec) / step) * step - utcOffsetSec
  const ticks: number[] = []
  for (let t = first; t <= end; t += step) ticks.push(t)
  return ticks
}

export interface TimeFormatOptions {
  /** Defaults to en-GB: 24-hour times, the day before the month. */
  locale?: string
  /** Defaults to the browser's. */
  timeZone?: string
}

function parts(tSec: number, opts: TimeFormatOptions, withSeconds: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
    timeZone: opts.timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    day: 'numeric',
    month: 'short',
  })
  const out: Record<string, string> = {}
  for (const p of fmt.formatToParts(new Date(tSec * 1000))) out[p.type] = p.value
  return out
}

/** "14:05:30" in a window of 5 min or less; "14:05" up to 12 h; in a day's window, "3 May" at midnight. */
export function formatTimeTick(tSec: number, durationSec: number, opts: TimeFormatOptions = {}): string {
  const withSeconds = durationSec <= 300
  const p = parts(tSec, opts, withSeconds)
  if (durationSec > 43_200 && p.hour === '00' && p.minute === '00') return `${p.day} ${p.month}`
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
}

/** A tooltip's full time: "3 May 14:05:30". */
export function formatTooltipTime(tSec: number, opts: TimeFormatOptions = {}): string {
  const p = parts(tSec, opts, true)
  return `${p.day} ${p.month} ${p.hour}:${p.minute}:${p.second}`
}

/** The browser's offset east of UTC, in seconds, at a given time (it changes with daylight saving). */
export function localUtcOffsetSec(tSec: number): number {
  return -new Date(tSec * 1000).getTimezoneOffset() * 60
}
