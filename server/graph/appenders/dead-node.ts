// deadNode: what has no running instance. A workload or app node whose instances the model does not
// know (the workload is gone, though its traffic is still in the window) is flagged isDead, as is a
// Service whose selector picks no workload (idle or not); a node with no traffic and nothing
// behind it is removed, as Kiali does (repeatedly: a removal can orphan a service node).
import type { Appender, GraphContext } from '../context.ts'
import { hasTraffic } from '../protocols.ts'
import { isOK, removeNodes, type GraphNode, type TrafficMap } from '../types.ts'

type Verdict = 'alive' | 'dead' | 'remove'

function verdict(n: GraphNode, ctx: GraphContext): Verdict {
  const traffic = hasTraffic(n)
  switch (n.nodeType) {
    case 'service': {
      if (!traffic && n.edges.length === 0 && !n.flags.isServiceEntry && !n.flags.isIdle) return 'remove'
      const svc = ctx.model.serviceOf(n.namespace, n.service, n.hosts)
      if (!svc || svc.origin !== 'Service' || !svc.selector || !ctx.model.knowsWorkloadsOf(svc.namespace)) return 'alive'
      return ctx.model.snap.workloadsMatching(svc.namespace, svc.selector).length === 0 ? 'dead' : 'alive'
    }
    case 'unknown':
      return traffic ? 'alive' : 'remove'
    case 'workload':
    case 'app': {
      if (!isOK(n.namespace) || !ctx.model.knowsWorkloadsOf(n.namespace)) return 'alive'
      const instances = isOK(n.workload) ? (ctx.model.workload(n.namespace, n.workload)?.instances.length ?? 0)
        : ctx.model.appWorkloads(n.namespace, n.app, isOK(n.version) ? n.version : undefined).length
      if (instances > 0) return 'alive'
      return traffic ? 'dead' : 'remove'
    }
    default:
      return 'alive'
  }
}

export const deadNodeAppender: Appender = {
  name: 'deadNode',
  append(graph: TrafficMap, ctx: GraphContext): void {
    for (let pass = 0; pass <= graph.size; pass++) {
      const remove: string[] = []
      for (const n of graph.values()) {
        const v = verdict(n, ctx)
        if (v === 'remove') remove.push(n.key)
        else if (v === 'dead') n.flags.isDead = true
      }
      if (remove.length === 0) return
      removeNodes(graph, remove)
    }
  },
}
