// Against Debian's real Prometheus, scraping the Istio test exporter every second: the health and
// metrics routes give back the exporter's rates; with Prometheus stopped (by its PID) they answer
// 503 within the timeout and the status says so; started again, data returns without restarting
// Trellis. Short rate windows (5s) so the test does not wait a minute for full windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError } from '../../../shared/api.ts'
import type { Health, MetricsResponse, StatusResponse, WorkloadSummary } from '../../../shared/telemetry.ts'
import { duration, eq, metric, oneOf, rate, sum } from '../../../server/telemetry/prometheus/promql.ts'
import { startExporter, type Exporter } from '../../fixtures/prometheus/istio-exporter.ts'
import { hasPrometheus, launchPrometheus, PROMETHEUS_BIN, waitForSeries, type PrometheusProcess } from '../../fixtures/prometheus/prometheus-process.ts'
import { telemetryTrellis, type TelemetryTrellis } from '../../fixtures/prometheus/scenario.ts'
import { eventually } from '../helpers.ts'

const TIMEOUT_MS = 1000
const W = 'rateInterval=5s'
const present = hasPrometheus()
const title = present ? 'with the real Prometheus' : `with the real Prometheus (skipped: ${PROMETHEUS_BIN} is missing; apt-get install prometheus)`

describe.skipIf(!present)(title, () => {
  let exporter: Exporter
  let prometheus: PrometheusProcess
  let env: TelemetryTrellis

  beforeAll(async () => {
    exporter = await startExporter()
    prometheus = await launchPrometheus([exporter.target])
    env = await telemetryTrellis({ prometheusUrl: prometheus.url, timeoutMs: TIMEOUT_MS })
    await waitForSeries(prometheus.url, 'istio_requests_total', 10)
    // Let a 5s rate window fill with scrapes.
    await new Promise((r) => setTimeout(r, 7000))
  }, 60_000)

  afterAll(async () => {
    await env?.cleanup()
    await prometheus?.dispose()
    await exporter?.close()
  })

  async function get<T>(url: string): Promise<{ status: number; body: T }> {
    const res = await env.trellis.app.inject({ method: 'GET', url })
    return { status: res.statusCode, body: res.json() as T }
  }
  const statuses = (h: Record<string, Health>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.status]))

  it('health follows the traffic', async () => {
    const ws = await get<Record<string, Health>>(`/api/namespaces/bookinfo/health?type=workload&${W}`)
    expect(ws.status).toBe(200)
    expect(statuses(ws.body)).toEqual({
      'details-v1': 'Degraded', 'productpage-v1': 'Degraded', 'ratings-v1': 'Degraded',
      'reviews-v1': 'Healthy', 'reviews-v2': 'Failure', 'reviews-v3': 'Idle',
    })
    expect(ws.body['reviews-v2'].inbound.http['200']).toBeCloseTo(1.5, 3)
    expect(ws.body['reviews-v2'].inbound.http['503']).toBeCloseTo(0.5, 3)
    expect(ws.body['reviews-v2'].errorRatio).toBeCloseTo(0.25, 3)
    expect(ws.body['ratings-v1'].inbound.grpc['14']).toBeCloseTo(0.1, 3)
    const apps = await get<Record<string, Health>>(`/api/namespaces/bookinfo/health?type=app&${W}`)
    expect(apps.body.reviews.requestRate).toBeCloseTo(10, 3)
  })

  it('metrics give back the rates and the latency distribution', async () => {
    const m = (await get<MetricsResponse>(`/api/namespaces/bookinfo/workloads/reviews-v2/metrics?duration=60&step=1&${W}&byLabels=response_code`)).body
    const lastOf = (name: string, labels: Record<string, string>, stat?: string) =>
      m[name].find((s) => s.stat === stat && JSON.stringify(s.labels) === JSON.stringify(labels))?.datapoints.at(-1)?.[1]
    expect(lastOf('request_count', { response_code: '200' })).toBeCloseTo(1.5, 3)
    expect(lastOf('request_error_count', { response_code: '503' })).toBeCloseTo(0.5, 3)
    expect(lastOf('request_duration_millis', { response_code: '503' }, 'avg')).toBeCloseTo(12, 3)
    expect(lastOf('request_duration_millis', { response_code: '200' }, '0.95')).toBeCloseTo(37.5, 3)
    const ratings = (await get<MetricsResponse>(`/api/namespaces/bookinfo/services/ratings/metrics?duration=60&step=1&${W}`)).body
    expect(ratings.request_error_count[0].datapoints.at(-1)?.[1]).toBeCloseTo(0.1, 3)
  })

  it('hostile label values stay inside their strings in the real parser', async () => {
    const client = env.trellis.prometheus!
    const hostile = 'bookinfo"} or vector(1) or {a="'
    const w = duration('5s')
    expect(await client.queryVector(sum(rate(metric('istio_requests_total', eq('destination_workload_namespace', hostile)).over(w))))).toEqual([])
    const both = await client.queryVector(sum(rate(metric('istio_requests_total', oneOf('destination_workload_namespace', [hostile, 'bookinfo'])).over(w))))
    expect(both).toHaveLength(1)
    expect(both[0].value).toBeGreaterThan(0)
  })

  it('stopped: 503 within the timeout, status unavailable, lists NA; started again: data returns without a restart', async () => {
    const url = prometheus.url
    expect(prometheus.pid).toBeGreaterThan(0)
    await prometheus.stop()

    const t0 = Date.now()
    const metrics = await get<ApiError>(`/api/namespaces/bookinfo/apps/reviews/metrics?duration=60&step=1&${W}`)
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 500)
    expect(metrics).toEqual({
      status: 503,
      body: { error: `Prometheus at ${url} is not reachable: connection refused (ECONNREFUSED)`, reason: 'ServiceUnavailable', statusCode: 503 },
    })
    expect((await get<ApiError>(`/api/namespaces/bookinfo/health?${W}`)).status).toBe(503)
    const status = (await get<StatusResponse>('/api/status')).body
    expect(status.prometheus).toMatchObject({ url, available: false, error: expect.stringMatching(/connection refused/) })
    const ws = await get<WorkloadSummary[]>(`/api/namespaces/bookinfo/workloads?${W}`)
    expect(ws.status).toBe(200)
    expect(ws.body.every((w) => w.health.status === 'NA')).toBe(true)

    await prometheus.start()
    // Metrics try Prometheus on every request: back as soon as it answers again.
    await eventually(async () => {
      const res = await get<MetricsResponse>(`/api/namespaces/bookinfo/apps/reviews/metrics?duration=60&step=1&${W}`)
      return res.status === 200 && res.body.request_count.length > 0
    }, 20_000)
    // Lists wait for the probe to see it back (every 5 s), then show health again.
    await eventually(async () => {
      const res = await get<WorkloadSummary[]>(`/api/namespaces/bookinfo/workloads?${W}`)
      return res.body.find((w) => w.name === 'reviews-v2')?.health.status === 'Failure'
    }, 20_000)
    expect((await get<StatusResponse>('/api/status')).body.prometheus).toMatchObject({ available: true })
  }, 60_000)
})
