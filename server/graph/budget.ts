// The node budget: a browser lays out and pans a few thousand nodes; past that the page would
// freeze. A bigger graph keeps its busiest nodes (by requests and bytes in and out, idle ones
// last) and says so, asking for fewer namespaces.
import type { GraphResponse } from '../../shared/graph.ts'
import { nodeTraffic } from './protocols.ts'
import { removeNodes, type TrafficMap } from './types.ts'

export const DEFAULT_NODE_BUDGET = 2500

export function applyNodeBudget(graph: TrafficMap, budget: number): GraphResponse['truncated'] {
  const total = graph.size
  if (total <= budget) return undefined
  const ranked = [...graph.values()]
    .map((n) => ({ key: n.key, traffic: nodeTraffic(n) }))
    .sort((a, b) => b.traffic - a.traffic || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  removeNodes(graph, ranked.slice(budget).map((r) => r.key))
  return {
    nodes: total,
    budget,
    message: `This graph has ${total} nodes, more than the ${budget} the page shows at once: these are the ${budget} busiest. Select fewer namespaces, or open one node's graph, to see all of its traffic.`,
  }
}
