// serviceEntry: marks the service nodes that are ServiceEntry hosts with where the entry says they
// live (MESH_EXTERNAL, MESH_INTERNAL) and the hosts it declares, looked up by the hosts telemetry
// named (destination_service), then by name.
import type { ServiceEntrySpec } from '../../../shared/istio/networking.ts'
import type { Appender, GraphContext } from '../context.ts'
import type { TrafficMap } from '../types.ts'

export const serviceEntryAppender: Appender = {
  name: 'serviceEntry',
  append(graph: TrafficMap, ctx: GraphContext): void {
    for (const n of graph.values()) {
      if (n.nodeType !== 'service') continue
      const svc = ctx.model.serviceOf(n.namespace, n.service, n.hosts)
      if (svc?.origin !== 'ServiceEntry') continue
      const spec = ctx.model.snap.object(svc.source)?.spec as ServiceEntrySpec | undefined
      n.flags.isServiceEntry = { location: svc.location ?? 'MESH_EXTERNAL', hosts: [...(spec?.hosts ?? [svc.hostname])] }
    }
  },
}
