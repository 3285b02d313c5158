// Which VirtualService and DestinationRule the routing wizards edit for a service, and the
// versions they route between. Any object that claims the host counts, whoever wrote it (Kiali's
// wizards only edit their own: kiali/kiali#2630, #4031). Pure.
import type { ConfigObject } from '../k8s.ts'
import type { DestinationRuleSpec, VirtualServiceSpec } from '../istio/networking.ts'
import { versionsOf, type VersionInfo } from './versions.ts'

export const NETWORKING_API_VERSION = 'networking.istio.io/v1'

/** The service whose traffic the wizards route. */
export interface RoutingTarget {
  namespace: string
  service: string
  /** Its FQDN: reviews.bookinfo.svc.cluster.local. */
  hostname: string
}

export interface WorkloadInfo {
  name: string
  labels: Readonly<Record<string, string>>
}

export interface RoutingInput {
  target: RoutingTarget
  /** VirtualServices the console knows of (any namespace): those claiming the host are candidates, the rest name-clash checks. */
  virtualServices: readonly ConfigObject[]
  destinationRules: readonly ConfigObject[]
  /** The workloads behind the service. */
  workloads: readonly WorkloadInfo[]
  /** The label versions are told apart by (Istio's convention: `version`). */
  versionLabel?: string
}

export interface Notice {
  level: 'info' | 'warning'
  message: string
}

export interface RoutingContext {
  target: RoutingTarget
  /** The VirtualService that routes mesh traffic to the host, if any: the one the wizards edit. */
  vs?: ConfigObject
  /** The DestinationRule for the host, if any. */
  dr?: ConfigObject
  versions: VersionInfo[]
  versionLabel: string
  /** How new route destinations name the host, as the VirtualService's own destinations would. */
  destinationHost: string
  /** Names for objects the wizards create, free in the target's namespace. */
  newVirtualServiceName: string
  newDestinationRuleName: string
  notices: Notice[]
}

/** How a host written in an object of `namespace` relates to the target: the same host, a wildcard over it, or neither. */
export function hostClaim(host: string, namespace: string, target: RoutingTarget): 'exact' | 'wildcard' | undefined {
  const resolved = resolveHost(host, namespace, target)
  if (resolved === target.hostname) return 'exact'
  if (resolved === '*' || (resolved.startsWith('*') && target.hostname.endsWith(resolved.slice(1)))) return 'wildcard'
  return undefined
}

/**
 * Istio's short-name rule (ResolveShortnameToFQDN): a host without a dot is a service in the
 * object's namespace; anything with a dot, and wildcards, are taken as written.
 */
function resolveHost(host: string, namespace: string, target: RoutingTarget): string {
  if (host === '*' || host.includes('.') || host.startsWith('*')) return host
  return `${host}.${namespace}.svc.${domainSuffix(target)}`
}

/** The cluster domain, from the target's own FQDN (`cluster.local` when it is not a Kubernetes service name). */
function domainSuffix(target: RoutingTarget): string {
  const prefix = `${target.service}.${target.namespace}.svc.`
  return target.hostname.startsWith(prefix) ? target.hostname.slice(prefix.length) : 'cluster.local'
}

/** Does a route destination's host name the target, written in an object of `namespace`? */
export function isTargetHost(host: string | undefined, namespace: string, target: RoutingTarget): boolean {
  return host !== undefined && hostClaim(host, namespace, target) === 'exact'
}

function vsSpec(o: ConfigObject): VirtualServiceSpec {
  return (o.spec ?? {}) as VirtualServiceSpec
}

function drSpec(o: ConfigObject): DestinationRuleSpec {
  return (o.spec ?? {}) as DestinationRuleSpec
}

/** A VirtualService with gateways that leave out `mesh` routes only at those gateways, not between workloads. */
function appliesToMesh(o: ConfigObject): boolean {
  const gws = vsSpec(o).gateways ?? []
  return gws.length === 0 || gws.includes('mesh')
}

function ns(o: ConfigObject): string {
  return o.metadata.namespace ?? ''
}

function olderFirst(a: ConfigObject, b: ConfigObject): number {
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  return `${ns(a)}/${a.metadata.name}`.localeCompare(`${ns(b)}/${b.metadata.name}`)
}

interface Claimer {
  object: ConfigObject
  claim: 'exact' | 'wildcard'
}

/**
 * Best first, as the control plane picks for calls from the host's own namespace: an exact host
 * before a wildcard, an object in the host's namespace before one elsewhere, then the oldest.
 */
function ranked(claimers: Claimer[], target: RoutingTarget): ConfigObject[] {
  const tier = (c: Claimer) => (ns(c.object) === target.namespace ? 0 : 1)
  return claimers
    .sort((a, b) => (a.claim === b.claim ? 0 : a.claim === 'exact' ? -1 : 1) || tier(a) - tier(b) || olderFirst(a.object, b.object))
    .map((c) => c.object)
}

function label(o: ConfigObject): string {
  return `${o.kind} ${ns(o)}/${o.metadata.name}`
}

function freeName(base: string, taken: readonly ConfigObject[], namespace: string): string {
  const names = new Set(taken.filter((o) => ns(o) === namespace).map((o) => o.metadata.name))
  if (!names.has(base)) return base
  for (let i = 2; ; i++) if (!names.has(`${base}-${i}`)) return `${base}-${i}`
}

export function routingContext(input: RoutingInput): RoutingContext {
  const { target } = input
  const notices: Notice[] = []
  const vsClaimers: Claimer[] = []
  for (const o of input.virtualServices) {
    if (o.kind !== 'VirtualService' || !appliesToMesh(o)) continue
    const claims = (vsSpec(o).hosts ?? []).map((h) => hostClaim(h, ns(o), target))
    const claim = claims.includes('exact') ? 'exact' : claims.includes('wildcard') ? 'wildcard' : undefined
    if (claim) vsClaimers.push({ object: o, claim })
  }
  const drClaimers: Claimer[] = []
  for (const o of input.destinationRules) {
    if (o.kind !== 'DestinationRule') continue
    const spec = drSpec(o)
    // A rule with a workload selector applies to some clients only; the wizards leave it alone.
    if (spec.workloadSelector) continue
    const claim = typeof spec.host === 'string' ? hostClaim(spec.host, ns(o), target) : undefined
    if (claim) drClaimers.push({ object: o, claim })
  }
  const [vs, ...otherVs] = ranked(vsClaimers, target)
  const [dr, ...otherDr] = ranked(drClaimers, target)

  if (vs && hostClaim(firstClaimingHost(vs, target), ns(vs), target) === 'wildcard') {
    notices.push({ level: 'warning', message: `${label(vs)} routes ${target.service} through a wildcard host; changes apply to every host it covers` })
  }
  if (vs && (vsSpec(vs).hosts ?? []).length > 1) {
    notices.push({ level: 'info', message: `${label(vs)} also routes ${(vsSpec(vs).hosts ?? []).filter((h) => !isTargetHost(h, ns(vs), target)).join(', ')}: its routes apply to every host it lists` })
  }
  for (const o of otherVs) {
    notices.push({ level: 'warning', message: `${label(o)} also claims ${target.service}; calls use the first VirtualService that claims a host, so the wizards edit ${label(vs!)}` })
  }
  if (dr && hostClaim(drSpec(dr).host, ns(dr), target) === 'wildcard') {
    notices.push({ level: 'info', message: `${label(dr)} covers ${target.service} through the wildcard host ${drSpec(dr).host}` })
  }
  for (const o of otherDr) {
    notices.push({ level: 'warning', message: `${label(o)} also claims ${target.service}; the wizards edit ${label(dr!)}` })
  }
  const versionLabel = input.versionLabel ?? 'version'
  const versions = versionsOf(input.workloads, dr, versionLabel)
  return {
    target,
    vs,
    dr,
    versions,
    versionLabel,
    destinationHost: destinationHostFor(vs, target),
    newVirtualServiceName: freeName(target.service, input.virtualServices, target.namespace),
    newDestinationRuleName: freeName(target.service, input.destinationRules, target.namespace),
    notices,
  }
}

function firstClaimingHost(vs: ConfigObject, target: RoutingTarget): string {
  const hosts = vsSpec(vs).hosts ?? []
  return hosts.find((h) => hostClaim(h, ns(vs), target) === 'exact') ?? hosts.find((h) => hostClaim(h, ns(vs), target)) ?? ''
}

/**
 * The host as new destinations write it: as the VirtualService's own destinations to the target
 * already do; otherwise the short name within the service's namespace and the FQDN elsewhere.
 */
function destinationHostFor(vs: ConfigObject | undefined, target: RoutingTarget): string {
  for (const route of vs ? vsSpec(vs).http ?? [] : []) {
    for (const d of route.route ?? []) {
      if (isTargetHost(d.destination?.host, ns(vs!), target)) return d.destination.host
    }
  }
  return !vs || ns(vs) === target.namespace ? target.service : target.hostname
}
