// idleNode: what the model knows in the requested namespaces but had no traffic in the window, added
// as isIdle nodes — workloads (every graph type but service), and services when service nodes are
// shown. Namespace graphs only: a node graph is about one node's traffic.
import type { Appender, GraphContext } from '../context.ts'
import { identify, makeNode, serviceSide, type Side } from '../ids.ts'
import { isOK, type GraphNode, type TrafficMap } from '../types.ts'

/** Istio's CLUSTER_ID when none is configured; what telemetry calls a single cluster. */
export const DEFAULT_CLUSTER = 'Kubernetes'

/**
 * The cluster telemetry names a namespace's nodes with (the model has no clusters): the one most of
 * the graph's nodes name, a node of the namespace counting a thousand times one elsewhere; ties go
 * to the first name in order. The votes are counted in one pass, then kept up to date as nodes join.
 */
export class ClusterVotes {
  private readonly everywhere = new Map<string, number>()
  private readonly within = new Map<string, Map<string, number>>()

  constructor(graph: TrafficMap) {
    for (const n of graph.values()) this.count(n)
  }

  count(n: GraphNode): void {
    if (!isOK(n.cluster)) return
    this.everywhere.set(n.cluster, (this.everywhere.get(n.cluster) ?? 0) + 1)
    let mine = this.within.get(n.namespace)
    if (!mine) this.within.set(n.namespace, (mine = new Map()))
    mine.set(n.cluster, (mine.get(n.cluster) ?? 0) + 1)
  }

  clusterOf(ns: string): string {
    const mine = this.within.get(ns)
    let best = DEFAULT_CLUSTER
    let bestVotes = 0
    for (const c of [...this.everywhere.keys()].sort()) {
      const votes = this.everywhere.get(c)! + 999 * (mine?.get(c) ?? 0)
      if (votes > bestVotes) {
        best = c
        bestVotes = votes
      }
    }
    return best
  }
}

/** The cluster telemetry names a namespace's nodes with. */
export function clusterOf(graph: TrafficMap, ns: string): string {
  return new ClusterVotes(graph).clusterOf(ns)
}

export const idleNodeAppender: Appender = {
  name: 'idleNode',
  append(graph: TrafficMap, ctx: GraphContext): void {
    if (ctx.isNodeGraph) return
    const { graphType, injectServiceNodes } = ctx.opts
    const votes = new ClusterVotes(graph)
    for (const ns of ctx.opts.namespaces) {
      const cluster = votes.clusterOf(ns)
      const add = (side: Side) => {
        const id = identify(side, graphType)
        if (!id || graph.has(id.key)) return
        const n = makeNode(id, side, graphType)
        n.flags.isIdle = true
        graph.set(id.key, n)
        // Idle nodes vote too, for the namespaces after theirs.
        votes.count(n)
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
