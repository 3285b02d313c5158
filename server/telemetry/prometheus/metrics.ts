// The metrics of one app, workload or service over a window, in Kiali's shape: every query runs
// at once, and each answer becomes series named after Kiali's metrics.
import { METRIC_NAMES, type MetricSeries, type MetricsResponse } from '../../../shared/telemetry.ts'
import type { Series } from './answers.ts'
import type { PrometheusClient, TimeRange } from './client.ts'
import { metricQueries, type EntityRef, type MetricsOptions } from './istio-queries.ts'

function toSeries(name: string, stat: string | undefined, s: Series, by: readonly string[]): MetricSeries {
  const labels: Record<string, string> = {}
  for (const l of by) if (s.labels[l] !== undefined) labels[l] = s.labels[l]
  return {
    name,
    labels,
    ...(stat ? { stat } : {}),
    // NaN (a quantile or average with no requests) and infinities are gaps, not points.
    datapoints: s.points.filter(([, v]) => Number.isFinite(v)),
  }
}

export async function fetchMetrics(prometheus: PrometheusClient, entity: EntityRef, opts: MetricsOptions, range: TimeRange): Promise<MetricsResponse> {
  const queries = metricQueries(entity, opts)
  const answers = await Promise.all(queries.map((q) => prometheus.queryRange(q.expr, range)))
  const out: MetricsResponse = {}
  for (const name of METRIC_NAMES) out[name] = []
  queries.forEach((q, i) => {
    for (const s of answers[i]) {
      const series = toSeries(q.name, q.stat, s, opts.by)
      if (series.datapoints.length) out[q.name].push(series)
    }
  })
  return out
}
