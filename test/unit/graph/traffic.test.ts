// The traffic map: what one sample adds where, per graph type, with and without service nodes,
// and the corner cases of Istio's telemetry Kiali handles (unknown sources, requests that reached
// no workload, broken labels).
import { describe, expect, it } from 'vitest'
import { buildTrafficMap, markOutOfMesh } from '../../../server/graph/traffic.ts'
import type { GraphNode, Rates, TrafficMap } from '../../../server/graph/types.ts'
import { context, sample } from './helpers.ts'

async function build(samples: ReturnType<typeof sample>[], query: Record<string, string> = {}, reporters?: { sources: string[]; destinations: string[] }) {
  const { ctx } = context({
    query,
    answer: (text) => {
      if (text.startsWith('sum by (source_workload_namespace, source_workload)')) return (reporters?.sources ?? []).map((w) => sample({ source_workload: w }, 1))
      if (text.startsWith('sum by (destination_workload_namespace, destination_workload)')) return (reporters?.destinations ?? []).map((w) => sample({ destination_workload: w }, 1))
      return text.includes('istio_requests_total') ? samples : []
    },
  })
  return { ...(await buildTrafficMap(ctx)), ctx }
}

/** The rates that are not 0. */
const positive = (r: Rates) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0))
const rates = (n: GraphNode | undefined) => (n ? positive(n.rates) : {})
const edge = (map: TrafficMap, from: string, to: string) => map.get(from)?.edges.find((e) => e.dest.key === to)

describe('traffic map', () => {
  it('adds a request to its source, its destination and the edge, by outcome', async () => {
    const { map } = await build([
      sample({}, 8),
      sample({ response_code: '503' }, 1),
      sample({ response_code: '404' }, 0.5),
      sample({ response_code: '301' }, 0.25),
      sample({ response_code: '0', response_flags: 'DC' }, 0.25),
    ])
    const pp = 'wl_Kubernetes_bookinfo_productpage-v1'
    const rv = 'wl_Kubernetes_bookinfo_reviews-v1'
    expect([...map.keys()].sort()).toEqual([pp, rv])
    expect(rates(map.get(pp))).toEqual({ httpOut: 10 })
    expect(rates(map.get(rv))).toEqual({ httpIn: 10, httpIn5xx: 1, httpIn4xx: 0.5, httpIn3xx: 0.25, httpInNoResponse: 0.25 })
    const e = edge(map, pp, rv)!
    expect(positive(e.rates)).toEqual({ http: 10, http5xx: 1, http4xx: 0.5, http3xx: 0.25, httpNoResponse: 0.25 })
    expect([...e.responses.keys()].sort()).toEqual(['-', '200', '301', '404', '503'])
    expect(Object.fromEntries(e.responses.get('-')!.flags)).toEqual({ DC: 0.25 })
    expect(Object.fromEntries(e.responses.get('200')!.hosts)).toEqual({ 'reviews.bookinfo.svc.cluster.local': 8 })
    expect(map.get(rv)!.destServices.get('Kubernetes bookinfo reviews')).toEqual({ cluster: 'Kubernetes', namespace: 'bookinfo', name: 'reviews' })
  })

  it('files gRPC outcomes by gRPC status, as health reads them', async () => {
    const { map } = await build([
      sample({ src: 'reviews-v2', dst: 'ratings-v1', request_protocol: 'grpc', grpc_response_status: '0' }, 2),
      sample({ src: 'reviews-v2', dst: 'ratings-v1', request_protocol: 'grpc', grpc_response_status: '14' }, 0.5),
    ])
    const e = edge(map, 'wl_Kubernetes_bookinfo_reviews-v2', 'wl_Kubernetes_bookinfo_ratings-v1')!
    expect(positive(e.rates)).toEqual({ grpc: 2.5, grpcErr: 0.5 })
    expect([...e.responses.keys()].sort()).toEqual(['0', '14'])
  })

  it('makes one node of requests from outside telemetry, and one service node of requests that reached no workload', async () => {
    const unknownSource = { source_cluster: 'unknown', source_workload_namespace: 'unknown', source_workload: 'unknown', source_canonical_service: 'unknown', source_canonical_revision: 'unknown' }
    const aborted = {
      src: 'reviews-v2', request_protocol: 'grpc', response_code: '503', grpc_response_status: '14', response_flags: 'FI',
      destination_cluster: 'unknown', destination_workload: 'unknown', destination_workload_namespace: 'unknown', destination_canonical_service: 'unknown',
      destination_canonical_revision: 'unknown', destination_service_name: 'ratings', destination_service: 'ratings.bookinfo.svc.cluster.local',
    }
    const ok = { src: 'reviews-v2', dst: 'ratings-v1', request_protocol: 'grpc', grpc_response_status: '0' }
    const plain = await build([sample({ ...unknownSource, dst: 'productpage-v1' }, 5), sample(aborted, 1), sample(ok, 1)], { graphType: 'versionedApp' })
    const unknown = plain.map.get('unknown_unknown_source')!
    expect(unknown).toMatchObject({ nodeType: 'unknown', namespace: 'unknown', workload: 'unknown', app: 'unknown', cluster: 'unknown' })
    expect(edge(plain.map, 'unknown_unknown_source', 'vapp_Kubernetes_bookinfo_productpage-v1')?.total).toBe(5)
    // The caller's cluster stands in for the destination's, which it never learnt.
    const svc = plain.map.get('svc_Kubernetes_bookinfo_ratings')!
    expect(svc).toMatchObject({ nodeType: 'service', service: 'ratings', namespace: 'bookinfo', workload: '', app: '' })
    const failed = edge(plain.map, 'vapp_Kubernetes_bookinfo_reviews-v2', svc.key)!
    expect(positive(failed.rates)).toEqual({ grpc: 1, grpcErr: 1 })
    expect(Object.fromEntries(failed.responses.get('14')!.flags)).toEqual({ FI: 1 })
    expect(edge(plain.map, 'vapp_Kubernetes_bookinfo_reviews-v2', 'vapp_Kubernetes_bookinfo_ratings-v1')?.total).toBe(1)

    // With service nodes, both go through the one ratings service node: its edge is half errors.
    const injected = await build([sample(aborted, 1), sample(ok, 1)], { graphType: 'versionedApp', injectServiceNodes: 'true' })
    const hop = edge(injected.map, 'vapp_Kubernetes_bookinfo_reviews-v2', 'svc_Kubernetes_bookinfo_ratings')!
    expect(positive(hop.rates)).toEqual({ grpc: 2, grpcErr: 1 })
    expect(injected.map.get('svc_Kubernetes_bookinfo_ratings')!.flags.isInjected).toBe(true)
    expect(edge(injected.map, 'svc_Kubernetes_bookinfo_ratings', 'vapp_Kubernetes_bookinfo_ratings-v1')?.total).toBe(1)
    expect(injected.map.get('svc_Kubernetes_bookinfo_ratings')!.edges).toHaveLength(1)
  })

  it('keys nodes per graph type', async () => {
    const samples = [sample({ dst: 'reviews-v1' }, 1), sample({ dst: 'reviews-v2' }, 2)]
    expect([...(await build(samples, { graphType: 'app' })).map.keys()].sort()).toEqual(['app_Kubernetes_bookinfo_productpage', 'app_Kubernetes_bookinfo_reviews'])
    const app = (await build(samples, { graphType: 'app' })).map.get('app_Kubernetes_bookinfo_reviews')!
    expect(app).toMatchObject({ workload: '', version: '', app: 'reviews' })
    expect(rates(app)).toEqual({ httpIn: 3 })
    const v = (await build(samples, { graphType: 'versionedApp' })).map
    expect(v.get('vapp_Kubernetes_bookinfo_reviews-v2')).toMatchObject({ nodeType: 'app', workload: 'reviews-v2', app: 'reviews', version: 'v2' })
    const w = (await build(samples, { graphType: 'workload' })).map
    expect(w.get('wl_Kubernetes_bookinfo_reviews-v2')).toMatchObject({ nodeType: 'workload', workload: 'reviews-v2', app: 'reviews', version: 'v2', service: '' })
  })

  it('skips telemetry Kiali knows to be broken', async () => {
    const { map } = await build([
      // A source in a namespace, named by nothing.
      sample({ source_workload: 'unknown', source_canonical_service: 'unknown' }, 1),
      // A bare IP as the service, no workload (pod churn).
      sample({ destination_workload: 'unknown', destination_service: '10.1.2.3:80', destination_service_name: '10.1.2.3:80' }, 1),
      // A known namespace in a cluster nobody named.
      sample({ source_cluster: 'unknown' }, 1),
      // Not a protocol of requests.
      sample({ request_protocol: 'tcp' }, 1),
      // Nothing.
      sample({}, 0),
    ])
    expect(map.size).toBe(0)
  })

  it('flags workloads that never report their own requests as out of the mesh', async () => {
    const out = await build([sample({ src: 'loadgen-v1', dst: 'productpage-v1' }, 1), sample({}, 1)], {}, {
      sources: ['productpage-v1'], destinations: ['productpage-v1', 'reviews-v1'],
    })
    markOutOfMesh(out.map, out.facts, out.reporters, (n) => n.namespace === 'bookinfo')
    expect(out.map.get('wl_Kubernetes_bookinfo_loadgen-v1')!.flags.isOutOfMesh).toBe(true)
    expect(out.map.get('wl_Kubernetes_bookinfo_productpage-v1')!.flags.isOutOfMesh).toBeUndefined()
    expect(out.map.get('wl_Kubernetes_bookinfo_reviews-v1')!.flags.isOutOfMesh).toBeUndefined()
    // Nodes outside what the reporter queries covered are not judged.
    const again = await build([sample({ src: 'loadgen-v1', dst: 'productpage-v1' }, 1)], {}, { sources: [], destinations: [] })
    markOutOfMesh(again.map, again.facts, again.reporters, () => false)
    expect(again.map.get('wl_Kubernetes_bookinfo_loadgen-v1')!.flags.isOutOfMesh).toBeUndefined()
  })

  it('adds TCP bytes and gRPC messages, which have no response codes', async () => {
    const { ctx } = context({
      query: { rateTcp: 'sent', rateGrpc: 'sent', rateHttp: 'none' },
      answer: (text) => {
        if (text.includes('istio_tcp_received_bytes_total')) return [sample({ src: 'reviews-v1', dst: 'mysql-v1', request_protocol: '' }, 2048)]
        if (text.includes('istio_request_messages_total')) return [sample({ src: 'reviews-v2', dst: 'ratings-v1' }, 3)]
        return []
      },
    })
    const { map } = await buildTrafficMap(ctx)
    const tcp = edge(map, 'wl_Kubernetes_bookinfo_reviews-v1', 'wl_Kubernetes_bookinfo_mysql-v1')!
    expect(tcp.protocol).toBe('tcp')
    expect(positive(tcp.rates)).toEqual({ tcp: 2048 })
    expect(Object.fromEntries(tcp.responses.get('-')!.flags)).toEqual({ '-': 2048 })
    expect(rates(map.get('wl_Kubernetes_bookinfo_mysql-v1'))).toEqual({ tcpIn: 2048 })
    const messages = edge(map, 'wl_Kubernetes_bookinfo_reviews-v2', 'wl_Kubernetes_bookinfo_ratings-v1')!
    expect(messages.protocol).toBe('grpc')
    expect(positive(messages.rates)).toEqual({ grpc: 3 })
    expect(messages.responses.size).toBe(0)
  })

  it('asks its queries at once, at the graph time', async () => {
    const { ctx, asked } = context({})
    await buildTrafficMap(ctx)
    expect(asked).toHaveLength(4)
    expect(ctx.queryCount).toBe(4)
  })
})
