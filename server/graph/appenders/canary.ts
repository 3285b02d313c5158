// Canary ramps on the graph: a ramp that has not finished marks its service node, and the nodes
// of its stable and canary versions, with its live phase and weight (CanaryRamp status, written by
// the controller). Read from the mesh model once per graph, indexed by namespace and service.
import { CANARY_KIND, isTerminalPhase, type CanaryRampSpec, type CanaryRampStatus } from '../../../shared/canary.ts'
import type { CanaryInfo } from '../../../shared/graph.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { GraphNode, TrafficMap } from '../types.ts'

/** `namespace/service` → the ramp in force for it (the oldest, if several: the controller runs one at a time). */
export function rampsByService(snap: MeshSnapshot, namespaces: Iterable<string>): Map<string, CanaryInfo> {
  const out = new Map<string, CanaryInfo>()
  for (const ns of namespaces) {
    const ramps = snap.objectsOfKind(CANARY_KIND, ns)
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name))
    for (const r of ramps) {
      const spec = r.spec as CanaryRampSpec | undefined
      const status = r.status as CanaryRampStatus | undefined
      if (!spec?.service || spec.cancelled || isTerminalPhase(status?.phase)) continue
      const key = `${ns}/${spec.service}`
      if (out.has(key)) continue
      out.set(key, {
        ramp: r.metadata.name,
        phase: spec.paused ? 'Paused' : status?.phase ?? 'Pending',
        stable: spec.stable,
        canary: spec.canary,
        weight: status?.weight ?? 0,
        step: Math.max(0, (status?.step ?? -1) + 1),
        steps: spec.steps?.length ?? 0,
      })
    }
  }
  return out
}

function rampOf(n: GraphNode, ramps: Map<string, CanaryInfo>): CanaryInfo | undefined {
  if (n.nodeType === 'service') return ramps.get(`${n.namespace}/${n.service}`)
  if (!n.version) return undefined
  for (const ds of n.destServices.values()) {
    const r = ramps.get(`${ds.namespace}/${ds.name}`)
    if (r && (r.stable === n.version || r.canary === n.version)) return r
  }
  return undefined
}

/** Sets `flags.canary` on the nodes a ramp in force shifts traffic for. */
export function markCanaries(graph: TrafficMap, snap: MeshSnapshot): void {
  const namespaces = new Set<string>()
  for (const n of graph.values()) namespaces.add(n.namespace)
  const ramps = rampsByService(snap, namespaces)
  if (ramps.size === 0) return
  for (const n of graph.values()) {
    const r = rampOf(n, ramps)
    if (r) n.flags.canary = r
  }
}
