// Which resource types a batch of mesh changes can affect — so that an endpoint-only change
// pushes EDS only, a VirtualService change RDS only.
import { describeRef, refOf } from '../../shared/k8s.ts'
import type { MeshChange } from '../mesh/build.ts'
import { TYPE_URL, type ResourceTypeUrl } from './protos.ts'

const ALL: ResourceTypeUrl[] = [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.listener, TYPE_URL.route]

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

export function affectedTypes(changes: readonly MeshChange[]): Set<ResourceTypeUrl> {
  const out = new Set<ResourceTypeUrl>()
  for (const ch of changes) {
    const types = ch.type === 'upsertWorkload' || ch.type === 'deleteWorkload' ? [TYPE_URL.endpoint] : (BY_KIND[ch.object.kind] ?? [])
    for (const t of types) out.add(t)
  }
  return out
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
