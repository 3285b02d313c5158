// The telemetry API through fastify.inject, with a Prometheus test server replaying answers
// recorded from the real one (test/fixtures/prometheus/record.ts): what a user of the console sees
// per entity, and what happens when Prometheus is slow, gone or not configured.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiError } from '../../../shared/api.ts'
import type { AppSummary, Health, MetricsResponse, NamespaceOverview, ServiceSummary, StatusResponse, WorkloadSummary } from '../../../shared/telemetry.ts'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { startFakePrometheus, type FakePrometheus, type Recording } from '../../fixtures/prometheus/fake-prometheus.ts'
import { RECORDED_ROUTES, telemetryTrellis, type TelemetryTrellis } from '../../fixtures/prometheus/scenario.ts'
import { AdsTestClient, istioNode } from '../../support/ads-client.ts'
import { eventually } from '../helpers.ts'

const recordings = JSON.parse(readFileSync(RECORDED_ROUTES, 'utf8')) as Recording[]
const W = 'rateInterval=1m'

let fake: FakePrometheus | undefined
let env: TelemetryTrellis | undefined
const clients: AdsTestClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await env?.cleanup()
  await fake?.close()
  env = undefined
  fake = undefined
})

async function start(opts: { prometheus?: boolean; timeoutMs?: number; xdsPort?: number } = {}): Promise<void> {
  if (opts.prometheus !== false) fake = await startFakePrometheus(recordings)
  env = await telemetryTrellis({ prometheusUrl: fake?.url, timeoutMs: opts.timeoutMs ?? 2000, xdsPort: opts.xdsPort })
}

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await env!.trellis.app.inject({ method: 'GET', url })
  return { status: res.statusCode, body: res.json() as T }
}

const byName = <T extends { name: string }>(list: T[]) => Object.fromEntries(list.map((x) => [x.name, x]))
/** Recorded rates are exact up to float noise (8.000000000000002); compare them at 9 decimals. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)) as T
}
const last = (m: MetricsResponse, name: string, labels: Record<string, string> = {}, stat?: string) =>
  m[name].find((s) => s.stat === stat && JSON.stringify(s.labels) === JSON.stringify(labels))?.datapoints.at(-1)?.[1]

describe('with Prometheus answering', () => {
  it('lists apps with versions, workloads, services and health from the tolerances', async () => {
    await start()
    const { status, body } = await get<AppSummary[]>(`/api/namespaces/bookinfo/apps?${W}`)
    expect(status).toBe(200)
    const apps = byName(body)
    expect(Object.keys(apps)).toEqual(['details', 'productpage', 'ratings', 'reviews'])
    expect(apps.reviews).toMatchObject({
      namespace: 'bookinfo', versions: ['v1', 'v2', 'v3'], workloads: ['reviews-v1', 'reviews-v2', 'reviews-v3'], services: ['reviews'],
    })
    // 5 % 503 in, gRPC UNAVAILABLE out: Degraded.
    expect(rounded(apps.reviews.health)).toEqual({
      status: 'Degraded', inbound: { http: { 200: 9.5, 503: 0.5 } }, outbound: { grpc: { 0: 2, 14: 0.1 } }, errorRatio: 0.05, requestRate: 10,
    })
    // productpage receives nothing here, but its calls fail: Degraded, no inbound ratio.
    expect(apps.productpage.health).toMatchObject({ status: 'Degraded', inbound: {}, requestRate: 0 })
    expect(apps.productpage.health).not.toHaveProperty('errorRatio')
    expect(apps.details.health.status).toBe('Degraded')
    expect(apps.ratings.health.status).toBe('Degraded')
    // One query per direction for the whole list.
    expect(fake!.requests).toHaveLength(2)
  })

  it('lists workloads: a failing version, a healthy one, an idle one', async () => {
    await start()
    const ws = byName((await get<WorkloadSummary[]>(`/api/namespaces/bookinfo/workloads?${W}`)).body)
    expect(rounded(ws['reviews-v2'].health)).toMatchObject({ status: 'Failure', errorRatio: 0.25, requestRate: 2 })
    expect(rounded(ws['reviews-v1'].health)).toMatchObject({ status: 'Healthy', errorRatio: 0, requestRate: 8 })
    expect(ws['reviews-v3'].health).toEqual({ status: 'Idle', inbound: {}, outbound: {}, requestRate: 0 })
    expect(ws['reviews-v1']).toMatchObject({
      app: 'reviews', version: 'v1', labels: { app: 'reviews', version: 'v1' }, serviceAccount: 'bookinfo-reviews',
      instances: [{ address: '10.0.0.3', origin: 'WorkloadEntry', locality: '' }], services: ['reviews'],
    })
  })

  it('lists services with their routing config', async () => {
    await start()
    const ss = byName((await get<ServiceSummary[]>(`/api/namespaces/bookinfo/services?${W}`)).body)
    expect(rounded(ss.reviews)).toMatchObject({
      hostname: 'reviews.bookinfo.svc.cluster.local', ports: [{ name: 'http', port: 9080, protocol: 'http' }],
      workloads: ['reviews-v1', 'reviews-v2', 'reviews-v3'], virtualServices: ['reviews'], destinationRules: ['reviews'],
      health: { status: 'Degraded', requestRate: 10, errorRatio: 0.05, outbound: {} },
    })
    expect(ss.productpage.health.status).toBe('Idle')
    expect(rounded(ss.ratings.health)).toMatchObject({ status: 'Degraded', inbound: { grpc: { 0: 2, 14: 0.1 } } })
  })

  it('answers one entity, 404 for an unknown one, 400 for a bad name', async () => {
    await start()
    const one = await get<AppSummary>(`/api/namespaces/bookinfo/apps/reviews?${W}`)
    expect(one.body).toMatchObject({ name: 'reviews', health: { status: 'Degraded' } })
    expect((await get<WorkloadSummary>(`/api/namespaces/bookinfo/workloads/reviews-v3?${W}`)).body.health.status).toBe('Idle')
    const missing = await get<ApiError>('/api/namespaces/bookinfo/services/nope')
    expect(missing).toMatchObject({ status: 404, body: { reason: 'NotFound', error: 'Service bookinfo/nope not found' } })
    expect((await get<ApiError>('/api/namespaces/nowhere/apps')).status).toBe(404)
    const bad = await get<ApiError>('/api/namespaces/bookinfo/workloads/Bad_Name')
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/not a valid Kubernetes name/) } })
    expect((await get<ApiError>('/api/namespaces/Book_Info/apps')).status).toBe(400)
    expect((await get<ApiError>('/api/namespaces/bookinfo/apps?rateInterval=1d')).status).toBe(400)
    expect((await get<ApiError>('/api/namespaces/bookinfo/apps?rateInterval=0m')).body.error).toMatch(/positive whole number/)
  })

  it('health by kind', async () => {
    await start()
    const apps = await get<Record<string, Health>>(`/api/namespaces/bookinfo/health?type=app&${W}`)
    expect(Object.fromEntries(Object.entries(apps.body).map(([k, h]) => [k, h.status])))
      .toEqual({ details: 'Degraded', productpage: 'Degraded', ratings: 'Degraded', reviews: 'Degraded' })
    const ws = await get<Record<string, Health>>(`/api/namespaces/bookinfo/health?type=workload&${W}`)
    expect(Object.fromEntries(Object.entries(ws.body).map(([k, h]) => [k, h.status]))).toEqual({
      'details-v1': 'Degraded', 'productpage-v1': 'Degraded', 'ratings-v1': 'Degraded',
      'reviews-v1': 'Healthy', 'reviews-v2': 'Failure', 'reviews-v3': 'Idle',
    })
    const ss = await get<Record<string, Health>>(`/api/namespaces/bookinfo/health?type=service&${W}`)
    expect(rounded(ss.body.details)).toMatchObject({ status: 'Degraded', inbound: { http: { 200: 4, 404: 0.5 } } })
    expect((await get<ApiError>('/api/namespaces/bookinfo/health?type=pod')).status).toBe(400)
  })

  it('metrics of an app: rates, errors, latency average and quantiles, sizes', async () => {
    await start()
    const { status, body } = await get<MetricsResponse>(`/api/namespaces/bookinfo/apps/reviews/metrics?direction=inbound&duration=300&step=15&${W}`)
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['request_count', 'request_duration_millis', 'request_error_count', 'request_size', 'response_size'])
    expect(last(body, 'request_count')).toBeCloseTo(10, 6)
    expect(last(body, 'request_error_count')).toBeCloseTo(0.5, 6)
    expect(last(body, 'request_duration_millis', {}, 'avg')).toBeCloseTo(12, 6)
    expect(last(body, 'request_duration_millis', {}, '0.5')).toBeCloseTo(10, 6)
    expect(last(body, 'request_duration_millis', {}, '0.95')).toBeCloseTo(37.5, 6)
    expect(last(body, 'request_duration_millis', {}, '0.99')).toBeCloseTo(47.5, 6)
    expect(last(body, 'request_size', {}, 'avg')).toBeCloseTo(200, 6)
    expect(last(body, 'response_size', {}, 'avg')).toBeCloseTo(1500, 6)
    for (const series of Object.values(body).flat()) {
      expect(series.datapoints.every(([t, v]) => Number.isFinite(t) && Number.isFinite(v))).toBe(true)
    }
  })

  it('metrics split by label, outbound, and a service\'s gRPC errors', async () => {
    await start()
    const v2 = (await get<MetricsResponse>(`/api/namespaces/bookinfo/workloads/reviews-v2/metrics?duration=300&step=15&${W}&byLabels=response_code`)).body
    expect(last(v2, 'request_count', { response_code: '200' })).toBeCloseTo(1.5, 6)
    expect(last(v2, 'request_count', { response_code: '503' })).toBeCloseTo(0.5, 6)
    expect(v2.request_error_count.map((s) => s.labels)).toEqual([{ response_code: '503' }])

    const out = (await get<MetricsResponse>(
      `/api/namespaces/bookinfo/workloads/productpage-v1/metrics?direction=outbound&duration=300&step=15&${W}&byLabels=destination_workload&quantiles=0.5,0.99`)).body
    expect(rounded(Object.fromEntries(out.request_count.map((s) => [s.labels.destination_workload, s.datapoints.at(-1)?.[1]]))))
      .toEqual({ 'details-v1': 4.5, 'reviews-v1': 8, 'reviews-v2': 2 })
    expect(out.request_error_count.map((s) => s.labels.destination_workload).sort()).toEqual(['details-v1', 'reviews-v2'])
    expect(new Set(out.request_duration_millis.map((s) => s.stat))).toEqual(new Set(['avg', '0.5', '0.99']))

    const ratings = (await get<MetricsResponse>(`/api/namespaces/bookinfo/services/ratings/metrics?duration=300&step=15&${W}`)).body
    expect(last(ratings, 'request_count')).toBeCloseTo(2.1, 6)
    // UNAVAILABLE answered with HTTP 200 counts once, through the gRPC status.
    expect(last(ratings, 'request_error_count')).toBeCloseTo(0.1, 6)
  })

  it('refuses metrics it cannot serve', async () => {
    await start()
    const outbound = await get<ApiError>('/api/namespaces/bookinfo/services/ratings/metrics?direction=outbound')
    expect(outbound).toMatchObject({ status: 400, body: { error: expect.stringMatching(/services have inbound metrics only/) } })
    expect((await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics?duration=86400&step=1')).body.error).toMatch(/Prometheus allows 11000/)
    expect((await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics?byLabels=a}')).status).toBe(400)
    expect((await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics?quantiles=1.5')).status).toBe(400)
    expect(fake!.requests).toHaveLength(0)
  })

  it('the overview: counts, app health, the inbound rate and error ratio', async () => {
    await start()
    const { body } = await get<NamespaceOverview[]>('/api/overview?duration=60')
    expect(body).toHaveLength(1)
    const [ns] = body
    expect(ns).toMatchObject({
      namespace: 'bookinfo',
      counts: { apps: 4, workloads: 6, services: 4 },
      appHealth: { Healthy: 0, Degraded: 4, Failure: 0, Idle: 0, NA: 0 },
    })
    expect(ns.requestRate.length).toBeGreaterThan(0)
    expect(ns.requestRate.at(-1)?.[1]).toBeCloseTo(16.6, 6)
    // reviews 0.5 (503) + ratings 0.1 (gRPC 14) + details 0.5 (404) of 16.6 requests/s.
    expect(ns.errorRatio).toBeCloseTo(1.1 / 16.6, 9)
    expect(fake!.requests).toHaveLength(3)
  })

  it('status: Prometheus available, control plane and its port', async () => {
    await start({ xdsPort: 0 })
    const { body } = await get<StatusResponse>('/api/status')
    expect(body).toEqual({
      prometheus: { url: fake!.url, available: true, checkedAt: expect.any(String) },
      controlPlane: { enabled: true, xdsPort: env!.trellis.xdsPort },
    })
  })

  it('groups a connected proxy with the WorkloadEntry of its WORKLOAD_NAME', async () => {
    await start({ xdsPort: 0 })
    const node = istioNode({ namespace: 'bookinfo', pod: 'reviews-v1-7f9d8c-x2x4q', ip: '10.1.0.7', labels: { app: 'reviews', version: 'v1' }, ports: { http: 9080 } })
    const c = new AdsTestClient(`127.0.0.1:${env!.trellis.xdsPort}`, { ...node, metadata: { ...node.metadata, WORKLOAD_NAME: 'reviews-v1' } })
    clients.push(c)
    c.subscribe(TYPE_URL.listener, [])
    await eventually(() => env!.trellis.model.snapshot.workload(`proxy/${node.id}`) !== undefined)
    const ws = byName((await get<WorkloadSummary[]>(`/api/namespaces/bookinfo/workloads?${W}`)).body)
    expect(Object.keys(ws)).toHaveLength(6)
    expect(ws['reviews-v1'].instances).toEqual([
      { address: '10.0.0.3', origin: 'WorkloadEntry', locality: '' },
      { address: '10.1.0.7', origin: 'Proxy', proxyId: node.id, locality: '' },
    ])
    expect(ws['reviews-v1'].health.status).toBe('Healthy')
    const svc = (await get<ServiceSummary>(`/api/namespaces/bookinfo/services/reviews?${W}`)).body
    expect(svc.workloads).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3'])
  })
})

describe('when Prometheus fails', () => {
  it('gone: metrics and health answer 503 with the reason, lists answer with NA health', async () => {
    await start()
    const url = fake!.url
    await fake!.close()
    const metrics = await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics')
    expect(metrics).toEqual({
      status: 503,
      body: { error: `Prometheus at ${url} is not reachable: connection refused (ECONNREFUSED)`, reason: 'ServiceUnavailable', statusCode: 503 },
    })
    expect((await get<ApiError>('/api/namespaces/bookinfo/health?type=workload')).status).toBe(503)
    const apps = await get<AppSummary[]>('/api/namespaces/bookinfo/apps')
    expect(apps.status).toBe(200)
    expect(apps.body.map((a) => a.health)).toEqual(Array(4).fill({ status: 'NA', inbound: {}, outbound: {}, requestRate: 0 }))
    const status = (await get<StatusResponse>('/api/status')).body
    expect(status.prometheus).toMatchObject({ available: false, error: expect.stringMatching(/connection refused/) })
    const overview = (await get<NamespaceOverview[]>('/api/overview')).body
    expect(overview[0]).toMatchObject({ counts: { apps: 4 }, appHealth: { NA: 4 }, requestRate: [] })
  })

  it('hanging: 503 within the timeout; lists do not wait for it twice', async () => {
    await start({ timeoutMs: 300 })
    fake!.mode = 'hang'
    let t0 = Date.now()
    const metrics = await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics')
    expect(metrics.status).toBe(503)
    expect(metrics.body.error).toMatch(/no answer within 300 ms/)
    expect(Date.now() - t0).toBeLessThan(1500)
    t0 = Date.now()
    const ws = await get<WorkloadSummary[]>('/api/namespaces/bookinfo/workloads')
    expect(ws.body.every((w) => w.health.status === 'NA')).toBe(true)
    // Known down: the list does not wait at all.
    expect(Date.now() - t0).toBeLessThan(250)
  })

  it('answering something else: 503 saying so', async () => {
    await start()
    fake!.mode = 'garbage'
    const metrics = await get<ApiError>('/api/namespaces/bookinfo/workloads/reviews-v1/metrics')
    expect(metrics).toMatchObject({ status: 503, body: { error: expect.stringMatching(/answered something that is not Prometheus's API/) } })
  })

  it('not configured: metrics and health say how to configure it; lists and overview still answer', async () => {
    await start({ prometheus: false })
    const metrics = await get<ApiError>('/api/namespaces/bookinfo/apps/reviews/metrics')
    expect(metrics).toEqual({
      status: 503, body: { error: 'no Prometheus configured: start with --prometheus-url', reason: 'ServiceUnavailable', statusCode: 503 },
    })
    expect((await get<ApiError>('/api/namespaces/bookinfo/health')).status).toBe(503)
    const ss = await get<ServiceSummary[]>('/api/namespaces/bookinfo/services')
    expect(ss.status).toBe(200)
    expect(ss.body.map((s) => [s.name, s.health.status])).toEqual([['details', 'NA'], ['productpage', 'NA'], ['ratings', 'NA'], ['reviews', 'NA']])
    expect((await get<StatusResponse>('/api/status')).body).toEqual({
      prometheus: { available: false, error: 'no Prometheus configured: start with --prometheus-url' },
      controlPlane: { enabled: false },
    })
    expect((await get<NamespaceOverview[]>('/api/overview')).body[0]).toMatchObject({ counts: { workloads: 6 }, appHealth: { NA: 4 }, requestRate: [] })
  })
})
