// The stages every graph gets whatever appenders were asked for: outsiders and inaccessible nodes,
// traffic roots, and the reduction of a workload graph with service nodes to a service graph.
import { addOutgoing, mergeEdgeTraffic, resetOutgoing } from './protocols.ts'
import { type GraphEdge, type GraphNode, type TrafficMap, UNKNOWN } from './types.ts'

/**
 * isOutside: a node in a namespace the graph was not asked about (it talks to one that was);
 * isInaccessible: the unknown source, and services of no known namespace — nothing to link to.
 */
export function markOutsiders(graph: TrafficMap, namespaces: ReadonlySet<string>): void {
  for (const n of graph.values()) {
    if (n.nodeType === 'unknown' || (n.nodeType === 'service' && n.namespace === UNKNOWN)) {
      n.flags.isInaccessible = true
      continue
    }
    if (n.namespace !== UNKNOWN && !namespaces.has(n.namespace)) n.flags.isOutside = true
  }
}

/** isRoot: sends requests but receives none in the graph — where traffic enters. */
export function markRoots(graph: TrafficMap): void {
  const targets = new Set<GraphNode>()
  for (const n of graph.values()) for (const e of n.edges) targets.add(e.dest)
  for (const n of graph.values()) if (n.edges.length > 0 && !targets.has(n)) n.flags.isRoot = true
}

/**
 * A service graph from a workload graph with service nodes: only service nodes stay, plus the roots
 * that call services; each service's edges to its workloads are replaced by those workloads'
 * edges to other services. Traffic that ends in a workload is not shown: that is the graph's point.
 */
export function reduceToServiceGraph(graph: TrafficMap): TrafficMap {
  const out: TrafficMap = new Map()
  for (const [key, n] of graph) {
    if (n.nodeType !== 'service') {
      if (!n.flags.isRoot) continue
      const toServices = n.edges.filter((e) => e.dest.nodeType === 'service')
      if (toServices.length === 0) continue
      resetOutgoing(n)
      for (const e of toServices) addOutgoing(n, e)
      n.edges.splice(0, n.edges.length, ...toServices)
      out.set(key, n)
      continue
    }
    out.set(key, n)
    resetOutgoing(n)
    const toWorkloads = n.edges.splice(0, n.edges.length)
    for (const w of toWorkloads) {
      for (const e of w.dest.edges) {
        if (e.dest.nodeType !== 'service') continue
        const existing = n.edgeTo(e.dest, e.protocol)
        if (existing) {
          addOutgoing(n, e)
          mergeInto(existing, e)
        } else {
          e.source = n
          n.edges.push(e)
          addOutgoing(n, e)
        }
      }
    }
  }
  return out
}

/** Two workloads' edges to one service become the service's one edge. */
function mergeInto(into: GraphEdge, from: GraphEdge): void {
  mergeEdgeTraffic(from, into)
  if (from.throughput !== undefined) into.throughput = (into.throughput ?? 0) + from.throughput
  // Weights: the two edges' request rates before the merge.
  const a = into.total - from.total
  const b = from.total
  if (from.responseTimes) {
    const t = (into.responseTimes ??= {})
    for (const [k, v] of Object.entries(from.responseTimes) as [keyof typeof t, number][]) {
      const mine = t[k]
      // An average merges by weight; quantiles cannot be combined from theirs, so the higher (a bound) stays.
      t[k] = mine === undefined ? v : k === 'avg' && a + b > 0 ? (mine * a + v * b) / (a + b) : Math.max(mine, v)
    }
  }
  if (from.mtlsPercent !== undefined || into.mtlsPercent !== undefined) {
    const mtls = a + b > 0 ? ((into.mtlsPercent ?? 0) * a + (from.mtlsPercent ?? 0) * b) / (a + b) : 0
    into.mtlsPercent = mtls > 0 ? mtls : undefined
  }
}
