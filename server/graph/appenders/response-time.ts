// responseTime: duration statistics per edge — the average (from the histogram's sum and count,
// exact however many series an edge gathers) and p50/p95/p99 — from the destination's report
// where it has one. With service nodes injected the times go on the source → service hop: the
// service → workload hops cannot be told apart without averaging quantiles, which is wrong.
import type { Sample } from '../../telemetry/prometheus/answers.ts'
import type { Appender, GraphContext } from '../context.ts'
import { responseTimeQueries, type ResponseTimeQueries } from '../queries.ts'
import { edgeIn, type Resolved } from '../samples.ts'
import type { GraphEdge, ResponseTimes, TrafficMap } from '../types.ts'

export const QUANTILES = [0.5, 0.95, 0.99] as const

function queries(ctx: GraphContext): ResponseTimeQueries | undefined {
  return responseTimeQueries(ctx.opts, ctx.appenderScope, ctx.window, QUANTILES)
}

/** The edge a sample's request went over first (source → service when injected), by the sample's edge identity. */
type FirstHops = Map<Resolved, GraphEdge | undefined>

/**
 * Sample values by the edge they belong to (the first hop of their request); `merge` decides when
 * several series land on one edge. Series of edges the graph does not have are left out.
 */
function byEdge(samples: readonly Sample[], graph: TrafficMap, ctx: GraphContext, hops: FirstHops, merge: (a: number, b: number) => number): Map<GraphEdge, number> {
  const out = new Map<GraphEdge, number>()
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue
    const r = ctx.resolver.resolve(s.labels)
    if (!r) continue
    let e = hops.get(r)
    if (e === undefined && !hops.has(r)) {
      e = edgeIn(graph, r.ids.source.key, (r.ids.service ?? r.ids.dest).key, r.protocol ?? '')
      if (e?.protocol === 'tcp') e = undefined
      hops.set(r, e)
    }
    if (!e) continue
    const prev = out.get(e)
    out.set(e, prev === undefined ? s.value : merge(prev, s.value))
  }
  return out
}

const add = (a: number, b: number) => a + b
// A quantile of merged series is not derivable from theirs; the highest is a bound that never flatters.
const highest = (a: number, b: number) => Math.max(a, b)

export const responseTimeAppender: Appender = {
  name: 'responseTime',
  prefetch(ctx) {
    const q = queries(ctx)
    if (!q) return
    for (const e of [q.sum, q.count, ...q.quantiles.map((x) => x.expr)]) void ctx.query(e)
  },
  async append(graph: TrafficMap, ctx: GraphContext): Promise<void> {
    const q = queries(ctx)
    if (!q) return
    const [sums, counts, ...quantiles] = await Promise.all([ctx.query(q.sum), ctx.query(q.count), ...q.quantiles.map((x) => ctx.query(x.expr))])
    const hops: FirstHops = new Map()
    const sum = byEdge(sums, graph, ctx, hops, add)
    const count = byEdge(counts, graph, ctx, hops, add)
    const qs = q.quantiles.map((x, i) => ({ stat: String(x.q) as keyof ResponseTimes, values: byEdge(quantiles[i], graph, ctx, hops, highest) }))
    const edges = new Set<GraphEdge>(sum.keys())
    for (const { values } of qs) for (const e of values.keys()) edges.add(e)
    for (const e of edges) {
      const times: ResponseTimes = {}
      const s = sum.get(e)
      const c = count.get(e)
      if (s !== undefined && c !== undefined && c > 0) times.avg = s / c
      for (const { stat, values } of qs) {
        const v = values.get(e)
        if (v !== undefined) times[stat] = v
      }
      if (Object.keys(times).length) e.responseTimes = times
    }
  },
}
