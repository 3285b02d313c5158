// Dependency keys: the names of the parts of the mesh an analysis can read. The context records
// them as analyzers read; changeImpact() names the ones a batch of changes touched. The two sides
// must agree — every key a context method records is dirtied here when what it stands for changes.
import { workloadEntryKey } from '../../mesh/build.ts'
import type { ConfigObject, ObjectRef } from '../../../shared/k8s.ts'
import { keyOf, refOf } from '../../../shared/k8s.ts'
import type { DestinationRuleSpec, ServiceEntrySpec, VirtualServiceSpec } from '../../../shared/istio/networking.ts'
import { isWildcard, serviceFqdn } from '../../mesh/hosts.ts'
import type { SnapshotChange } from '../../mesh/model.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { Workload } from '../../mesh/types.ts'

export const dep = {
  /** A concrete host: its service, endpoints, and the VirtualServices/DestinationRules naming it exactly. */
  host: (fqdn: string) => `host:${fqdn}`,
  /** Any wildcard host of a VirtualService, DestinationRule or ServiceEntry. */
  wildcard: 'wildcard',
  /** The set of all service hosts (what a wildcard pattern may cover). */
  services: 'services',
  /** The services defined in one namespace (what may select a workload there). */
  servicesIn: (ns: string) => `services:${ns}`,
  /** Any workload anywhere (Gateway selectors look in every namespace). */
  workloads: 'workloads',
  workloadsIn: (ns: string) => `workloads:${ns}`,
  /** Whether a namespace exists. */
  ns: (name: string) => `ns:${name}`,
  obj: (key: string) => `obj:${key}`,
  /** The objects of one kind in one namespace. */
  kindIn: (kind: string, ns: string) => `kind:${kind}:${ns}`,
  /** The PeerAuthentications of a namespace. */
  policy: (ns: string) => `policy:${ns}`,
  /** The set of workload principals. */
  principals: 'principals',
} as const


export interface ChangeImpact {
  /** Dependency keys whose answers may differ between the previous and the next snapshot. */
  keys: Set<string>
  /** Objects the changes touched (upserted or deleted), by refKey. */
  objects: Map<string, ObjectRef>
}

/**
 * What a batch of changes can have affected. Only the net difference between the two snapshots
 * matters, so each touched object or workload is compared as it was before the batch and after.
 */
export function changeImpact(change: SnapshotChange): ChangeImpact {
  const { previous: prev, snapshot: next } = change
  const keys = new Set<string>()
  const objects = new Map<string, ObjectRef>()
  const workloadKeys = new Set<string>()
  const namespaces = new Set<string>()

  for (const ch of change.changes) {
    if (ch.type === 'upsert' || ch.type === 'delete') {
      objects.set(keyOf(ch.object), refOf(ch.object))
      continue
    }
    workloadKeys.add(ch.type === 'upsertWorkload' ? ch.workload.key : ch.key)
  }

  for (const [key, ref] of objects) {
    keys.add(dep.obj(key))
    for (const [obj, snap] of [[prev.object(ref), prev], [next.object(ref), next]] as const) {
      if (!obj) continue
      namespaces.add(obj.metadata.namespace ?? '')
      keys.add(dep.kindIn(obj.kind, obj.metadata.namespace ?? ''))
      if (obj.kind === 'Namespace') namespaces.add(obj.metadata.name)
      if (obj.kind === 'WorkloadEntry') workloadKeys.add(workloadEntryKey(obj))
      objectKeys(obj, snap, keys)
    }
  }

  for (const wk of workloadKeys) {
    const before = prev.workload(wk)
    const after = next.workload(wk)
    if (before) workloadImpact(before, prev, keys, namespaces)
    if (after) workloadImpact(after, next, keys, namespaces)
    const principalChanged = before && after ? prev.principal(before) !== next.principal(after) : before !== after
    if (principalChanged) keys.add(dep.principals)
  }

  for (const ns of namespaces) {
    if (ns && prev.hasNamespace(ns) !== next.hasNamespace(ns)) keys.add(dep.ns(ns))
  }
  return { keys, objects }
}

function addHost(keys: Set<string>, host: string): void {
  keys.add(isWildcard(host) ? dep.wildcard : dep.host(host))
}

/** The keys an object stands for through what it defines or claims. */
function objectKeys(obj: ConfigObject, snap: MeshSnapshot, keys: Set<string>): void {
  const ns = obj.metadata.namespace ?? 'default'
  const spec = obj.spec ?? {}
  switch (obj.kind) {
    case 'Service':
      keys.add(dep.host(serviceFqdn(obj.metadata.name, ns, snap.naming)))
      keys.add(dep.services).add(dep.servicesIn(ns))
      break
    case 'ServiceEntry':
      for (const h of (spec as Partial<ServiceEntrySpec>).hosts ?? []) addHost(keys, h)
      keys.add(dep.services).add(dep.servicesIn(ns))
      break
    case 'VirtualService':
      for (const h of (spec as VirtualServiceSpec).hosts ?? []) addHost(keys, snap.resolveHost(h, ns))
      break
    case 'DestinationRule': {
      const host = (spec as Partial<DestinationRuleSpec>).host
      if (host) addHost(keys, snap.resolveHost(host, ns))
      break
    }
    case 'PeerAuthentication':
      keys.add(dep.policy(ns))
      break
  }
}

/** A workload stands for its namespace's workloads and for the hosts of the services selecting it. */
function workloadImpact(w: Workload, snap: MeshSnapshot, keys: Set<string>, namespaces: Set<string>): void {
  namespaces.add(w.namespace)
  keys.add(dep.workloads).add(dep.workloadsIn(w.namespace))
  for (const svc of snap.servicesForWorkload(w)) keys.add(dep.host(svc.hostname))
}
