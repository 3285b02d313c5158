// responseTime: duration statistics per edge — the average (from the histogram's sum and count,
// exact however many series an edge gathers) and p50/p95/p99 — from the destination's report
// where it has one. With service nodes injected the times go on the source → service hop: the
// service → workload hops cannot be told apart without averaging quantiles, which is wrong.
import type { Labels, Sample } from '../../telemetry/prometheus/answers.ts'
import type { Appender, GraphContext } from '../context.ts'
import { edgeGrouping, L, responseTimeQueries, type ResponseTimeQueries } from '../queries.ts'
import { edgeIdentity, edgeKey, firstHopKey, sidesOf } from '../samples.ts'
import { edgesOf, type ResponseTimes, type TrafficMap } from '../types.ts'

export const QUANTILES = [0.5, 0.95, 0.99] as const

function queries(ctx: GraphContext): ResponseTimeQueries | undefined {
  return responseTimeQueries(ctx.opts, ctx.appenderScope, ctx.window, QUANTILES)
}

/**
 * The edge a series of these queries belongs to, remembered by its labels' values: the five
 * queries answer the same series, so each is identified once.
 */
function edgeKeys(ctx: GraphContext): (labels: Labels) => string | undefined {
  const by = edgeGrouping(ctx.opts.graphType, ctx.opts.injectServiceNodes)
  const known = new Map<string, string | undefined>()
  return (labels) => {
    let id = ''
    for (const l of by) id += `${labels[l] ?? ''}\u0000`
    if (known.has(id)) return known.get(id)
    const sides = sidesOf(labels)
    const ids = sides && edgeIdentity(sides, ctx.opts.graphType, ctx.opts.injectServiceNodes)
    const key = ids && firstHopKey(ids, labels[L.protocol] ?? '')
    known.set(id, key)
    return key
  }
}

/** Sample values by the edge they belong to; `merge` decides when several series land on one edge. */
function byEdge(samples: readonly Sample[], keyOf: (labels: Labels) => string | undefined, merge: (a: number, b: number) => number): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue
    const key = keyOf(s.labels)
    if (key === undefined) continue
    const prev = out.get(key)
    out.set(key, prev === undefined ? s.value : merge(prev, s.value))
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
    const keyOf = edgeKeys(ctx)
    const sum = byEdge(sums, keyOf, add)
    const count = byEdge(counts, keyOf, add)
    const qs = q.quantiles.map((x, i) => ({ stat: String(x.q) as keyof ResponseTimes, values: byEdge(quantiles[i], keyOf, highest) }))
    for (const e of edgesOf(graph)) {
      if (e.protocol === 'tcp') continue
      const key = edgeKey(e.source.key, e.dest.key, e.protocol)
      const times: ResponseTimes = {}
      const s = sum.get(key)
      const c = count.get(key)
      if (s !== undefined && c !== undefined && c > 0) times.avg = s / c
      for (const { stat, values } of qs) {
        const v = values.get(key)
        if (v !== undefined) times[stat] = v
      }
      if (Object.keys(times).length) e.responseTimes = times
    }
  },
}
