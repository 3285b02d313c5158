// Health as the telemetry pages show it: the status's glyph, colour and words, and what lies behind
// it (error ratio, rates by protocol and code) for tooltips. Pure: tested in test/unit/web.
import type { Health, HealthStatus, RequestRates } from '../../shared/telemetry.ts'
import { formatRate, formatRatio } from './units.ts'

/** Worst first. */
export const HEALTH_RANK: Record<HealthStatus, number> = { Failure: 0, Degraded: 1, Healthy: 2, Idle: 3, NA: 4 }

/** The order of a breakdown (the overview's bar and legend), as Kiali shows it. */
export const BREAKDOWN_ORDER: readonly HealthStatus[] = ['Healthy', 'Degraded', 'Failure', 'Idle', 'NA']

export const HEALTH_LABEL: Record<HealthStatus, string> = {
  Healthy: 'Healthy',
  Degraded: 'Degraded',
  Failure: 'Failure',
  Idle: 'Idle',
  NA: 'No health information',
}

/** Short words for tight places (filter buttons, legends). */
export const HEALTH_SHORT: Record<HealthStatus, string> = {
  Healthy: 'Healthy',
  Degraded: 'Degraded',
  Failure: 'Failure',
  Idle: 'Idle',
  NA: 'N/A',
}

/** The glyph repeats the colour for those who cannot see it. */
export const HEALTH_GLYPH: Record<HealthStatus, string> = { Healthy: '✓', Degraded: '⚠', Failure: '✗', Idle: '○', NA: '–' }

/** CSS class suffix: `health-healthy` … (colours in styles.css, both themes). */
export const HEALTH_CLASS: Record<HealthStatus, string> = {
  Healthy: 'healthy',
  Degraded: 'degraded',
  Failure: 'failure',
  Idle: 'idle',
  NA: 'na',
}

export const HEALTH_MEANING: Record<HealthStatus, string> = {
  Healthy: 'Error ratio within tolerance',
  Degraded: 'Error ratio above the degraded threshold',
  Failure: 'Error ratio above the failure threshold',
  Idle: 'No requests in the window',
  NA: 'No telemetry: Prometheus is unavailable or nothing reports for this item',
}

/** Total requests per second of a protocol → code → rate map. */
export function totalRate(rates: RequestRates): number {
  let sum = 0
  for (const codes of Object.values(rates)) for (const rps of Object.values(codes)) sum += rps
  return sum
}

/** "http 200: 3.2 req/s", one per protocol and code with traffic, busiest first. */
export function rateLines(rates: RequestRates): string[] {
  const lines: { text: string; rps: number }[] = []
  for (const [protocol, codes] of Object.entries(rates)) {
    for (const [code, rps] of Object.entries(codes)) {
      if (rps > 0) lines.push({ text: `${protocol} ${code}: ${formatRate(rps)}`, rps })
    }
  }
  return lines.sort((a, b) => b.rps - a.rps || a.text.localeCompare(b.text)).map((l) => l.text)
}

export interface HealthDetails {
  title: string
  lines: string[]
}

/** A health icon's tooltip: the status and why, the error ratio, then the rates in and out. */
export function describeHealth(h: Health): HealthDetails {
  const lines = [HEALTH_MEANING[h.status]]
  if (h.errorRatio !== undefined) lines.push(`Error ratio: ${formatRatio(h.errorRatio)}`)
  lines.push(`Inbound: ${formatRate(h.requestRate)}`)
  lines.push(...rateLines(h.inbound).map((l) => `  ${l}`))
  const out = totalRate(h.outbound)
  if (out > 0) {
    lines.push(`Outbound: ${formatRate(out)}`)
    lines.push(...rateLines(h.outbound).map((l) => `  ${l}`))
  }
  return { title: HEALTH_LABEL[h.status], lines }
}

export interface BreakdownEntry {
  /** A HealthStatus, or a status this version of the console does not know (shown neutral). */
  status: string
  label: string
  glyph: string
  className: string
  count: number
}

function isHealthStatus(s: string): s is HealthStatus {
  return Object.hasOwn(HEALTH_RANK, s)
}

/** Statuses with a count above zero, in BREAKDOWN_ORDER, unknown ones last. */
export function healthBreakdown(counts: Readonly<Record<string, number>>): BreakdownEntry[] {
  const known = BREAKDOWN_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => ({
    status: s,
    label: HEALTH_SHORT[s],
    glyph: HEALTH_GLYPH[s],
    className: HEALTH_CLASS[s],
    count: counts[s],
  }))
  const unknown = Object.entries(counts)
    .filter(([s, n]) => !isHealthStatus(s) && n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => ({ status: s, label: s, glyph: HEALTH_GLYPH.NA, className: 'na', count: n }))
  return [...known, ...unknown]
}
