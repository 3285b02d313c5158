// An immutable view of the mesh: services, workloads, endpoints and the config that applies to
// each host, with Istio's resolution rules. Lookups by host are map reads.
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { refKey } from '../../shared/k8s.ts'
import { hostMatches, hostSpecificity, isVisible, principalFor, resolveHost, type MeshNaming } from './hosts.ts'
import type { Labels } from './labels.ts'
import { hostsSelecting, workloadsSelected } from './build.ts'
import type { MeshState } from './state.ts'
import type { Endpoint, HostBinding, MeshService, Workload } from './types.ts'

const EMPTY: readonly never[] = Object.freeze([])

export class MeshSnapshot {
  constructor(readonly state: MeshState) {}

  get version(): number {
    return this.state.version
  }

  get naming(): MeshNaming {
    return this.state.naming
  }

  get trustDomain(): string {
    return this.state.trustDomain
  }

  /** Every namespace that exists: Namespace objects and namespaces anything lives in. */
  namespaces(): string[] {
    const out = new Set(this.state.namespaceUse.keys())
    for (const ns of this.objectsOfKind('Namespace')) out.add(ns.metadata.name)
    return [...out].sort()
  }

  hasNamespace(ns: string): boolean {
    return this.state.namespaceUse.has(ns) || this.object({ group: '', kind: 'Namespace', namespace: '', name: ns }) !== undefined
  }

  object(ref: ObjectRef): ConfigObject | undefined {
    return this.state.objects.get(refKey(ref))
  }

  objects(): Iterable<ConfigObject> {
    return this.state.objects.values()
  }

  objectsOfKind(kind: string, namespace?: string): ConfigObject[] {
    const all = this.state.byKind.get(kind)
    if (!all) return []
    const list = [...all.values()]
    return namespace === undefined ? list : list.filter((o) => (o.metadata.namespace ?? '') === namespace)
  }

  resolveHost(host: string, namespace: string): string {
    return resolveHost(host, namespace, this.state.naming)
  }

  // ---- services

  service(hostname: string): MeshService | undefined {
    return this.state.services.get(hostname)
  }

  services(): Iterable<MeshService> {
    return this.state.services.values()
  }

  servicesInNamespace(ns: string): MeshService[] {
    const hosts = this.state.servicesByNs.get(ns)
    if (!hosts) return []
    return [...hosts].map((h) => this.state.services.get(h)).filter((s): s is MeshService => s !== undefined)
  }

  /** Services matching a host pattern (a wildcard may cover many). */
  servicesMatching(pattern: string): MeshService[] {
    if (!pattern.startsWith('*')) {
      const s = this.state.services.get(pattern)
      return s ? [s] : []
    }
    return [...this.state.services.values()].filter((s) => hostMatches(pattern, s.hostname))
  }

  /** The namespace a host belongs to: its service's, or the `name.ns.svc.<domain>` form's. */
  namespaceOfHost(hostname: string): string | undefined {
    const svc = this.state.services.get(hostname)
    if (svc) return svc.namespace
    const suffix = `.svc.${this.state.naming.domainSuffix}`
    if (!hostname.endsWith(suffix)) return undefined
    const parts = hostname.slice(0, -suffix.length).split('.')
    return parts.length === 2 ? parts[1] : undefined
  }

  // ---- workloads and endpoints

  workload(key: string): Workload | undefined {
    return this.state.workloads.get(key)
  }

  workloads(): Iterable<Workload> {
    return this.state.workloads.values()
  }

  workloadsInNamespace(ns: string): Workload[] {
    const keys = this.state.workloadsByNs.get(ns)
    if (!keys) return []
    return [...keys].map((k) => this.state.workloads.get(k)).filter((w): w is Workload => w !== undefined)
  }

  /** Workloads of a namespace whose labels include the selector's (an empty selector selects all). */
  workloadsMatching(ns: string, selector: Labels | undefined): Workload[] {
    if (!selector || Object.keys(selector).length === 0) return this.workloadsInNamespace(ns)
    return workloadsSelected(this.state, ns, selector)
  }

  endpoints(hostname: string): readonly Endpoint[] {
    return this.state.endpoints.get(hostname) ?? EMPTY
  }

  /** Services whose selector picks the workload. */
  servicesForWorkload(w: Workload): MeshService[] {
    return [...hostsSelecting(this.state, w.namespace, w.labels)].map((h) => this.state.services.get(h)!)
  }

  principal(w: Workload): string {
    return principalFor(this.state.trustDomain, w.namespace, w.serviceAccount)
  }

  // ---- routing config by host

  /** Every VirtualService binding that claims the host (exact or wildcard), regardless of visibility. */
  virtualServicesClaiming(hostname: string): HostBinding[] {
    return this.claiming(this.state.vsExact, this.state.vsWildcard, hostname)
  }

  /** Every DestinationRule binding that claims the host (exact or wildcard), regardless of visibility. */
  destinationRulesClaiming(hostname: string): HostBinding[] {
    return this.claiming(this.state.drExact, this.state.drWildcard, hostname)
  }

  /**
   * VirtualServices that apply to traffic for `hostname` from workloads in `fromNamespace` through
   * `gateway` (`mesh` for sidecars), best first: exact host before wildcard (longer first), then
   * the client's own namespace, then the host's, then the oldest.
   */
  virtualServicesFor(hostname: string, fromNamespace: string, gateway = 'mesh'): HostBinding[] {
    const hostNs = this.namespaceOfHost(hostname)
    const list = this.virtualServicesClaiming(hostname).filter(
      (b) => isVisible(b.exportTo, b.namespace, fromNamespace) && appliesToGateway(b.object, gateway, b.namespace),
    )
    const tier = (b: HostBinding) => (b.namespace === fromNamespace ? 0 : b.namespace === hostNs ? 1 : 2)
    return list.sort((a, b) =>
      hostSpecificity(b.host) - hostSpecificity(a.host) || tier(a) - tier(b) || olderFirst(a.object, b.object))
  }

  virtualServiceFor(hostname: string, fromNamespace: string, gateway = 'mesh'): HostBinding | undefined {
    return this.virtualServicesFor(hostname, fromNamespace, gateway)[0]
  }

  /**
   * The DestinationRule for traffic to `hostname` from `fromNamespace`, by Istio's lookup order:
   * the client's namespace, then the host's namespace, then the root namespace; within a
   * namespace the most specific host, then the oldest rule.
   */
  destinationRuleFor(hostname: string, fromNamespace?: string): HostBinding | undefined {
    const hostNs = this.namespaceOfHost(hostname)
    const client = fromNamespace ?? hostNs ?? ''
    const claiming = this.destinationRulesClaiming(hostname)
    const tiers = [client, hostNs, this.state.naming.rootNamespace]
    for (const ns of tiers) {
      if (ns === undefined) continue
      const candidates = claiming.filter((b) => b.namespace === ns && isVisible(b.exportTo, b.namespace, client))
      if (candidates.length) {
        return candidates.sort((a, b) => hostSpecificity(b.host) - hostSpecificity(a.host) || olderFirst(a.object, b.object))[0]
      }
    }
    return undefined
  }

  private claiming(exact: ReadonlyMap<string, readonly HostBinding[]>, wild: readonly HostBinding[], hostname: string): HostBinding[] {
    const out = [...(exact.get(hostname) ?? [])]
    for (const b of wild) if (hostMatches(b.host, hostname)) out.push(b)
    return out
  }
}

function appliesToGateway(obj: ConfigObject, gateway: string, vsNamespace: string): boolean {
  const gws = (obj.spec?.gateways as string[] | undefined) ?? []
  if (gws.length === 0) return gateway === 'mesh'
  if (gateway === 'mesh') return gws.includes('mesh')
  return gws.some((g) => g === gateway || (!g.includes('/') && `${vsNamespace}/${g}` === gateway))
}

function olderFirst(a: ConfigObject, b: ConfigObject): number {
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  const na = `${a.metadata.namespace}/${a.metadata.name}`
  const nb = `${b.metadata.namespace}/${b.metadata.name}`
  return na < nb ? -1 : na > nb ? 1 : 0
}
