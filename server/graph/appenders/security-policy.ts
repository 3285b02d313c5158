// securityPolicy: the share of each edge's requests that came over mutual TLS
// (connection_security_policy="mutual_tls", which destinations report), and the principals at
// both ends (SPIFFE ids; the busiest pair when an edge carries several).
import type { Appender, GraphContext } from '../context.ts'
import { L, securityQuery } from '../queries.ts'
import { edgeIdentity, sidesOf } from '../samples.ts'
import { edgesOf, isOK, type TrafficMap } from '../types.ts'

const MTLS = 'mutual_tls'

interface EdgeSecurity {
  mtls: number
  total: number
  principals: Map<string, number>
}

/** Edges of security are per source and destination node, whatever the protocol (as Kiali keys them). */
const pairKey = (source: string, dest: string) => `${source} ${dest}`

export const securityPolicyAppender: Appender = {
  name: 'securityPolicy',
  prefetch(ctx) {
    const q = securityQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (q) void ctx.query(q)
  },
  async append(graph: TrafficMap, ctx: GraphContext): Promise<void> {
    const q = securityQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (!q) return
    const byPair = new Map<string, EdgeSecurity>()
    const add = (key: string, v: number, mtls: boolean, principals: string) => {
      let e = byPair.get(key)
      if (!e) byPair.set(key, (e = { mtls: 0, total: 0, principals: new Map() }))
      e.total += v
      if (mtls) e.mtls += v
      e.principals.set(principals, (e.principals.get(principals) ?? 0) + v)
    }
    for (const s of await ctx.query(q)) {
      if (!(s.value > 0)) continue
      const sides = sidesOf(s.labels)
      const ids = sides && edgeIdentity(sides, ctx.opts.graphType, ctx.opts.injectServiceNodes)
      if (!ids) continue
      const mtls = s.labels[L.security] === MTLS
      const principals = JSON.stringify([s.labels[L.srcPrincipal] ?? '', s.labels[L.dstPrincipal] ?? ''])
      if (ids.service) {
        add(pairKey(ids.source.key, ids.service.key), s.value, mtls, principals)
        add(pairKey(ids.service.key, ids.dest.key), s.value, mtls, principals)
      } else {
        add(pairKey(ids.source.key, ids.dest.key), s.value, mtls, principals)
      }
    }
    for (const e of edgesOf(graph)) {
      const sec = byPair.get(pairKey(e.source.key, e.dest.key))
      if (!sec) continue
      if (sec.mtls > 0) e.mtlsPercent = (100 * sec.mtls) / sec.total
      const [[busiest]] = [...sec.principals].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      const [source, dest] = JSON.parse(busiest) as [string, string]
      if (isOK(source)) e.sourcePrincipal = source
      if (isOK(dest)) e.destPrincipal = dest
    }
  },
}
