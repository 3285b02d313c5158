// Requested against observed: the share of a service's requests each version served over time
// (from Istio's request counts by destination_version, as the calling proxies report them, so calls
// that failed at the destination count too) beside the weights that were asked for. Pure.
import type { MetricSeries } from '../../../shared/telemetry.ts'

/** The weights in force from `at` (ms since the epoch) on. */
export interface RequestedSplit {
  at: number
  weights: Readonly<Record<string, number>>
}

export interface SplitPoint {
  /** Unix seconds. */
  t: number
  /** Observed share per version, in percent. */
  observed: Record<string, number>
  requested: Record<string, number>
}

/** The weights in force at time `tMs`: the last entry at or before it (the first one before any). */
export function requestedAt(history: readonly RequestedSplit[], tMs: number): Readonly<Record<string, number>> {
  let current = history[0]?.weights ?? {}
  for (const h of history) if (h.at <= tMs) current = h.weights
  return current
}

/**
 * One point per timestamp with requests: each version's rate as a share of all the service's
 * requests then, leaving out the `exclude`d versions entirely. Series without a
 * destination_version (unknown destinations) count in the total.
 */
export function splitPoints(requestCount: readonly MetricSeries[], history: readonly RequestedSplit[], exclude: ReadonlySet<string> = new Set()): SplitPoint[] {
  const byTime = new Map<number, Map<string, number>>()
  for (const s of requestCount) {
    const version = s.labels.destination_version || 'unknown'
    if (exclude.has(version)) continue
    for (const [t, v] of s.datapoints) {
      const row = byTime.get(t) ?? new Map<string, number>()
      row.set(version, (row.get(version) ?? 0) + v)
      byTime.set(t, row)
    }
  }
  return [...byTime.keys()]
    .sort((a, b) => a - b)
    .flatMap((t) => {
      const row = byTime.get(t)!
      const sum = [...row.values()].reduce((a, b) => a + b, 0)
      if (!(sum > 0)) return []
      const observed: Record<string, number> = {}
      for (const [v, rate] of row) observed[v] = (rate / sum) * 100
      return [{ t, observed, requested: { ...requestedAt(history, t * 1000) } }]
    })
}

/** Every version in the data or the requests, in version order. */
export function versionsIn(points: readonly SplitPoint[], history: readonly RequestedSplit[]): string[] {
  const all = new Set<string>()
  for (const p of points) for (const v of Object.keys(p.observed)) all.add(v)
  for (const h of history) for (const v of Object.keys(h.weights)) all.add(v)
  return [...all].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

/** Largest gap, in percentage points, between observed and requested at the last point (undefined with no data). */
export function latestGap(points: readonly SplitPoint[]): number | undefined {
  const last = points.at(-1)
  if (!last) return undefined
  const versions = new Set([...Object.keys(last.observed), ...Object.keys(last.requested)])
  return Math.max(...[...versions].map((v) => Math.abs((last.observed[v] ?? 0) - (last.requested[v] ?? 0))))
}

/** Rows for recharts: `o:<version>` observed, `r:<version>` requested, per timestamp. */
export function chartRows(points: readonly SplitPoint[], versions: readonly string[]): Record<string, number | null>[] {
  return points.map((p) => {
    const row: Record<string, number | null> = { t: p.t }
    for (const v of versions) {
      row[`o:${v}`] = p.observed[v] ?? 0
      row[`r:${v}`] = p.requested[v] ?? 0
    }
    return row
  })
}

/**
 * Versions only the rules before the split route to: calls to them are not the split's, so leaving
 * them out measures exactly the share of the calls the split decides. `ruleTargets` are the
 * versions of the service those rules send to (null: the whole service, any version). Possible only
 * when none of them also gets calls from the split (those calls could not be told apart);
 * undefined otherwise.
 */
export function ruleOnlyVersions(ruleTargets: readonly (string | null)[], split: Readonly<Record<string, number>>): string[] | undefined {
  if (ruleTargets.length === 0 || ruleTargets.some((v) => v === null || (split[v] ?? 0) > 0)) return undefined
  return [...new Set(ruleTargets as string[])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}
