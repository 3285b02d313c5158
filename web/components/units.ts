// Numbers as the telemetry pages show them, each with its unit: request rates, error ratios,
// durations and sizes. Pure: tested in test/unit/web.

export type Unit = 'rate' | 'percent' | 'ms' | 'bytes'

/** The unit's name, for axis labels and captions. */
export const UNIT_LABEL: Record<Unit, string> = { rate: 'req/s', percent: '%', ms: 'ms', bytes: 'bytes' }

/** Three significant digits at most, trailing zeros dropped: 0.0523, 3.2, 42.5, 913. */
function compact(v: number): string {
  if (v === 0) return '0'
  const abs = Math.abs(v)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  return String(Number(v.toFixed(digits)))
}

/** 1.2k, 3.4M for big counts; plain below a thousand. */
function scaled(v: number): string {
  const abs = Math.abs(v)
  if (abs >= 1e6) return `${compact(v / 1e6)}M`
  if (abs >= 1e3) return `${compact(v / 1e3)}k`
  return compact(v)
}

/** "0 req/s", "<0.001 req/s", "0.05 req/s", "3.2 req/s", "1.2k req/s". */
export function formatRate(rps: number): string {
  if (rps > 0 && rps < 0.001) return '<0.001 req/s'
  return `${scaled(rps)} req/s`
}

/** A ratio (0–1) as a percentage: "0%", "<0.1%", "2.5%", "100%". */
export function formatRatio(ratio: number): string {
  return formatPercent(ratio * 100)
}

/** A percentage (0–100): "0%", "<0.1%", "12.5%". */
export function formatPercent(pct: number): string {
  if (pct > 0 && pct < 0.1) return '<0.1%'
  return `${String(Number(pct.toFixed(pct >= 10 ? 0 : 1)))}%`
}

/** "0.42 ms", "42 ms", "1.25 s". */
export function formatMillis(ms: number): string {
  if (ms >= 1000) return `${compact(ms / 1000)} s`
  return `${compact(ms)} ms`
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const

/** "0 B", "512 B", "1.5 KiB", "2.25 MiB". */
export function formatBytes(bytes: number): string {
  let v = bytes
  let i = 0
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024
    i++
  }
  return `${i === 0 ? String(Math.round(v)) : compact(v)} ${BYTE_UNITS[i]}`
}

export function formatValue(unit: Unit, v: number): string {
  switch (unit) {
    case 'rate':
      return formatRate(v)
    case 'percent':
      return formatPercent(v)
    case 'ms':
      return formatMillis(v)
    case 'bytes':
      return formatBytes(v)
  }
}

/** Axis ticks are short: the unit is in the chart's title. */
export function formatAxisValue(unit: Unit, v: number): string {
  switch (unit) {
    case 'rate':
      return scaled(v)
    case 'percent':
      return `${compact(v)}%`
    case 'ms':
      return v >= 1000 ? `${compact(v / 1000)}s` : compact(v)
    case 'bytes':
      return formatBytes(v).replace(' ', '')
  }
}
