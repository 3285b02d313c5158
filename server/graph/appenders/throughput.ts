// throughput: bytes per second per edge — request bytes as senders count them, or response bytes
// as responders do (throughputType). Byte rates add up, so with service nodes injected both hops
// get theirs: source → service all of the source's, service → workload all the workload's.
import type { Appender, GraphContext } from '../context.ts'
import { throughputQuery } from '../queries.ts'
import { edgeIn } from '../samples.ts'
import type { GraphEdge, TrafficMap } from '../types.ts'

export const throughputAppender: Appender = {
  name: 'throughput',
  prefetch(ctx) {
    const q = throughputQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (q) void ctx.query(q)
  },
  async append(graph: TrafficMap, ctx: GraphContext): Promise<void> {
    const q = throughputQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (!q) return
    const rates = new Map<GraphEdge, number>()
    const add = (e: GraphEdge | undefined, v: number) => {
      if (e) rates.set(e, (rates.get(e) ?? 0) + v)
    }
    for (const s of await ctx.query(q)) {
      if (!(s.value > 0)) continue
      const r = ctx.resolver.resolve(s.labels)
      if (!r) continue
      const { ids } = r
      const protocol = r.protocol ?? ''
      if (ids.service) {
        add(edgeIn(graph, ids.source.key, ids.service.key, protocol), s.value)
        add(edgeIn(graph, ids.service.key, ids.dest.key, protocol), s.value)
      } else {
        add(edgeIn(graph, ids.source.key, ids.dest.key, protocol), s.value)
      }
    }
    for (const [e, v] of rates) e.throughput = v
  },
}
