// health: on the server, with the configured tolerances (Kiali's defaults unless configured), from
// the graph's own traffic so the colours match the rates shown. An edge is judged as its source's
// outbound and its destination's inbound (the worse wins); a node by everything it received and
// sent. A node with no traffic has no status (NA); a dead workload is a Failure whatever its
// traffic; nodes outside telemetry's reach (the unknown source) get none.
import type { GraphHealthStatus } from '../../../shared/graph.ts'
import type { RequestRates } from '../../../shared/telemetry.ts'
import { type HealthPolicy, worst } from '../../telemetry/health.ts'
import type { Appender, GraphContext } from '../context.ts'
import { codeRates } from '../protocols.ts'
import { edgesOf, type GraphEdge, type GraphNode, type TrafficMap } from '../types.ts'

/** Per protocol, per code: requests per second (flags added up). */
type CodeRates = Map<string, Map<string, number>>

function addCodes(into: Map<GraphNode, CodeRates>, n: GraphNode, e: GraphEdge): void {
  let mine = into.get(n)
  if (!mine) into.set(n, (mine = new Map()))
  let codes = mine.get(e.protocol)
  if (!codes) mine.set(e.protocol, (codes = new Map()))
  for (const [code, t] of e.responses) {
    let v = 0
    for (const x of t.flags.values()) v += x
    codes.set(code, (codes.get(code) ?? 0) + v)
  }
}

/** The shape the health policy reads. */
function requestRates(m: CodeRates | undefined): RequestRates {
  const out: RequestRates = {}
  for (const [protocol, codes] of m ?? []) out[protocol] = Object.fromEntries(codes)
  return out
}

function graphStatus(s: string): GraphHealthStatus {
  return s === 'Healthy' || s === 'Degraded' || s === 'Failure' ? s : 'NA'
}

/**
 * Whether a protocol's code can never count against health: even as 100 % of the requests, in
 * either direction, the policy finds nothing wrong with it (a share only counts from a threshold
 * up). Traffic made only of such codes is Healthy without asking the policy — most of a mesh.
 */
class HarmlessCodes {
  private readonly known = new Map<string, boolean>()

  constructor(private readonly policy: HealthPolicy) {}

  edge(e: GraphEdge): boolean {
    for (const code of e.responses.keys()) if (!this.harmless(e.protocol, code)) return false
    return true
  }

  private harmless(protocol: string, code: string): boolean {
    const key = `${protocol} ${code}`
    let v = this.known.get(key)
    if (v === undefined) {
      const alone = { [protocol]: { [code]: 1 } }
      v = this.policy.health(alone, alone).status === 'Healthy'
      this.known.set(key, v)
    }
    return v
  }
}

export const healthAppender: Appender = {
  name: 'health',
  append(graph: TrafficMap, ctx: GraphContext): void {
    const harmless = new HarmlessCodes(ctx.policy)
    const busy = new Set<GraphNode>()
    // Nodes with a code that may count against them: only their traffic is added up for the policy.
    const suspect = new Set<GraphNode>()
    for (const e of edgesOf(graph)) {
      if (e.responses.size === 0 || e.protocol === 'tcp' || !(e.total > 0)) continue
      busy.add(e.source)
      busy.add(e.dest)
      if (harmless.edge(e)) {
        e.healthStatus = 'Healthy'
        continue
      }
      // Outbound for the source, inbound for the destination: the worse of the two.
      const rates: RequestRates = { [e.protocol]: codeRates(e) }
      e.healthStatus = graphStatus(ctx.policy.health(rates, rates).status)
      suspect.add(e.source)
      suspect.add(e.dest)
    }
    const inbound = new Map<GraphNode, CodeRates>()
    const outbound = new Map<GraphNode, CodeRates>()
    if (suspect.size) {
      for (const e of edgesOf(graph)) {
        if (e.responses.size === 0 || e.protocol === 'tcp' || !(e.total > 0)) continue
        if (suspect.has(e.source)) addCodes(outbound, e.source, e)
        if (suspect.has(e.dest)) addCodes(inbound, e.dest, e)
      }
    }
    for (const n of graph.values()) {
      if (n.nodeType === 'unknown' || n.nodeType === 'box' || n.flags.isInaccessible) continue
      let s: GraphHealthStatus = !busy.has(n) ? 'NA'
        : suspect.has(n) ? graphStatus(ctx.policy.health(requestRates(inbound.get(n)), requestRates(outbound.get(n))).status)
          : 'Healthy'
      if (n.flags.isDead && n.nodeType !== 'service') s = worst(s, 'Failure') as GraphHealthStatus
      n.healthStatus = s
    }
  },
}
