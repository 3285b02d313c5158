// health: on the server, with the configured tolerances (Kiali's defaults unless configured), from
// the graph's own traffic so the colours match the rates shown. An edge is judged as its source's
// outbound and its destination's inbound (the worse wins); a node by everything it received and
// sent. A node with no traffic has no status (NA); a dead workload is a Failure whatever its
// traffic; nodes outside telemetry's reach (the unknown source) get none.
import type { GraphHealthStatus } from '../../../shared/graph.ts'
import { type HealthPolicy, type RateMaps, worst } from '../../telemetry/health.ts'
import type { Appender, GraphContext } from '../context.ts'
import type { GraphEdge, GraphNode, TrafficMap } from '../types.ts'

/** Requests per second by protocol, then code (flags added up), in the order edges and responses came. */
type CodeRates = Map<string, Map<string, number>>

function codesOf(into: Map<GraphNode, CodeRates>, n: GraphNode, protocol: string): Map<string, number> {
  let mine = into.get(n)
  if (!mine) into.set(n, (mine = new Map()))
  let codes = mine.get(protocol)
  if (!codes) mine.set(protocol, (codes = new Map()))
  return codes
}

/** An edge's requests per second by response code (its flags added up). */
function edgeRates(e: GraphEdge): RateMaps {
  const codes = new Map<string, number>()
  for (const [code, t] of e.responses) {
    let v = 0
    for (const x of t.flags.values()) v += x
    codes.set(code, v)
  }
  return new Map([[e.protocol, codes]])
}

const NONE: RateMaps = new Map()

function graphStatus(s: string): GraphHealthStatus {
  return s === 'Healthy' || s === 'Degraded' || s === 'Failure' ? s : 'NA'
}

/**
 * Whether a protocol's code can never count against health: even as 100 % of the requests, in
 * either direction, the policy finds nothing wrong with it (a share only counts from a threshold
 * up). Traffic made only of such codes is Healthy without asking the policy — most of a mesh.
 */
class HarmlessCodes {
  private readonly known = new Map<string, Map<string, boolean>>()

  constructor(private readonly policy: HealthPolicy) {}

  edge(e: GraphEdge): boolean {
    let byCode = this.known.get(e.protocol)
    if (!byCode) this.known.set(e.protocol, (byCode = new Map()))
    for (const code of e.responses.keys()) {
      let v = byCode.get(code)
      if (v === undefined) {
        const alone = new Map([[e.protocol, new Map([[code, 1]])]])
        byCode.set(code, (v = this.policy.statusOf(alone, alone) === 'Healthy'))
      }
      if (!v) return false
    }
    return true
  }
}

/** Edges health judges: request traffic with responses. */
function judged(e: GraphEdge): boolean {
  return e.responses.size > 0 && e.protocol !== 'tcp' && e.total > 0
}

export const healthAppender: Appender = {
  name: 'health',
  append(graph: TrafficMap, ctx: GraphContext): void {
    const harmless = new HarmlessCodes(ctx.policy)
    const busy = new Set<GraphNode>()
    // Nodes with a code that may count against them: only their traffic is added up for the policy.
    const suspect = new Set<GraphNode>()
    for (const n of graph.values()) {
      for (const e of n.edges) {
        if (!judged(e)) continue
        busy.add(e.source)
        busy.add(e.dest)
        if (harmless.edge(e)) {
          e.healthStatus = 'Healthy'
          continue
        }
        // Outbound for the source, inbound for the destination: the worse of the two.
        const rates = edgeRates(e)
        e.healthStatus = graphStatus(ctx.policy.statusOf(rates, rates))
        suspect.add(e.source)
        suspect.add(e.dest)
      }
    }
    const inbound = new Map<GraphNode, CodeRates>()
    const outbound = new Map<GraphNode, CodeRates>()
    if (suspect.size) {
      for (const n of graph.values()) {
        for (const e of n.edges) {
          if (!judged(e)) continue
          const from = suspect.has(e.source) ? codesOf(outbound, e.source, e.protocol) : undefined
          const to = suspect.has(e.dest) ? codesOf(inbound, e.dest, e.protocol) : undefined
          if (!from && !to) continue
          for (const [code, t] of e.responses) {
            let v = 0
            for (const x of t.flags.values()) v += x
            from?.set(code, (from.get(code) ?? 0) + v)
            to?.set(code, (to.get(code) ?? 0) + v)
          }
        }
      }
    }
    for (const n of graph.values()) {
      if (n.nodeType === 'unknown' || n.nodeType === 'box' || n.flags.isInaccessible) continue
      let s: GraphHealthStatus = !busy.has(n) ? 'NA'
        : suspect.has(n) ? graphStatus(ctx.policy.statusOf(inbound.get(n) ?? NONE, outbound.get(n) ?? NONE))
          : 'Healthy'
      if (n.flags.isDead && n.nodeType !== 'service') s = worst(s, 'Failure') as GraphHealthStatus
      n.healthStatus = s
    }
  },
}
