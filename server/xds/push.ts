// Which resources a batch of mesh changes can affect — so that an endpoint-only change pushes
// EDS only, a VirtualService change the routes of its hosts only.
import { describeRef, refOf } from '../../shared/k8s.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { workloadEntryKey, type MeshChange } from '../mesh/build.ts'
import { isWildcard } from '../mesh/hosts.ts'
import type { SnapshotChange } from '../mesh/model.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { TYPE_URL, type ResourceTypeUrl } from './protos.ts'

const ALL: ResourceTypeUrl[] = [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.listener, TYPE_URL.route]

/** Hosts whose resources of a type may have changed, or every resource of the type. */
export type Scope = Map<ResourceTypeUrl, Set<string> | 'all'>

const BY_KIND: Record<string, ResourceTypeUrl[]> = {
  VirtualService: [TYPE_URL.route],
  // Subsets and traffic policy (CDS), subset membership (EDS), hash policies on routes (RDS).
  DestinationRule: [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.route],
  Service: ALL,
  ServiceEntry: ALL,
  WorkloadEntry: [TYPE_URL.endpoint],
  // Inbound listeners carry the server-side policy.
  PeerAuthentication: [TYPE_URL.listener, TYPE_URL.cluster],
  AuthorizationPolicy: [TYPE_URL.listener],
}

function add(scope: Scope, type: ResourceTypeUrl, hosts: Iterable<string> | 'all'): void {
  const cur = scope.get(type)
  if (cur === 'all') return
  if (hosts === 'all') {
    scope.set(type, 'all')
    return
  }
  const set = cur ?? new Set<string>()
  for (const h of hosts) {
    if (isWildcard(h)) {
      scope.set(type, 'all')
      return
    }
    set.add(h)
  }
  scope.set(type, set)
}

/** The hosts a routing object is about, in the snapshot that had it. */
function claimedHosts(snap: MeshSnapshot, obj: ConfigObject | undefined): string[] {
  if (!obj) return []
  const ns = obj.metadata.namespace ?? 'default'
  if (obj.kind === 'VirtualService') return ((obj.spec?.hosts as string[] | undefined) ?? []).map((h) => snap.resolveHost(h, ns))
  const host = obj.spec?.host
  return typeof host === 'string' ? [snap.resolveHost(host, ns)] : []
}

function selectingHosts(snap: MeshSnapshot, workloadKey: string): string[] {
  const w = snap.workload(workloadKey)
  return w ? snap.servicesForWorkload(w).map((s) => s.hostname) : []
}

/**
 * What a batch of changes can have changed, by type and host: a VirtualService change touches
 * the routes of its hosts, a proxy joining the endpoints of the services that select it.
 */
export function changeScope(change: SnapshotChange): Scope {
  const scope: Scope = new Map()
  const { previous, snapshot } = change
  for (const ch of change.changes) {
    if (ch.type === 'upsertWorkload' || ch.type === 'deleteWorkload') {
      const key = ch.type === 'upsertWorkload' ? ch.workload.key : ch.key
      add(scope, TYPE_URL.endpoint, [...selectingHosts(previous, key), ...selectingHosts(snapshot, key)])
      continue
    }
    const obj = ch.object
    const types = BY_KIND[obj.kind] ?? []
    if (obj.kind === 'VirtualService' || obj.kind === 'DestinationRule') {
      const hosts = [...claimedHosts(previous, previous.object(refOf(obj))), ...claimedHosts(snapshot, snapshot.object(refOf(obj)))]
      for (const t of types) {
        // Routes of any host may send to this one and carry its hash policy.
        add(scope, t, obj.kind === 'DestinationRule' && t === TYPE_URL.route ? 'all' : hosts)
      }
    } else if (obj.kind === 'WorkloadEntry') {
      const key = workloadEntryKey(obj)
      add(scope, TYPE_URL.endpoint, [...selectingHosts(previous, key), ...selectingHosts(snapshot, key)])
    } else {
      for (const t of types) add(scope, t, 'all')
    }
  }
  return scope
}

export function describeChange(ch: MeshChange): string {
  switch (ch.type) {
    case 'upsertWorkload':
      return `workload ${ch.workload.namespace}/${ch.workload.name} registered`
    case 'deleteWorkload':
      return `workload ${ch.key} left`
    case 'delete':
      return `${describeRef(refOf(ch.object))} deleted`
    case 'upsert':
      return describeRef(refOf(ch.object))
  }
}
