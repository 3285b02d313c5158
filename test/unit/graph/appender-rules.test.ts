// The finer rules of the decorating appenders, which their faster bookkeeping must keep: the
// busiest principals of an edge (ties broken the same way every time), a response-time series of
// an edge the graph no longer has, and the cluster of idle nodes, which earlier namespaces' idle
// nodes vote on.
import { describe, expect, it } from 'vitest'
import { idleNodeAppender } from '../../../server/graph/appenders/idle-node.ts'
import { responseTimeAppender } from '../../../server/graph/appenders/response-time.ts'
import { securityPolicyAppender } from '../../../server/graph/appenders/security-policy.ts'
import { buildTrafficMap } from '../../../server/graph/traffic.ts'
import { removeNodes, type TrafficMap } from '../../../server/graph/types.ts'
import type { Sample } from '../../../server/telemetry/prometheus/answers.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { bookinfo, context, sample, workloadEntry } from './helpers.ts'

async function setup(traffic: Sample[], answers: [string, Sample[]][] = [], query: Record<string, string> = {}, objects?: ConfigObject[]) {
  const t = context({
    query, objects,
    answer: (text) => {
      for (const [fragment, samples] of answers) if (text.includes(fragment)) return samples
      return text.startsWith('(') && text.includes('istio_requests_total') && text.includes('response_code') ? traffic : []
    },
  })
  const { map } = await buildTrafficMap(t.ctx)
  return { map, ...t }
}

const edgeOf = (map: TrafficMap, from: string, to: string) => map.get(from)!.edges.find((e) => e.dest.key === to)!
const PP = 'wl_Kubernetes_bookinfo_productpage-v1'
const RV = 'wl_Kubernetes_bookinfo_reviews-v1'

describe('securityPolicy', () => {
  const principals = (src: string, dst: string) => ({ source_principal: `spiffe://cluster.local/ns/bookinfo/sa/${src}`, destination_principal: `spiffe://cluster.local/ns/bookinfo/sa/${dst}` })

  it('adds up the protocols of a pair of nodes and gives every edge between them the busiest principals', async () => {
    const { map, ctx } = await setup([sample({}, 2), sample({ request_protocol: 'grpc' }, 2)], [['connection_security_policy', [
      sample({ ...principals('old', 'reviews'), connection_security_policy: 'mutual_tls' }, 1.5),
      sample({ ...principals('productpage', 'reviews'), connection_security_policy: 'mutual_tls', request_protocol: 'grpc' }, 1),
      sample({ ...principals('productpage', 'reviews'), connection_security_policy: 'none' }, 1),
    ]]])
    await securityPolicyAppender.append(map, ctx)
    for (const e of map.get(PP)!.edges) {
      expect(e).toMatchObject({ sourcePrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/productpage', destPrincipal: 'spiffe://cluster.local/ns/bookinfo/sa/reviews' })
      expect(e.mtlsPercent).toBeCloseTo(71.43, 2)
    }
  })

  it('breaks a tie between principals by their JSON spelling, whatever order they came in', async () => {
    const tied = [
      sample({ ...principals('b', 'reviews'), connection_security_policy: 'mutual_tls' }, 1),
      sample({ ...principals('a', 'reviews'), connection_security_policy: 'mutual_tls' }, 1),
    ]
    for (const order of [tied, [...tied].reverse()]) {
      const { map, ctx } = await setup([sample({}, 2)], [['connection_security_policy', order]])
      await securityPolicyAppender.append(map, ctx)
      expect(edgeOf(map, PP, RV).sourcePrincipal).toBe('spiffe://cluster.local/ns/bookinfo/sa/a')
    }
  })
})

describe('responseTime', () => {
  it('leaves out series of edges the graph no longer has', async () => {
    const DT = 'wl_Kubernetes_bookinfo_details-v1'
    const times = [sample({}, 12), sample({ dst: 'details-v1' }, 40)]
    const { map, ctx } = await setup([sample({}, 1), sample({ dst: 'details-v1' }, 1)], [['istio_request_duration_milliseconds', times]])
    removeNodes(map, [DT])
    await responseTimeAppender.append(map, ctx)
    expect(edgeOf(map, PP, RV).responseTimes).toEqual({ avg: 1, 0.5: 12, 0.95: 12, 0.99: 12 })
    expect(map.get(PP)!.edges).toHaveLength(1)
  })
})

describe('idleNode', () => {
  it("names a namespace's idle nodes with the cluster most nodes name, counting the idle nodes of the namespaces before it", async () => {
    // bookinfo's two busy nodes are in east, three nodes of another namespace in west; shop has no busy node.
    const west = { source_cluster: 'west', destination_cluster: 'west', source_workload_namespace: 'other', destination_workload_namespace: 'other', destination_service_namespace: 'other' }
    const traffic = [
      sample({ source_cluster: 'east', destination_cluster: 'east' }, 1),
      sample({ ...west, src: 'a-v1', dst: 'b-v1' }, 1),
      sample({ ...west, src: 'a-v1', dst: 'c-v1' }, 1),
    ]
    const { map, ctx } = await setup(traffic, [], { namespaces: 'bookinfo,shop' }, [...bookinfo(), workloadEntry('frontend-v1', { app: 'frontend', version: 'v1' }, 'shop')])
    await idleNodeAppender.append(map, ctx)
    // Without bookinfo's three idle workloads (east), west would win shop's vote three to two.
    expect(map.get('wl_east_bookinfo_details-v1')?.flags.isIdle).toBe(true)
    expect(map.get('wl_east_shop_frontend-v1')?.flags.isIdle).toBe(true)
    expect(map.has('wl_west_shop_frontend-v1')).toBe(false)
  })
})
