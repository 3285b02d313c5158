import { errorMessage } from '../../api/errors.ts'
import { useMetricsQuery } from '../../api/useMetricsQuery.ts'
import { resolutionFor, formatSpan } from '../../app/url/timeRange.ts'
import { Sparkline } from '../../components/charts/Sparkline.tsx'
import type { MetricSeries } from '../../../shared/telemetry.ts'
import type { EntityRef } from './entities.ts'

interface Props {
  entity: EntityRef
  direction: 'inbound' | 'outbound'
  /** Keep only the series whose `byLabel` is `value` (an edge's share of the entity's traffic). */
  byLabel?: string
  value?: string
  duration: number
  refresh: number
  /** "Inbound requests", "Requests on this edge". */
  label: string
}

/** Sum of the series' points at each timestamp. */
function sumPoints(series: readonly MetricSeries[]): [number, number][] {
  const byTime = new Map<number, number>()
  for (const s of series) for (const [t, v] of s.datapoints) byTime.set(t, (byTime.get(t) ?? 0) + v)
  return [...byTime].sort((a, b) => a[0] - b[0])
}

/** A request-rate line from the metrics API, over the graph's window. */
export function TrafficSparkline({ entity, direction, byLabel, value, duration, refresh, label }: Props) {
  const { step, rateInterval } = resolutionFor(duration)
  const metrics = useMetricsQuery(
    entity.kind,
    entity.namespace,
    entity.name,
    { direction, duration, step, rateInterval, ...(byLabel ? { byLabels: byLabel } : {}) },
    refresh,
  )
  const title = `${label}, last ${formatSpan(duration)}`
  if (metrics.isPending) return <p className="muted sparkline-empty">Loading {label.toLowerCase()}…</p>
  if (metrics.data === undefined) {
    return <p className="muted sparkline-empty">{label} could not be loaded: {errorMessage(metrics.error)}</p>
  }
  const series = (metrics.data.request_count ?? []).filter((s) => !byLabel || s.labels[byLabel] === value)
  return (
    <div className="graph-sparkline">
      <span className="graph-sparkline-title">{label}</span>
      <Sparkline points={sumPoints(series)} label={title} />
    </div>
  )
}
