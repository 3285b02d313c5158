// The analyzers' only window on the mesh. Each read is a snapshot lookup that also records which
// part of the mesh the answer came from (see dependencies.ts), so the engine can tell which
// analyses a later change may have invalidated and re-run only those.
import type { ConfigObject, ObjectRef } from '../../../shared/k8s.ts'
import { refKey } from '../../../shared/k8s.ts'
import { hostMatches, isWildcard, type MeshNaming } from '../../mesh/hosts.ts'
import { selectorMatches, type Labels } from '../../mesh/labels.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { Endpoint, HostBinding, MeshService, Workload } from '../../mesh/types.ts'
import { workloadEntryKey } from '../../mesh/build.ts'
import { dep } from './dependencies.ts'

// Derived per snapshot, computed on first use and shared by every analysis of that snapshot.
const wildcardServiceHosts = new WeakMap<MeshSnapshot, MeshService[]>()
const principalSets = new WeakMap<MeshSnapshot, Set<string>>()
const selectorIndexes = new WeakMap<MeshSnapshot, Map<string, Map<string, MeshService[]>>>()

export class AnalysisContext {
  /** Dependency keys of everything read so far. */
  readonly deps = new Set<string>()
  private readonly ruleFor = new Map<string, HostBinding | undefined>()

  constructor(private readonly mesh: MeshSnapshot) {}

  get naming(): MeshNaming {
    return this.mesh.naming
  }

  get trustDomain(): string {
    return this.mesh.trustDomain
  }

  resolveHost(host: string, namespace: string): string {
    return this.mesh.resolveHost(host, namespace)
  }

  // ---- services

  /** The service defined for exactly this host. */
  service(host: string): MeshService | undefined {
    this.deps.add(dep.host(host))
    return this.mesh.service(host)
  }

  /**
   * The services a host refers to: a concrete host's own service or, failing that, the wildcard
   * ServiceEntry hosts covering it (`*.wikipedia.org`); a wildcard pattern's every covered service.
   */
  servicesForHost(host: string): MeshService[] {
    if (isWildcard(host)) {
      this.deps.add(dep.services)
      return this.mesh.servicesMatching(host)
    }
    const own = this.service(host)
    if (own) return [own]
    this.deps.add(dep.wildcard)
    return wildcardServices(this.mesh).filter((s) => hostMatches(s.hostname, host))
  }

  /** Services and ServiceEntries whose selector picks the workload. */
  servicesForWorkload(w: Workload): MeshService[] {
    this.deps.add(dep.servicesIn(w.namespace))
    const byLabel = selectorIndex(this.mesh, w.namespace)
    const out = new Set<MeshService>()
    for (const k in w.labels) {
      for (const svc of byLabel.get(`${k}=${w.labels[k]}`) ?? []) if (selectorMatches(svc.selector, w.labels)) out.add(svc)
    }
    return [...out]
  }

  endpoints(host: string): readonly Endpoint[] {
    this.deps.add(dep.host(host))
    return this.mesh.endpoints(host)
  }

  // ---- workloads

  /** The workload a WorkloadEntry defines: a function of the object alone, so no dependency. */
  workloadOfEntry(obj: ConfigObject): Workload | undefined {
    return this.mesh.workload(workloadEntryKey(obj))
  }

  /**
   * Workloads a service's selector picks. Keyed by the host: a workload change dirties the hosts of
   * the services selecting it, before and after, which is narrower than the whole namespace.
   */
  workloadsOfService(svc: MeshService): Workload[] {
    this.deps.add(dep.host(svc.hostname))
    return svc.selector ? this.mesh.workloadsMatching(svc.namespace, svc.selector) : []
  }

  workloadsMatching(ns: string, selector: Labels): Workload[] {
    this.deps.add(dep.workloadsIn(ns))
    return this.mesh.workloadsMatching(ns, selector)
  }

  workloadsInNamespace(ns: string): Workload[] {
    this.deps.add(dep.workloadsIn(ns))
    return this.mesh.workloadsInNamespace(ns)
  }

  /** Workloads of any namespace whose labels include the selector's. */
  workloadsAnywhere(selector: Labels): Workload[] {
    this.deps.add(dep.workloads)
    const out: Workload[] = []
    for (const ns of this.mesh.namespaces()) out.push(...this.mesh.workloadsMatching(ns, selector))
    return out
  }

  /** Whether some workload runs as this principal (`<trust domain>/ns/<ns>/sa/<service account>`). */
  hasPrincipal(principal: string): boolean {
    this.deps.add(dep.principals)
    let set = principalSets.get(this.mesh)
    if (!set) {
      set = new Set<string>()
      for (const w of this.mesh.workloads()) set.add(this.mesh.principal(w))
      principalSets.set(this.mesh, set)
    }
    return set.has(principal)
  }

  // ---- namespaces and objects

  hasNamespace(ns: string): boolean {
    this.deps.add(dep.ns(ns))
    return this.mesh.hasNamespace(ns)
  }

  object(ref: ObjectRef): ConfigObject | undefined {
    const key = refKey(ref)
    this.deps.add(dep.obj(key))
    return this.mesh.object(ref)
  }

  /** Objects of a kind in a namespace (Trellis's own kinds, which the mesh indexes by kind only). */
  objectsOfKind(kind: string, ns: string): ConfigObject[] {
    this.deps.add(dep.kindIn(kind, ns))
    return this.mesh.objectsOfKind(kind, ns)
  }

  peerAuthentications(ns: string): ConfigObject[] {
    this.deps.add(dep.policy(ns))
    return this.mesh.objectsOfKind('PeerAuthentication', ns)
  }

  // ---- routing config by host

  /** VirtualService bindings whose resolved host is exactly this one (wildcards compared as written). */
  virtualServicesWithHost(host: string): HostBinding[] {
    this.deps.add(isWildcard(host) ? dep.wildcard : dep.host(host))
    return this.mesh.virtualServicesClaiming(host).filter((b) => b.host === host)
  }

  /** DestinationRule bindings whose resolved host is exactly this one (wildcards compared as written). */
  destinationRulesWithHost(host: string): HostBinding[] {
    this.deps.add(isWildcard(host) ? dep.wildcard : dep.host(host))
    return this.mesh.destinationRulesClaiming(host).filter((b) => b.host === host)
  }

  /** The DestinationRule Istio applies to traffic for the host from a namespace. */
  destinationRuleFor(host: string, fromNamespace: string): HostBinding | undefined {
    // Routes of one VirtualService name the same host again and again; the lookup sorts candidates.
    const memo = `${host}\0${fromNamespace}`
    if (this.ruleFor.has(memo)) return this.ruleFor.get(memo)
    this.deps.add(dep.host(host)).add(dep.wildcard)
    const rule = this.mesh.destinationRuleFor(host, fromNamespace)
    this.ruleFor.set(memo, rule)
    return rule
  }
}

function wildcardServices(mesh: MeshSnapshot): MeshService[] {
  let list = wildcardServiceHosts.get(mesh)
  if (!list) {
    list = [...mesh.services()].filter((s) => isWildcard(s.hostname))
    wildcardServiceHosts.set(mesh, list)
  }
  return list
}

/**
 * A namespace's services by each `key=value` of their selectors. MeshSnapshot.servicesForWorkload
 * tests every service of the namespace per call, which made checking thousands of WorkloadEntries
 * quadratic; this index is built once per snapshot and namespace, on first use.
 */
function selectorIndex(mesh: MeshSnapshot, ns: string): Map<string, MeshService[]> {
  let byNs = selectorIndexes.get(mesh)
  if (!byNs) selectorIndexes.set(mesh, (byNs = new Map()))
  let index = byNs.get(ns)
  if (!index) {
    index = new Map()
    for (const svc of mesh.servicesInNamespace(ns)) {
      for (const k in svc.selector) {
        const key = `${k}=${svc.selector[k]}`
        index.set(key, [...(index.get(key) ?? []), svc])
      }
    }
    byNs.set(ns, index)
  }
  return index
}
