// The PromQL builder: exact output, and no way for a name or value to break out of its string.
import { describe, expect, it } from 'vitest'
import {
  div, duration, durationOfSeconds, eq, greaterThan, histogramAverage, histogramQuantile, increase, metric, ne, nre, oneOf, or,
  PromQLError, quote, rate, re, sum,
} from '../../../server/telemetry/prometheus/promql.ts'
import { metricQueries, ratesByOutcome } from '../../../server/telemetry/prometheus/istio-queries.ts'

const HOSTILE = 'bookinfo"} or vector(1) or {a="'

describe('selectors and matchers', () => {
  it('renders the four matcher kinds in order', () => {
    const sel = metric('istio_requests_total', eq('reporter', 'destination'), ne('response_code', '200'), re('response_code', '5..'), nre('grpc_response_status', '0'))
    expect(sel.toString()).toBe('istio_requests_total{reporter="destination",response_code!="200",response_code=~"5..",grpc_response_status!~"0"}')
    expect(metric('up').toString()).toBe('up')
  })

  it('escapes quotes, backslashes and newlines in values', () => {
    expect(quote(HOSTILE)).toBe('"bookinfo\\"} or vector(1) or {a=\\""')
    expect(quote('a\\b\nc\rd\te\u0001')).toBe('"a\\\\b\\nc\\rd\\te\\x01"')
    const sel = metric('istio_requests_total', eq('destination_workload_namespace', HOSTILE))
    expect(sel.toString()).toBe('istio_requests_total{destination_workload_namespace="bookinfo\\"} or vector(1) or {a=\\""}')
  })

  it('matches names literally in regex matchers (RE2 metacharacters escaped, then the string)', () => {
    expect(oneOf('ns', ['bookinfo']).op).toBe('=')
    expect(metric('m', oneOf('ns', ['a.b', 'c|d', 'e'])).toString()).toBe('m{ns=~"a\\\\.b|c\\\\|d|e"}')
    // RE2 escapes the metacharacters (`\}`, `\(`), then the string escapes backslashes and quotes.
    expect(metric('m', oneOf('ns', [HOSTILE, 'x'])).toString()).toBe(String.raw`m{ns=~"bookinfo\"\\} or vector\\(1\\) or \\{a=\"|x"}`)
  })

  it('refuses bad label names, metric names, regexes and values', () => {
    expect(() => eq('a"b', 'x')).toThrow(PromQLError)
    expect(() => eq('destination}', 'x')).toThrow(/not a valid Prometheus label name/)
    expect(() => metric('istio requests')).toThrow(/not a valid Prometheus metric name/)
    expect(() => re('code', '(')).toThrow(/not an RE2 regular expression/)
    expect(() => re('code', '(?=x)')).toThrow(PromQLError)
    expect(() => metric('m', eq('a', 'x'.repeat(2000))).toString()).toThrow(/longer than/)
    expect(() => metric('m', eq('a', '\uD800'))).toThrow(/surrogate/)
    expect(() => oneOf('a', [])).toThrow(/at least one/)
    expect(() => sum(rate(metric('m').over(duration('1m'))), ['le)'])).toThrow(PromQLError)
  })
})

describe('durations', () => {
  it('takes whole s, m, h and nothing else', () => {
    expect(duration('30s')).toBe('30s')
    expect(duration('10m')).toBe('10m')
    for (const bad of ['1d', '1.5m', 'm', '', '0s', '1m]) or vector(1', '-1m', '1m ']) expect(() => duration(bad)).toThrow(PromQLError)
  })

  it('spells seconds in the largest whole unit', () => {
    expect([durationOfSeconds(90), durationOfSeconds(600), durationOfSeconds(7200)]).toEqual(['90s', '10m', '2h'])
    expect(() => durationOfSeconds(0)).toThrow(PromQLError)
  })
})

describe('functions and operators', () => {
  const sel = metric('istio_requests_total', eq('reporter', 'source'))
  const w = duration('1m')

  it('rate, increase and sum by', () => {
    expect(rate(sel.over(w)).toString()).toBe('rate(istio_requests_total{reporter="source"}[1m])')
    expect(increase(sel.over(duration('1h'))).toString()).toBe('increase(istio_requests_total{reporter="source"}[1h])')
    expect(sum(rate(sel.over(w))).toString()).toBe('sum(rate(istio_requests_total{reporter="source"}[1m]))')
    expect(sum(rate(sel.over(w)), ['source_workload', 'response_code']).toString())
      .toBe('sum by (source_workload, response_code) (rate(istio_requests_total{reporter="source"}[1m]))')
  })

  it('brackets binary expressions when they become operands', () => {
    const a = sum(rate(sel.over(w)))
    expect(div(a, a).toString()).toBe('sum(rate(istio_requests_total{reporter="source"}[1m])) / sum(rate(istio_requests_total{reporter="source"}[1m]))')
    expect(greaterThan(div(a, a), 0).toString()).toMatch(/^\(sum\(.*\) \/ sum\(.*\)\) > 0$/)
    expect(sum(or(rate(sel.over(w)), rate(sel.over(w)))).toString()).toBe(
      'sum(rate(istio_requests_total{reporter="source"}[1m]) or rate(istio_requests_total{reporter="source"}[1m]))')
  })

  it('histogram quantiles and averages', () => {
    const h = metric('istio_request_duration_milliseconds', eq('destination_workload', 'reviews-v1'))
    expect(histogramQuantile(0.95, h, w, ['source_workload']).toString()).toBe(
      'histogram_quantile(0.95, sum by (le, source_workload) (rate(istio_request_duration_milliseconds_bucket{destination_workload="reviews-v1"}[1m])))')
    expect(histogramAverage(h, w).toString()).toBe(
      'sum(rate(istio_request_duration_milliseconds_sum{destination_workload="reviews-v1"}[1m])) / sum(rate(istio_request_duration_milliseconds_count{destination_workload="reviews-v1"}[1m]))')
    expect(() => histogramQuantile(1.5, h, w)).toThrow(/between 0 and 1/)
  })
})

describe('Istio queries', () => {
  it('health: one query per kind and direction over the namespaces, Kiali labels', () => {
    expect(ratesByOutcome('app', 'inbound', ['bookinfo'], duration('10m'))?.toString()).toBe(
      'sum by (destination_workload_namespace, destination_canonical_service, request_protocol, response_code, grpc_response_status) ' +
      '(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[10m])) > 0')
    expect(ratesByOutcome('workload', 'outbound', ['a', 'b'], duration('1m'))?.toString()).toBe(
      'sum by (source_workload_namespace, source_workload, request_protocol, response_code, grpc_response_status) ' +
      '(rate(istio_requests_total{reporter="source",source_workload_namespace=~"a|b"}[1m])) > 0')
    expect(ratesByOutcome('service', 'outbound', ['a'], duration('1m'))).toBeUndefined()
  })

  it('metrics: Kiali names, error definition, hostile names kept inside their strings', () => {
    const qs = metricQueries({ kind: 'workload', namespace: 'bookinfo', name: HOSTILE }, {
      direction: 'inbound', reporter: 'destination', window: duration('1m'), quantiles: [0.5], by: ['response_code'],
    })
    expect(qs.map((q) => `${q.name}${q.stat ? `:${q.stat}` : ''}`)).toEqual([
      'request_count', 'request_error_count',
      'request_duration_millis:avg', 'request_duration_millis:0.5',
      'request_size:avg', 'request_size:0.5', 'response_size:avg', 'response_size:0.5',
    ])
    const labels = 'reporter="destination",destination_workload_namespace="bookinfo",destination_workload="bookinfo\\"} or vector(1) or {a=\\""'
    expect(qs[0].expr.toString()).toBe(`sum by (response_code) (rate(istio_requests_total{${labels}}[1m]))`)
    expect(qs[1].expr.toString()).toBe(
      `sum by (response_code) (rate(istio_requests_total{${labels},response_code=~"0|[45][0-9][0-9]"}[1m]) or ` +
      `rate(istio_requests_total{${labels},grpc_response_status=~"[1-9]|1[0-6]",response_code!~"0|[45][0-9][0-9]"}[1m]))`)
  })

  it('services have no outbound side', () => {
    expect(() => metricQueries({ kind: 'service', namespace: 'bookinfo', name: 'reviews' }, {
      direction: 'outbound', reporter: 'source', window: duration('1m'), quantiles: [], by: [],
    })).toThrow(/no outbound metrics/)
  })
})
