// The graph API through fastify.inject: bad input (400 naming the parameter, and nothing sent to
// Prometheus), Prometheus down, slow or not configured (503 within the timeout), the cache (one
// set of queries for twenty identical requests; a config change is seen at once), the node
// budget, and Trellis's own /metrics.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiError } from '../../../shared/api.ts'
import type { GraphResponse } from '../../../shared/graph.ts'
import { startFakePrometheus, type FakePrometheus, type Recording } from '../../fixtures/prometheus/fake-prometheus.ts'
import { GOLDEN_CASES, graphTrellis, RECORDED, type GraphTrellis } from '../../fixtures/graph/scenario.ts'

const { queryTime, recordings } = JSON.parse(readFileSync(RECORDED, 'utf8')) as { queryTime: number; recordings: Recording[] }
const WORKLOAD = `${GOLDEN_CASES.find((c) => c.name === 'workload-injected')!.url}&queryTime=${queryTime}`

let fake: FakePrometheus | undefined
let env: GraphTrellis | undefined

afterEach(async () => {
  await env?.cleanup()
  await fake?.close()
  env = undefined
  fake = undefined
})

async function start(opts: { prometheus?: boolean; timeoutMs?: number } = {}): Promise<GraphTrellis> {
  if (opts.prometheus !== false) fake = await startFakePrometheus(recordings)
  env = await graphTrellis({ prometheusUrl: fake?.url, timeoutMs: opts.timeoutMs ?? 2000 })
  return env
}

async function get(url: string, app = env!.trellis.app) {
  const res = await app.inject({ method: 'GET', url })
  return { status: res.statusCode, headers: res.headers, body: res.json() as GraphResponse & ApiError }
}

const apiRequests = () => fake!.requests.filter((r) => r.path.startsWith('/api/v1/'))

describe('bad input', () => {
  it.each([
    ['/api/namespaces/graph', /^namespaces: required/],
    ['/api/namespaces/graph?namespaces=bookinfo&graphType=tree', /^graphType: "tree" is not one of app, versionedApp, workload, service/],
    ['/api/namespaces/graph?namespaces=bookinfo&duration=-10m', /^duration: "-10m" is not a duration/],
    ['/api/namespaces/graph?namespaces=bookinfo&duration=400d', /^duration: "400d" is longer than the 30-day maximum/],
    ['/api/namespaces/graph?namespaces=bookinfo&queryTime=1e12', /^queryTime: "1e12" is not a unix time in whole seconds/],
    ['/api/namespaces/graph?namespaces=Bookinfo', /^namespaces: namespace "Bookinfo" is not a DNS-1123 label/],
    [`/api/namespaces/graph?namespaces=${encodeURIComponent('a"}or vector(1)')}`, /^namespaces: namespace "a\\"}or vector\(1\)" is not a DNS-1123 label/],
    [`/api/namespaces/graph?namespaces=${encodeURIComponent('bookinfo|.*')}`, /not a DNS-1123 label/],
    ['/api/namespaces/graph?namespaces=bookinfo&appenders=deadNode,magic', /^appenders: "magic" is not an appender/],
    [`/api/namespaces/bookinfo/workloads/${encodeURIComponent('x"} or vector(1) #')}/graph`, /^workload: workload name .* is not a DNS-1123 subdomain/],
    [`/api/namespaces/${encodeURIComponent('bookinfo"}')}/services/ratings/graph`, /^namespace: namespace .* is not a DNS-1123 label/],
    [`/api/namespaces/bookinfo/applications/reviews/graph?version=${encodeURIComponent('v1"}')}`, /^version: .* is not a label value/],
    ['/api/namespaces/bookinfo/applications/reviews/graph?graphType=workload', /^graphType: an application's graph is an app or versionedApp graph/],
  ])('%s → 400, nothing sent to Prometheus', async (url, message) => {
    await start()
    const res = await get(url)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ reason: 'BadRequest', statusCode: 400, error: expect.stringMatching(message) })
    expect(apiRequests()).toHaveLength(0)
  })
})

describe('Prometheus trouble', () => {
  it('answers 503 saying so when no Prometheus is configured', async () => {
    await start({ prometheus: false })
    const res = await get('/api/namespaces/graph?namespaces=bookinfo')
    expect(res).toMatchObject({ status: 503, body: { reason: 'ServiceUnavailable', error: 'no Prometheus configured: start with --prometheus-url' } })
  })

  it('answers 503 when Prometheus is down', async () => {
    await start()
    fake!.mode = 'unavailable'
    const res = await get(WORKLOAD)
    expect(res.status).toBe(503)
    expect(res.body.error).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable: HTTP 503/)
  })

  it('answers 503 within the timeout when Prometheus hangs, and the graph again once it is back', async () => {
    await start({ timeoutMs: 800 })
    fake!.mode = 'hang'
    const t0 = Date.now()
    const res = await get(WORKLOAD)
    expect(res.status).toBe(503)
    expect(res.body.error).toMatch(/no answer within 800 ms/)
    expect(Date.now() - t0).toBeLessThan(3000)
    fake!.mode = 'normal'
    // The failure was not cached.
    expect((await get(WORKLOAD)).status).toBe(200)
  })
})

describe('cache', () => {
  it('builds one graph for twenty identical requests: one set of Prometheus queries', async () => {
    await start()
    const all = await Promise.all(Array.from({ length: 20 }, () => get(WORKLOAD)))
    expect(all.every((r) => r.status === 200)).toBe(true)
    const sent = apiRequests().map((r) => r.query)
    expect(sent.length).toBeGreaterThan(5)
    expect(new Set(sent).size).toBe(sent.length)
    expect(all.filter((r) => String(r.headers['server-timing']).startsWith('cache;desc="hit"'))).toHaveLength(19)
    const metrics = (await env!.trellis.app.inject({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toMatch(/^trellis_graph_cache_hits_total 19$/m)
    expect(metrics).toMatch(/^trellis_graph_cache_misses_total 1$/m)
    expect(metrics).toMatch(new RegExp(`^trellis_graph_prometheus_queries_total ${sent.length}$`, 'm'))
    // A refresh within the TTL costs nothing either; browsers' own clocks within the period count as the same time.
    expect((await get(WORKLOAD.replace(`queryTime=${queryTime}`, `queryTime=${queryTime - (queryTime % 10) + ((queryTime + 1) % 10)}`))).status).toBe(200)
    expect(apiRequests()).toHaveLength(sent.length)
  })

  it('sees a config change at once', async () => {
    await start()
    const before = await get(WORKLOAD)
    const reviews = before.body.elements.nodes.find((n) => n.data.nodeType === 'service' && n.data.service === 'reviews')!.data
    expect(reviews.hasFaultInjection).toBeUndefined()
    const patch = await env!.trellis.app.inject({
      method: 'PATCH', url: '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews',
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: { spec: { http: [{ fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } }, route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] } },
    })
    expect(patch.statusCode, patch.body).toBe(200)
    const after = await get(WORKLOAD)
    expect(after.headers['server-timing']).not.toMatch(/cache;desc="hit"/)
    expect(after.body.elements.nodes.find((n) => n.data.id === reviews.id)!.data).toMatchObject({ hasFaultInjection: true })
  })

  it('with a TTL of 0 builds every graph', async () => {
    const e = await start()
    const app = await e.appWith({ cacheTtlMs: 0 })
    await get(WORKLOAD, app)
    const once = apiRequests().length
    await get(WORKLOAD, app)
    expect(apiRequests()).toHaveLength(2 * once)
  })
})

describe('answers', () => {
  it('says where the time went, and keeps the node budget', async () => {
    const e = await start()
    const full = await get(WORKLOAD)
    expect(full.headers['server-timing']).toMatch(/^traffic;dur=[\d.]+, serviceEntry;dur=[\d.]+, idleNode;dur=[\d.]+, deadNode;dur=[\d.]+, responseTime;dur=.*, health;dur=[\d.]+, convert;dur=[\d.]+, total;dur=[\d.]+$/)
    expect(full.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(full.body.truncated).toBeUndefined()
    const nodes = full.body.elements.nodes.filter((n) => n.data.nodeType !== 'box')
    const small = await get(WORKLOAD, await e.appWith({ nodeBudget: 5 }))
    expect(small.body.truncated).toMatchObject({ nodes: nodes.length, budget: 5, message: expect.stringMatching(/Select fewer namespaces/) })
    const kept = small.body.elements.nodes.filter((n) => n.data.nodeType !== 'box')
    expect(kept).toHaveLength(5)
    // The busiest: productpage and its service carry the most traffic.
    expect(kept.map((n) => n.data.workload ?? n.data.service)).toEqual(expect.arrayContaining(['productpage-v1', 'productpage']))
  })

  it("times every appender on Trellis's /metrics", async () => {
    await start()
    await get(WORKLOAD)
    const res = await env!.trellis.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    for (const a of ['traffic', 'deadNode', 'idleNode', 'serviceEntry', 'istio', 'responseTime', 'throughput', 'securityPolicy', 'health']) {
      expect(res.body).toMatch(new RegExp(`^trellis_graph_appender_duration_seconds_count\\{appender="${a}"\\} 1$`, 'm'))
    }
    expect(res.body).toMatch(/^trellis_graph_request_duration_seconds_count\{kind="namespace",graph_type="workload",cache="miss"\} 1$/m)
  })
})
