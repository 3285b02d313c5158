// The routing a canary ramp manages, as round-trip edits of the user's own objects: the subsets of
// the service's DestinationRule and the weighted destinations of its VirtualService's catch-all
// route. Everything else in those objects — other routes, matches, timeouts, retries, faults,
// traffic policies, comments in the file — is left as it was. Pure functions over plain objects.
import type { ConfigObject } from '../../shared/k8s.ts'
import type { DestinationRuleSpec, HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, VirtualServiceSpec } from '../../shared/istio/networking.ts'
import { resolveHost, serviceFqdn, type MeshNaming } from '../mesh/hosts.ts'
import type { Labels } from '../mesh/labels.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { HostBinding } from '../mesh/types.ts'

/** The label whose values name versions, as in Istio's Bookinfo and Kiali's wizards. */
export const VERSION_LABEL = 'version'
const NETWORKING_V1 = 'networking.istio.io/v1'

/** What a ramp routes: a service of its own namespace, split between two versions. */
export interface RampTarget {
  namespace: string
  /** The Service's name, as the ramp names it. */
  service: string
  /** Its FQDN. */
  host: string
  stable: string
  canary: string
  /** How short hosts resolve (a destination may spell the service any way Istio accepts). */
  naming: MeshNaming
}

export function rampTarget(snapshot: MeshSnapshot, namespace: string, spec: { service: string; stable: string; canary: string }): RampTarget {
  const { service, stable, canary } = spec
  return { namespace, service, host: serviceFqdn(service, namespace, snapshot.naming), stable, canary, naming: snapshot.naming }
}

/** A routing object the ramp cannot edit sensibly (a human has to decide); the ramp fails with this message. */
export class TrafficEditError extends Error {}

/** Oldest first (Istio's tie-break between rules for one host), then by name. */
export function olderBindingFirst(a: HostBinding, b: HostBinding): number {
  const ta = a.object.metadata.creationTimestamp ?? ''
  const tb = b.object.metadata.creationTimestamp ?? ''
  return ta < tb ? -1 : ta > tb ? 1 : a.object.metadata.name < b.object.metadata.name ? -1 : 1
}

/**
 * The DestinationRule whose subsets the ramp uses: the oldest one for exactly this host in the
 * service's namespace (Istio merges several and the oldest wins; a rule elsewhere is someone
 * else's to change).
 */
export function rampRule(snapshot: MeshSnapshot, t: RampTarget): HostBinding | undefined {
  return snapshot.destinationRulesClaiming(t.host).filter((b) => b.host === t.host && b.namespace === t.namespace).sort(olderBindingFirst)[0]
}

/** The VirtualService the ramp edits: the one that routes exactly this host for the mesh in the service's namespace. */
export function rampVirtualService(snapshot: MeshSnapshot, t: RampTarget): HostBinding | undefined {
  return snapshot.virtualServicesFor(t.host, t.namespace).find((b) => b.host === t.host && b.namespace === t.namespace)
}

/** The labels a version's subset selects: the rule's own subset when it has one, else `version: <name>`. */
export function versionSelector(rule: ConfigObject | undefined, version: string): Labels {
  const subset = ((rule?.spec ?? {}) as Partial<DestinationRuleSpec>).subsets?.find((s) => s.name === version)
  return subset?.labels && Object.keys(subset.labels).length > 0 ? subset.labels : { [VERSION_LABEL]: version }
}

/**
 * The rule with a subset for each of the ramp's versions: added (`name: v3, labels: {version: v3}`)
 * when missing, every other field kept; a new rule for the host when there is none.
 */
export function withSubsets(rule: ConfigObject | undefined, t: RampTarget): ConfigObject {
  const subset = (name: string) => ({ name, labels: { [VERSION_LABEL]: name } })
  if (!rule) {
    return {
      apiVersion: NETWORKING_V1,
      kind: 'DestinationRule',
      metadata: { name: t.service, namespace: t.namespace },
      spec: { host: t.service, subsets: [subset(t.stable), subset(t.canary)] },
    }
  }
  const next = structuredClone(rule) as ConfigObject
  const spec = (next.spec ??= {}) as Partial<DestinationRuleSpec>
  const subsets = (spec.subsets ??= [])
  for (const name of [t.stable, t.canary]) if (!subsets.some((s) => s.name === name)) subsets.push(subset(name))
  return next
}

/**
 * A match entry that matches every call: no conditions at all, or only a `/` uri prefix (name,
 * statPrefix and ignoreUriCase select nothing).
 */
function matchesAll(m: HTTPMatchRequest): boolean {
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined || k === 'name' || k === 'statPrefix' || k === 'ignoreUriCase') continue
    if (k === 'uri' && v !== null && typeof v === 'object' && Object.keys(v).length === 1 && (v as { prefix?: string }).prefix === '/') continue
    return false
  }
  return true
}

/**
 * Which http route the ramp shifts: the catch-all one, i.e. the first route that matches every call
 * (no match, or a match entry with no conditions). Routes before it keep their special traffic (a
 * test user's header, a uri) on their own destinations; routes after it are never reached. So the
 * ramp moves exactly "everyone else", which is what a canary is about. -1 when every route has
 * conditions.
 */
export function catchAllRoute(http: readonly HTTPRoute[]): number {
  return http.findIndex((r) => !r.match?.length || r.match.some(matchesAll))
}

/**
 * The VirtualService with its catch-all route sending (100 - w)% to the stable subset and w% to the
 * canary's (both kept, even at 0, so the split stays visible). Other destinations of that route are
 * dropped: a ramp moves all of its traffic between the two versions. Fields of the route and of an
 * existing destination of the same subset (port, headers) are kept. With no catch-all route one is
 * appended; with no VirtualService for the host, one is created.
 */
export function withWeights(vs: ConfigObject | undefined, t: RampTarget, canaryWeight: number): ConfigObject {
  const weights: [string, number][] = [[t.stable, 100 - canaryWeight], [t.canary, canaryWeight]]
  if (!vs) {
    return {
      apiVersion: NETWORKING_V1,
      kind: 'VirtualService',
      metadata: { name: t.service, namespace: t.namespace },
      spec: { hosts: [t.service], http: [{ route: weights.map(([subset, weight]) => ({ destination: { host: t.service, subset }, weight })) }] },
    }
  }
  const next = structuredClone(vs) as ConfigObject
  const spec = (next.spec ??= {}) as Partial<VirtualServiceSpec>
  const http = (spec.http ??= [])
  const vsNamespace = next.metadata.namespace ?? t.namespace
  let index = catchAllRoute(http)
  if (index < 0) index = http.push({}) - 1
  const route = http[index]
  if (route.redirect || route.directResponse || route.delegate) {
    const action = route.redirect ? 'redirect' : route.directResponse ? 'directResponse' : 'delegate'
    throw new TrafficEditError(
      `the catch-all route spec/http[${index}] of VirtualService ${vsNamespace}/${next.metadata.name} has a ${action}, not destinations; ` +
      'route it to the service for the ramp to shift its traffic')
  }
  const existing = (route.route ?? []).filter((d) => resolveHost(d.destination.host, vsNamespace, t.naming) === t.host)
  const template = existing[0]?.destination
  route.route = weights.map(([subset, weight]): HTTPRouteDestination => {
    const same = existing.find((d) => d.destination.subset === subset)
    const destination = { ...(same?.destination ?? template ?? { host: t.service }), subset }
    return { ...same, destination, weight }
  })
  return next
}
