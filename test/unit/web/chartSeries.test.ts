import { describe, expect, it } from 'vitest'
import type { MetricSeries } from '../../../shared/telemetry.ts'
import { errorRateData, hasData, latestValues, seriesLabel, statLabel, toChartData } from '../../../web/components/charts/series.ts'
import { buildCharts } from '../../../web/pages/EntityDetail/metricCharts.ts'

const series = (labels: Record<string, string>, datapoints: [number, number][], stat?: string): MetricSeries => ({
  name: 'request_count',
  labels,
  datapoints,
  ...(stat === undefined ? {} : { stat }),
})

describe('statLabel and seriesLabel', () => {
  it('names quantiles as percentiles and keeps avg', () => {
    expect(['avg', '0.5', '0.95', '0.99', '0.999'].map(statLabel)).toEqual(['avg', 'p50', 'p95', 'p99', 'p99.9'])
    expect(statLabel('weird')).toBe('weird')
  })

  it('names a series by its label values (in label-name order), then its stat; the fallback when it has neither', () => {
    expect(seriesLabel(series({ source_workload: 'productpage-v1', response_code: '200' }, []), 'Requests')).toBe('200 · productpage-v1')
    expect(seriesLabel(series({}, [], '0.95'), 'Duration')).toBe('p95')
    expect(seriesLabel(series({ source_workload: 'a' }, [], 'avg'), 'Duration')).toBe('a avg')
    expect(seriesLabel(series({}, []), 'Requests')).toBe('Requests')
  })
})

describe('toChartData', () => {
  it('puts every series in its own column on the union of timestamps, with null in the gaps', () => {
    const data = toChartData(
      [series({ source_workload: 'b' }, [[100, 2], [115, 3]]), series({ source_workload: 'a' }, [[115, 1], [130, 4]])],
      'Requests',
    )
    expect(data.lines).toEqual([
      { key: 's0', label: 'a' },
      { key: 's1', label: 'b' },
    ])
    expect(data.rows).toEqual([
      { t: 100, s0: null, s1: 2 },
      { t: 115, s0: 1, s1: 3 },
      { t: 130, s0: 4, s1: null },
    ])
    expect(hasData(data)).toBe(true)
  })

  it('orders histogram stats avg, p50, p95, p99 whatever order they came in', () => {
    const data = toChartData(
      [series({}, [[1, 9]], '0.99'), series({}, [[1, 2]], '0.5'), series({}, [[1, 3]], 'avg'), series({}, [[1, 7]], '0.95')],
      'Duration',
    )
    expect(data.lines.map((l) => l.label)).toEqual(['avg', 'p50', 'p95', 'p99'])
    expect(data.rows).toEqual([{ t: 1, s0: 3, s1: 2, s2: 7, s3: 9 }])
  })

  it('is empty without series or points', () => {
    expect(hasData(toChartData([], 'Requests'))).toBe(false)
    expect(hasData(toChartData([series({}, [])], 'Requests'))).toBe(false)
  })
})

describe('errorRateData', () => {
  it('divides errors by the requests of the same labels, in percent; no error point at a time with requests is 0 %', () => {
    const requests = [series({ response_code: '200' }, [[10, 4], [25, 4], [40, 0]])]
    const errors = [series({ response_code: '200' }, [[25, 1]])]
    const data = errorRateData(requests, errors, 'Errors')
    expect(data.lines).toEqual([{ key: 's0', label: '200' }])
    // No requests at 40: no ratio to show there.
    expect(data.rows).toEqual([
      { t: 10, s0: 0 },
      { t: 25, s0: 25 },
    ])
  })

  it('matches series by all their labels, not by position', () => {
    const requests = [series({ w: 'a' }, [[1, 10]]), series({ w: 'b' }, [[1, 10]])]
    const errors = [series({ w: 'b' }, [[1, 5]])]
    expect(errorRateData(requests, errors, 'Errors').rows).toEqual([{ t: 1, s0: 0, s1: 50 }])
  })
})

describe('latestValues', () => {
  it('gives each line its last point, skipping trailing gaps', () => {
    const data = toChartData([series({ w: 'a' }, [[1, 1], [2, 2]]), series({ w: 'b' }, [[1, 5]])], 'Requests')
    expect(latestValues(data)).toEqual([
      { label: 'a', value: 2 },
      { label: 'b', value: 5 },
    ])
  })
})

describe('buildCharts', () => {
  it('shows the five charts with their units, empty where the answer has no such metric', () => {
    const charts = buildCharts({
      request_count: [series({}, [[1, 10]])],
      request_error_count: [series({}, [[1, 1]])],
      request_duration_millis: [series({}, [[1, 12]], 'avg'), series({}, [[1, 30]], '0.99')],
    })
    expect(charts.map((c) => [c.id, c.unit, hasData(c.data)])).toEqual([
      ['request-rate', 'rate', true],
      ['error-rate', 'percent', true],
      ['duration', 'ms', true],
      ['request-size', 'bytes', false],
      ['response-size', 'bytes', false],
    ])
    expect(charts[1].data.rows).toEqual([{ t: 1, s0: 10 }])
    expect(charts[2].data.lines.map((l) => l.label)).toEqual(['avg', 'p99'])
  })
})
