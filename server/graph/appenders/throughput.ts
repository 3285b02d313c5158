// throughput: bytes per second per edge — request bytes as senders count them, or response bytes
// as responders do (throughputType). Byte rates add up, so with service nodes injected both hops
// get theirs: source → service all of the source's, service → workload all the workload's.
import type { Appender, GraphContext } from '../context.ts'
import { L, throughputQuery } from '../queries.ts'
import { edgeIdentity, edgeKey, sidesOf } from '../samples.ts'
import { edgesOf, type TrafficMap } from '../types.ts'

export const throughputAppender: Appender = {
  name: 'throughput',
  prefetch(ctx) {
    const q = throughputQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (q) void ctx.query(q)
  },
  async append(graph: TrafficMap, ctx: GraphContext): Promise<void> {
    const q = throughputQuery(ctx.opts, ctx.appenderScope, ctx.window)
    if (!q) return
    const rates = new Map<string, number>()
    const add = (key: string, v: number) => rates.set(key, (rates.get(key) ?? 0) + v)
    for (const s of await ctx.query(q)) {
      if (!(s.value > 0)) continue
      const sides = sidesOf(s.labels)
      const ids = sides && edgeIdentity(sides, ctx.opts.graphType, ctx.opts.injectServiceNodes)
      if (!ids) continue
      const protocol = s.labels[L.protocol] ?? ''
      if (ids.service) {
        add(edgeKey(ids.source.key, ids.service.key, protocol), s.value)
        add(edgeKey(ids.service.key, ids.dest.key, protocol), s.value)
      } else {
        add(edgeKey(ids.source.key, ids.dest.key, protocol), s.value)
      }
    }
    for (const e of edgesOf(graph)) {
      const v = rates.get(edgeKey(e.source.key, e.dest.key, e.protocol))
      if (v !== undefined) e.throughput = v
    }
  },
}
