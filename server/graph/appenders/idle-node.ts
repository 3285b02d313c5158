// idleNode: what the model knows in the requested namespaces but had no traffic in the window, added
// as isIdle nodes — workloads (every graph type but service), and services when service nodes are
// shown. Namespace graphs only: a node graph is about one node's traffic.
import type { Appender, GraphContext } from '../context.ts'
import { identify, makeNode, serviceSide, type Side } from '../ids.ts'
import { isOK, type TrafficMap } from '../types.ts'

/** Istio's CLUSTER_ID when none is configured; what telemetry calls a single cluster. */
export const DEFAULT_CLUSTER = 'Kubernetes'

/** The cluster telemetry names a namespace's nodes with (the model has no clusters). */
export function clusterOf(graph: TrafficMap, ns: string): string {
  const counts = new Map<string, number>()
  for (const n of graph.values()) {
    if (!isOK(n.cluster)) continue
    const weight = n.namespace === ns ? 1000 : 1
    counts.set(n.cluster, (counts.get(n.cluster) ?? 0) + weight)
  }
  let best = DEFAULT_CLUSTER
  let bestCount = 0
  for (const [c, k] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k > bestCount) {
      best = c
      bestCount = k
    }
  }
  return best
}

export const idleNodeAppender: Appender = {
  name: 'idleNode',
  append(graph: TrafficMap, ctx: GraphContext): void {
    if (ctx.isNodeGraph) return
    const { graphType, injectServiceNodes } = ctx.opts
    for (const ns of ctx.opts.namespaces) {
      const cluster = clusterOf(graph, ns)
      const add = (side: Side) => {
        const id = identify(side, graphType)
        if (!id || graph.has(id.key)) return
        const n = makeNode(id, side, graphType)
        n.flags.isIdle = true
        graph.set(id.key, n)
      }
      if (graphType !== 'service') {
        for (const w of ctx.model.workloads(ns).values()) {
          add({ cluster, serviceNamespace: '', service: '', workloadNamespace: ns, workload: w.name, app: w.app, version: w.version })
        }
      }
      if (graphType === 'service' || injectServiceNodes) {
        for (const svc of ctx.model.snap.servicesInNamespace(ns)) {
          if (svc.origin === 'Service') add(serviceSide(cluster, ns, svc.name))
        }
      }
    }
  },
}
