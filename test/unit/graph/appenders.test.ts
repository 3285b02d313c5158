// Each appender on its own, over a traffic map built from samples and a model built from config.
import { describe, expect, it } from 'vitest'
import { deadNodeAppender } from '../../../server/graph/appenders/dead-node.ts'
import { healthAppender } from '../../../server/graph/appenders/health.ts'
import { clusterOf, idleNodeAppender } from '../../../server/graph/appenders/idle-node.ts'
import { hasCircuitBreaker, istioAppender, routeFlags } from '../../../server/graph/appenders/istio.ts'
import { responseTimeAppender } from '../../../server/graph/appenders/response-time.ts'
import { securityPolicyAppender } from '../../../server/graph/appenders/security-policy.ts'
import { serviceEntryAppender } from '../../../server/graph/appenders/service-entry.ts'
import { throughputAppender } from '../../../server/graph/appenders/throughput.ts'
import { markOutsiders } from '../../../server/graph/finalize.ts'
import { buildTrafficMap } from '../../../server/graph/traffic.ts'
import { GraphNode, type TrafficMap } from '../../../server/graph/types.ts'
import type { Sample } from '../../../server/telemetry/prometheus/answers.ts'
import { HealthPolicy } from '../../../server/telemetry/health.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { bookinfo, context, object, sample, service } from './helpers.ts'

interface Setup {
  query?: Record<string, string>
  objects?: ConfigObject[]
  traffic: Sample[]
  /** Answers to the appenders' queries, by a fragment of the query text. */
  answers?: [string, Sample[]][]
  controlPlane?: boolean
}

async function setup(s: Setup) {
  const t = context({
    query: s.query, objects: s.objects, controlPlane: s.controlPlane,
    answer: (text) => {
      for (const [fragment, samples] of s.answers ?? []) if (text.includes(fragment)) return samples
      return text.startsWith('(') && text.includes('istio_requests_total') && text.includes('response_code') ? s.traffic : []
    },
  })
  const { map } = await buildTrafficMap(t.ctx)
  return { map, ...t }
}

const keys = (map: TrafficMap) => [...map.keys()].sort()
const edgeOf = (map: TrafficMap, from: string, to: string) => map.get(from)!.edges.find((e) => e.dest.key === to)!

describe('deadNode', () => {
  it('flags a workload with traffic but no instance, and one no Service selects; removes what has neither traffic nor instance', async () => {
    const { map, ctx } = await setup({
      objects: [...bookinfo(), service('legacy', { app: 'legacy' })],
      traffic: [sample({ dst: 'details-v2' }, 1), sample({ dst: 'legacy-v1', destination_service_name: 'legacy', destination_service: 'legacy.bookinfo.svc.cluster.local' }, 1)],
      query: { injectServiceNodes: 'true' },
    })
    // A node without traffic that the model does not know (as a zero-rate series would leave).
    map.set('wl_Kubernetes_bookinfo_ghost-v1', new GraphNode('wl_Kubernetes_bookinfo_ghost-v1', 'workload', 'Kubernetes', 'bookinfo', 'ghost-v1', 'ghost', 'v1', ''))
    await deadNodeAppender.append(map, ctx)
    expect(map.get('wl_Kubernetes_bookinfo_details-v2')!.flags.isDead).toBe(true)
    expect(map.get('svc_Kubernetes_bookinfo_legacy')!.flags.isDead).toBe(true)
    expect(map.get('wl_Kubernetes_bookinfo_productpage-v1')!.flags.isDead).toBeUndefined()
    expect(map.get('svc_Kubernetes_bookinfo_details')!.flags.isDead).toBeUndefined()
    expect(map.has('wl_Kubernetes_bookinfo_ghost-v1')).toBe(false)
  })

  it('asserts nothing about a namespace the model knows no workload of, unless Trellis is the control plane', async () => {
    const traffic = [sample({ src: 'frontend-v1', source_workload_namespace: 'shop', dst: 'productpage-v1' }, 1)]
    const off = await setup({ traffic })
    await deadNodeAppender.append(off.map, off.ctx)
    expect(off.map.get('wl_Kubernetes_shop_frontend-v1')!.flags.isDead).toBeUndefined()
    const on = await setup({ traffic, controlPlane: true })
    await deadNodeAppender.append(on.map, on.ctx)
    expect(on.map.get('wl_Kubernetes_shop_frontend-v1')!.flags.isDead).toBe(true)
  })
})

describe('idleNode', () => {
  it('adds the workloads, and with service nodes the Services, that had no traffic', async () => {
    const { map, ctx } = await setup({ traffic: [sample({}, 1)], query: { injectServiceNodes: 'true' } })
    await idleNodeAppender.append(map, ctx)
    const idle = [...map.values()].filter((n) => n.flags.isIdle).map((n) => n.key).sort()
    expect(idle).toEqual([
      'svc_Kubernetes_bookinfo_details', 'svc_Kubernetes_bookinfo_productpage', 'svc_Kubernetes_bookinfo_ratings',
      'wl_Kubernetes_bookinfo_details-v1', 'wl_Kubernetes_bookinfo_ratings-v1', 'wl_Kubernetes_bookinfo_reviews-v2',
    ])
    expect(map.get('wl_Kubernetes_bookinfo_reviews-v2')).toMatchObject({ app: 'reviews', version: 'v2', namespace: 'bookinfo' })
  })

  it('names them with the cluster telemetry uses, per graph type, and not in node graphs', async () => {
    const app = await setup({ traffic: [], query: { graphType: 'app' } })
    await idleNodeAppender.append(app.map, app.ctx)
    expect(keys(app.map)).toEqual(['app_Kubernetes_bookinfo_details', 'app_Kubernetes_bookinfo_productpage', 'app_Kubernetes_bookinfo_ratings', 'app_Kubernetes_bookinfo_reviews'])
    const other = await setup({ traffic: [sample({ source_cluster: 'east', destination_cluster: 'east' }, 1)] })
    expect(clusterOf(other.map, 'bookinfo')).toBe('east')
    const { ctx } = context({ node: ['workload', 'bookinfo', 'reviews-v1', undefined] })
    const map: TrafficMap = new Map()
    await idleNodeAppender.append(map, ctx)
    expect(map.size).toBe(0)
  })
})

describe('serviceEntry', () => {
  it('marks the service node of a ServiceEntry host with its location and hosts', async () => {
    const se = object('ServiceEntry', 'example', { hosts: ['api.example.com', 'www.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' })
    const { map, ctx } = await setup({
      objects: [...bookinfo(), se],
      traffic: [sample({ destination_workload: 'unknown', destination_canonical_service: 'unknown', destination_service: 'api.example.com', destination_service_name: 'api.example.com' }, 1)],
    })
    await serviceEntryAppender.append(map, ctx)
    expect(map.get('svc_Kubernetes_bookinfo_api.example.com')!.flags.isServiceEntry).toEqual({ location: 'MESH_EXTERNAL', hosts: ['api.example.com', 'www.example.com'] })
  })
})

describe('istio', () => {
  it("badges a service with its VirtualServices' hosts and what their routes do, and its circuit breaker", async () => {
    const vs = object('VirtualService', 'reviews', {
      hosts: ['reviews'],
      http: [
        { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '1s' },
        { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }], mirror: { host: 'reviews', subset: 'v3' } },
      ],
    })
    const dr = object('DestinationRule', 'reviews', { host: 'reviews', subsets: [{ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } }, { name: 'v1', labels: { version: 'v1' } }] })
    const { map, ctx } = await setup({ objects: [...bookinfo(), vs, dr], traffic: [sample({}, 1), sample({ dst: 'reviews-v2' }, 1)], query: { injectServiceNodes: 'true' } })
    markOutsiders(map, ctx.namespaces)
    await istioAppender.append(map, ctx)
    expect(map.get('svc_Kubernetes_bookinfo_reviews')!.flags).toMatchObject({
      hasVS: { hostnames: ['reviews'] }, hasRequestRouting: true, hasTrafficShifting: true, hasRequestTimeout: true, hasMirroring: true, hasCB: true,
    })
    expect(map.get('svc_Kubernetes_bookinfo_reviews')!.flags.hasFaultInjection).toBeUndefined()
    // The circuit breaker is on the v2 subset only.
    expect(map.get('wl_Kubernetes_bookinfo_reviews-v2')!.flags.hasCB).toBe(true)
    expect(map.get('wl_Kubernetes_bookinfo_reviews-v1')!.flags.hasCB).toBeUndefined()
    // A service node shows its Service's app label.
    expect(map.get('svc_Kubernetes_bookinfo_reviews')!.app).toBe('reviews')
  })

  it('badges no outsider', async () => {
    const vs = object('VirtualService', 'frontend', { hosts: ['frontend'], http: [{ route: [{ destination: { host: 'frontend' } }] }] }, 'shop')
    const { map, ctx } = await setup({
      objects: [...bookinfo(), vs],
      traffic: [sample({ dst: 'frontend-v1', destination_workload_namespace: 'shop', destination_service_namespace: 'shop', destination_service_name: 'frontend', destination_service: 'frontend.shop.svc.cluster.local' }, 1)],
      query: { injectServiceNodes: 'true' },
    })
    markOutsiders(map, ctx.namespaces)
    await istioAppender.append(map, ctx)
    expect(map.get('svc_Kubernetes_shop_frontend')!.flags).toEqual({ isInjected: true, isOutside: true })
  })

  it("reads route flags and circuit breakers as Kiali does", () => {
    expect(routeFlags({ http: [{ fault: { abort: { httpStatus: 503 } }, route: [{ destination: { host: 'a' } }] }] })).toEqual({ hasFaultInjection: true, hasRequestRouting: true })
    expect(routeFlags({ tcp: [{ route: [{ destination: { host: 'a' } }, { destination: { host: 'b' } }] }] })).toEqual({ hasTCPTrafficShifting: true, hasRequestRouting: true })
    expect(routeFlags({ hosts: ['a'] })).toEqual({})
    expect(hasCircuitBreaker({ host: 'a', trafficPolicy: { outlierDetection: {} } }, 'v9')).toBe(true)
    expect(hasCircuitBreaker({ host: 'a', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { outlierDetection: {} } }] }, 'v2')).toBe(false)
    expect(hasCircuitBreaker({ host: 'a', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { outlierDetection: {} } }] }, undefined)).toBe(true)
  })
})

const labelsOf = (s: Sample) => s.labels

describe('responseTime', () => {
  it('puts the average and each quantile on the edge, from the histogram answers', async () => {
    const edge = sample({}, 0)
    const { map, ctx } = await setup({
      traffic: [sample({}, 2)],
      answers: [
        ['histogram_quantile(0.5,', [{ ...edge, value: 10 }]],
        ['histogram_quantile(0.95,', [{ ...edge, value: 37.5 }]],
        ['histogram_quantile(0.99,', [{ ...edge, value: 47.5 }]],
        ['duration_milliseconds_sum', [{ ...edge, value: 24 }]],
        ['duration_milliseconds_count', [{ ...edge, value: 2 }]],
      ],
    })
    await responseTimeAppender.append(map, ctx)
    expect(edgeOf(map, 'wl_Kubernetes_bookinfo_productpage-v1', 'wl_Kubernetes_bookinfo_reviews-v1').responseTimes).toEqual({ avg: 12, '0.5': 10, '0.95': 37.5, '0.99': 47.5 })
  })

  it('with service nodes, times the source → service hop only; an average over several series is exact, a quantile the highest', async () => {
    const byService = (v: string) => {
      const s = sample({ dst: `reviews-${v}` }, 0)
      const l = { ...labelsOf(s) }
      for (const k of ['destination_workload', 'destination_workload_namespace', 'destination_canonical_service', 'destination_canonical_revision', 'destination_service']) delete l[k]
      return l
    }
    // Two series land on one edge (as a service graph's merged edges would): sum 10+30 over count 1+3.
    const { map, ctx } = await setup({
      traffic: [sample({}, 1), sample({ dst: 'reviews-v2' }, 3)],
      query: { injectServiceNodes: 'true' },
      answers: [
        ['histogram_quantile(0.95,', [{ labels: { ...byService('v1'), source_workload: 'productpage-v1' }, time: 0, value: 40 }, { labels: byService('v1'), time: 0, value: 20 }]],
        ['duration_milliseconds_sum', [{ labels: byService('v1'), time: 0, value: 10 }, { labels: { ...byService('v1'), request_protocol: 'http' }, time: 0, value: 30 }]],
        ['duration_milliseconds_count', [{ labels: byService('v1'), time: 0, value: 1 }, { labels: { ...byService('v1') }, time: 0, value: 3 }]],
      ],
    })
    await responseTimeAppender.append(map, ctx)
    const hop = edgeOf(map, 'wl_Kubernetes_bookinfo_productpage-v1', 'svc_Kubernetes_bookinfo_reviews')
    expect(hop.responseTimes).toEqual({ avg: 10, '0.95': 40 })
    expect(edgeOf(map, 'svc_Kubernetes_bookinfo_reviews', 'wl_Kubernetes_bookinfo_reviews-v1').responseTimes).toBeUndefined()
  })
})

describe('throughput', () => {
  it('adds byte rates onto both hops of a service node', async () => {
    const { map, ctx } = await setup({
      traffic: [sample({}, 1), sample({ dst: 'reviews-v2' }, 1)],
      query: { injectServiceNodes: 'true' },
      answers: [['istio_request_bytes_sum', [sample({}, 200), sample({ dst: 'reviews-v2' }, 600)]]],
    })
    await throughputAppender.append(map, ctx)
    expect(edgeOf(map, 'wl_Kubernetes_bookinfo_productpage-v1', 'svc_Kubernetes_bookinfo_reviews').throughput).toBe(800)
    expect(edgeOf(map, 'svc_Kubernetes_bookinfo_reviews', 'wl_Kubernetes_bookinfo_reviews-v2').throughput).toBe(600)
  })
})

describe('securityPolicy', () => {
  it('gives the mTLS share and the busiest principals', async () => {
    const p = (src: string, dst: string) => ({ source_principal: `spiffe://cluster.local/ns/bookinfo/sa/${src}`, destination_principal: `spiffe://cluster.local/ns/bookinfo/sa/${dst}` })
    const { map, ctx } = await setup({
      traffic: [sample({}, 4), sample({ src: 'details-v1' }, 1)],
      answers: [['connection_security_policy', [
        sample({ ...p('productpage', 'reviews'), connection_security_policy: 'mutual_tls' }, 3),
        sample({ ...p('productpage', 'reviews'), connection_security_policy: 'none' }, 1),
        sample({ src: 'details-v1', source_principal: 'unknown', destination_principal: 'unknown', connection_security_policy: 'none' }, 1),
      ]]],
    })
    await securityPolicyAppender.append(map, ctx)
    const e = edgeOf(map, 'wl_Kubernetes_bookinfo_productpage-v1', 'wl_Kubernetes_bookinfo_reviews-v1')
    expect(e).toMatchObject({ mtlsPercent: 75, sourcePrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/productpage', destPrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/reviews' })
    const plain = edgeOf(map, 'wl_Kubernetes_bookinfo_details-v1', 'wl_Kubernetes_bookinfo_reviews-v1')
    expect(plain.mtlsPercent).toBeUndefined()
    expect(plain.sourcePrincipal).toBeUndefined()
  })
})

describe('health', () => {
  it("judges edges and nodes with the tolerances, from the graph's own traffic", async () => {
    const grpc = { src: 'reviews-v2', dst: 'ratings-v1', request_protocol: 'grpc' }
    const { map, ctx } = await setup({
      traffic: [
        sample({}, 9), sample({ response_code: '503' }, 1),
        sample({ ...grpc, grpc_response_status: '0' }, 1), sample({ ...grpc, grpc_response_status: '14' }, 1),
        sample({ src: 'productpage-v1', dst: 'details-v1', response_code: '404' }, 0.5), sample({ src: 'productpage-v1', dst: 'details-v1' }, 9.5),
        sample({ source_cluster: 'unknown', source_workload_namespace: 'unknown', source_workload: 'unknown', source_canonical_service: 'unknown', dst: 'productpage-v1' }, 1),
      ],
    })
    markOutsiders(map, ctx.namespaces)
    const reviews = map.get('wl_Kubernetes_bookinfo_reviews-v1')!
    map.get('wl_Kubernetes_bookinfo_details-v1')!.flags.isDead = true
    await healthAppender.append(map, ctx)
    const status = (from: string, to: string) => edgeOf(map, `wl_Kubernetes_bookinfo_${from}`, `wl_Kubernetes_bookinfo_${to}`).healthStatus
    expect(status('productpage-v1', 'reviews-v1')).toBe('Failure') // 10 % 5xx
    expect(status('reviews-v2', 'ratings-v1')).toBe('Failure') // 50 % gRPC UNAVAILABLE
    expect(status('productpage-v1', 'details-v1')).toBe('Healthy') // 5 % 4xx: under 10 %
    // productpage sent 20 requests/s, 1 of them answered 503: 5 %, Degraded; reviews-v1 got 10 % of its requests wrong.
    expect(map.get('wl_Kubernetes_bookinfo_productpage-v1')!.healthStatus).toBe('Degraded')
    expect(reviews.healthStatus).toBe('Failure')
    // A dead workload is a Failure whatever its traffic; the unknown source gets no status.
    expect(map.get('wl_Kubernetes_bookinfo_details-v1')!.healthStatus).toBe('Failure')
    expect(map.get('unknown_unknown_source')!.healthStatus).toBeUndefined()
  })

  it('uses the configured tolerances', async () => {
    const { ctx } = context({
      policy: new HealthPolicy([{ code: '5XX', protocol: 'http', direction: '.*', degraded: 20, failure: 50 }]),
      answer: (text) => (text.includes('response_code') && text.startsWith('(') ? [sample({}, 9), sample({ response_code: '503' }, 1)] : []),
    })
    const { map } = await buildTrafficMap(ctx)
    await healthAppender.append(map, ctx)
    expect(map.get('wl_Kubernetes_bookinfo_productpage-v1')!.edges[0].healthStatus).toBe('Healthy')
  })
})

describe('canary ramps', () => {
  const ramp = (name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): ConfigObject => ({
    ...object('CanaryRamp', name, { service: 'reviews', stable: 'v1', canary: 'v2', steps: [10, 50, 100], interval: '30s', ...spec }),
    apiVersion: 'rollouts.trellis.dev/v1alpha1',
    ...(status ? { status } : {}),
  })
  const traffic = [sample({}, 1), sample({ dst: 'reviews-v2' }, 1)]

  it('marks the service and its stable and canary versions with the live phase, step and weight', async () => {
    const r = ramp('reviews-v2', {}, { phase: 'Progressing', step: 1, weight: 50, updatedAt: '2024-01-01T00:00:00Z', history: [] })
    const { map, ctx } = await setup({ objects: [...bookinfo(), r], traffic, query: { injectServiceNodes: 'true' } })
    markOutsiders(map, ctx.namespaces)
    await istioAppender.append(map, ctx)
    const info = { ramp: 'reviews-v2', phase: 'Progressing', stable: 'v1', canary: 'v2', weight: 50, step: 2, steps: 3 }
    expect(map.get('svc_Kubernetes_bookinfo_reviews')!.flags.canary).toEqual(info)
    expect(map.get('wl_Kubernetes_bookinfo_reviews-v2')!.flags.canary).toEqual(info)
    // productpage is not part of the ramp.
    expect(map.get('wl_Kubernetes_bookinfo_productpage-v1')?.flags.canary).toBeUndefined()
  })

  it('leaves finished, cancelled and other services\' ramps off the graph; a paused spec shows Paused', async () => {
    const done = ramp('old', {}, { phase: 'RolledBack', step: 0, weight: 0, updatedAt: '2024-01-01T00:00:00Z', history: [] })
    const cancelled = ramp('cancelled', { cancelled: true })
    const other = ramp('ratings', { service: 'ratings' })
    const { map, ctx } = await setup({ objects: [...bookinfo(), done, cancelled, other], traffic, query: { injectServiceNodes: 'true' } })
    markOutsiders(map, ctx.namespaces)
    await istioAppender.append(map, ctx)
    expect(map.get('svc_Kubernetes_bookinfo_reviews')!.flags.canary).toBeUndefined()

    const paused = ramp('paused', { paused: true }, { phase: 'Progressing', step: 0, weight: 10, updatedAt: '2024-01-01T00:00:00Z', history: [] })
    const again = await setup({ objects: [...bookinfo(), paused], traffic, query: { injectServiceNodes: 'true' } })
    markOutsiders(again.map, again.ctx.namespaces)
    await istioAppender.append(again.map, again.ctx)
    expect(again.map.get('svc_Kubernetes_bookinfo_reviews')!.flags.canary).toMatchObject({ phase: 'Paused', weight: 10, step: 1 })
  })
})
