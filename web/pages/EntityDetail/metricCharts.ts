// Which charts a metrics tab shows, built from the metrics API's answer. Pure: tested in test/unit/web.
import type { MetricsResponse } from '../../../shared/telemetry.ts'
import { errorRateData, toChartData, type ChartData } from '../../components/charts/series.ts'
import type { Unit } from '../../components/units.ts'

export interface ChartSpec {
  id: 'request-rate' | 'error-rate' | 'duration' | 'request-size' | 'response-size'
  title: string
  unit: Unit
  data: ChartData
}

/** Quantiles asked for; the server adds `avg` to every histogram. */
export const QUANTILES = '0.5,0.95,0.99'

export function buildCharts(m: MetricsResponse): ChartSpec[] {
  const requests = m.request_count ?? []
  return [
    { id: 'request-rate', title: 'Request rate', unit: 'rate', data: toChartData(requests, 'Requests') },
    { id: 'error-rate', title: 'Error rate', unit: 'percent', data: errorRateData(requests, m.request_error_count ?? [], 'Errors') },
    { id: 'duration', title: 'Request duration', unit: 'ms', data: toChartData(m.request_duration_millis ?? [], 'Duration') },
    { id: 'request-size', title: 'Request size', unit: 'bytes', data: toChartData(m.request_size ?? [], 'Request size') },
    { id: 'response-size', title: 'Response size', unit: 'bytes', data: toChartData(m.response_size ?? [], 'Response size') },
  ]
}
