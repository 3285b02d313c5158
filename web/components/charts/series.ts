// Metric series (shared/telemetry.ts MetricSeries) → rows for recharts: one row per timestamp, one
// column per series, null where a series has no point (a gap, drawn as a break). Pure: tested in
// test/unit/web.
import type { MetricSeries } from '../../../shared/telemetry.ts'

export interface ChartLine {
  /** The row field holding this line's values: s0, s1, … (never a label, which could be `t`). */
  key: string
  label: string
}

export interface ChartRow {
  /** Unix seconds. */
  t: number
  [line: string]: number | null
}

export interface ChartData {
  rows: ChartRow[]
  lines: ChartLine[]
}

/** `avg`, and quantiles as percentiles: 0.5 → p50, 0.999 → p99.9. */
export function statLabel(stat: string): string {
  const q = Number(stat)
  if (stat === '' || !Number.isFinite(q) || q <= 0 || q >= 1) return stat
  return `p${Number((q * 100).toFixed(3))}`
}

/** Histograms: avg first, then quantiles ascending. */
function statOrder(stat: string | undefined): number {
  if (stat === undefined) return -2
  if (stat === 'avg') return -1
  const q = Number(stat)
  return Number.isFinite(q) ? q : 2
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => labels[k])
    .join(' · ')
}

/** "reviews-v1 · 200", with the stat after it ("reviews-v1 p95"); `fallback` when the series has neither. */
export function seriesLabel(s: MetricSeries, fallback: string): string {
  const parts = [labelText(s.labels), s.stat === undefined ? '' : statLabel(s.stat)].filter(Boolean)
  return parts.length ? parts.join(' ') : fallback
}

function sortSeries(series: readonly MetricSeries[]): MetricSeries[] {
  return [...series].sort(
    (a, b) => labelText(a.labels).localeCompare(labelText(b.labels)) || statOrder(a.stat) - statOrder(b.stat),
  )
}

function rowsOf(columns: readonly { key: string; points: ReadonlyMap<number, number> }[]): ChartRow[] {
  const times = new Set<number>()
  for (const c of columns) for (const t of c.points.keys()) times.add(t)
  return [...times]
    .sort((a, b) => a - b)
    .map((t) => {
      const row: ChartRow = { t }
      for (const c of columns) row[c.key] = c.points.get(t) ?? null
      return row
    })
}

/** Every series a line, sorted by label then stat, on the union of their timestamps. */
export function toChartData(series: readonly MetricSeries[], fallback: string): ChartData {
  const sorted = sortSeries(series)
  const lines = sorted.map((s, i) => ({ key: `s${i}`, label: seriesLabel(s, fallback) }))
  const columns = sorted.map((s, i) => ({ key: `s${i}`, points: new Map(s.datapoints) }))
  return { rows: rowsOf(columns), lines }
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]))
}

/**
 * The error rate in percent: errors ÷ requests of the series with the same labels, at each
 * timestamp with requests. A timestamp with requests and no error point had no errors (Prometheus
 * returns no sample for a rate of a series that did not move), so it is 0 %, not a gap.
 */
export function errorRateData(requests: readonly MetricSeries[], errors: readonly MetricSeries[], fallback: string): ChartData {
  const errorsByLabels = new Map(errors.map((e) => [labelKey(e.labels), new Map(e.datapoints)]))
  const sorted = sortSeries(requests)
  const lines = sorted.map((s, i) => ({ key: `s${i}`, label: seriesLabel(s, fallback) }))
  const columns = sorted.map((s, i) => {
    const errs = errorsByLabels.get(labelKey(s.labels))
    const points = new Map<number, number>()
    for (const [t, rps] of s.datapoints) if (rps > 0) points.set(t, ((errs?.get(t) ?? 0) / rps) * 100)
    return { key: `s${i}`, points }
  })
  return { rows: rowsOf(columns), lines }
}

/** Some line has some point. */
export function hasData(data: ChartData): boolean {
  return data.rows.some((r) => data.lines.some((l) => r[l.key] !== null))
}

/** The last point of each line that has one: what a screen reader hears instead of the picture. */
export function latestValues(data: ChartData): { label: string; value: number }[] {
  const out: { label: string; value: number }[] = []
  for (const line of data.lines) {
    for (let i = data.rows.length - 1; i >= 0; i--) {
      const v = data.rows[i][line.key]
      if (v !== null && v !== undefined) {
        out.push({ label: line.label, value: v })
        break
      }
    }
  }
  return out
}
