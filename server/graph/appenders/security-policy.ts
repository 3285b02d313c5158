// securityPolicy: the share of each edge's requests that came over mutual TLS
// (connection_security_policy="mutual_tls", which destinations report), and the principals at
// both ends (SPIFFE ids; the busiest pair when an edge carries several).
import type { Appender, GraphContext } from '../context.ts'
import { L, securityQuery } from '../queries.ts'
import { isOK, type GraphNode, type TrafficMap } from '../types.ts'

const MTLS = 'mutual_tls'

/** What the requests between two nodes say of their security, whatever the protocol (as Kiali keys them). */
interface PairSecurity {
  mtls: number
  total: number
  /** Requests by source principal, then destination principal. */
  principals: Map<string, Map<string, number>>
}

/** Security by source node, then destination node: the pairs of nodes of the graph the samples name. */
type ByPair = Map<GraphNode, Map<GraphNode, PairSecurity>>

function add(byPair: ByPair, source: GraphNode, dest: GraphNode, v: number, mtls: boolean, sourcePrincipal: string, destPrincipal: string): void {
  let byDest = byPair.get(source)
  if (!byDest) byPair.set(source, (byDest = new Map()))
  let p = byDest.get(dest)
  if (!p) byDest.set(dest, (p = { mtls: 0, total: 0, principals: new Map() }))
  p.total += v
  if (mtls) p.mtls += v
  let byDestPrincipal = p.principals.get(sourcePrincipal)
  if (!byDestPrincipal) p.principals.set(sourcePrincipal, (byDestPrincipal = new Map()))
  byDestPrincipal.set(destPrincipal, (byDestPrincipal.get(destPrincipal) ?? 0) + v)
}

/**
 * The pair of principals with the most requests; between equals, the first of their JSON
 * spellings (`["source","dest"]`) in code-unit order.
 */
function busiest(principals: PairSecurity['principals']): [string, string] {
  let best: [string, string] | undefined
  let bestRate = 0
  for (const [source, byDest] of principals) {
    for (const [dest, rate] of byDest) {
      if (best === undefined || rate > bestRate || (rate === bestRate && JSON.stringify([source, dest]) < JSON.stringify(best))) {
        best = [source, dest]
        bestRate = rate
      }
    }
  }
  return best!
}

export const securityPolicyAppender: Appender = {
  name: 'securityPolicy',
  prefetch(ctx) {
    const q = securityQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (q) void ctx.query(q)
  },
  async append(graph: TrafficMap, ctx: GraphContext): Promise<void> {
    const q = securityQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (!q) return
    const byPair: ByPair = new Map()
    for (const s of await ctx.query(q)) {
      if (!(s.value > 0)) continue
      const r = ctx.resolver.resolve(s.labels)
      if (!r) continue
      const { ids } = r
      const source = graph.get(ids.source.key)
      const dest = graph.get(ids.dest.key)
      const mtls = s.labels[L.security] === MTLS
      const sourcePrincipal = s.labels[L.srcPrincipal] ?? ''
      const destPrincipal = s.labels[L.dstPrincipal] ?? ''
      if (ids.service) {
        const service = graph.get(ids.service.key)
        if (source && service) add(byPair, source, service, s.value, mtls, sourcePrincipal, destPrincipal)
        if (service && dest) add(byPair, service, dest, s.value, mtls, sourcePrincipal, destPrincipal)
      } else if (source && dest) {
        add(byPair, source, dest, s.value, mtls, sourcePrincipal, destPrincipal)
      }
    }
    for (const [source, byDest] of byPair) {
      for (const e of source.edges) {
        const sec = byDest.get(e.dest)
        if (!sec) continue
        if (sec.mtls > 0) e.mtlsPercent = (100 * sec.mtls) / sec.total
        const [sourcePrincipal, destPrincipal] = busiest(sec.principals)
        if (isOK(sourcePrincipal)) e.sourcePrincipal = sourcePrincipal
        if (isOK(destPrincipal)) e.destPrincipal = destPrincipal
      }
    }
  },
}
