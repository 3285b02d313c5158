// One Istio HTTPRoute as Envoy Routes for a proxyless gRPC client: one Route per match entry that
// applies to this proxy and port, all with the same action.
import type { StringMatch } from '../../../shared/istio/common.ts'
import type { Destination, HTTPMatchRequest, HTTPRoute } from '../../../shared/istio/networking.ts'
import { unevaluableConditions } from '../../../shared/routing/grpc.ts'
import { selectorMatches } from '../../mesh/labels.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { ProxyInfo } from '../types.ts'
import { faultOverride } from './fault.ts'
import { FAULT_FILTER } from './filters.ts'
import { clusterName, type ClusterKey } from './names.ts'
import { effectivePolicy, hashPolicyFor, ruleFor } from './policy.ts'
import { retryPolicy } from './retry.ts'
import { isZero, protoDuration } from './values.ts'

type Message = Record<string, unknown>

export interface RouteContext {
  snapshot: MeshSnapshot
  proxy: ProxyInfo
  /** The namespace short destination hosts resolve in: the VirtualService's. */
  namespace: string
  /** The service port the RouteConfiguration serves. */
  port: number
}

export interface TranslatedRoute {
  routes: Message[]
  /** A route matched every call: Istio ignores the routes after it, and so does this generator. */
  catchAll: boolean
}

export function translateHttpRoute(ctx: RouteContext, route: HTTPRoute): TranslatedRoute {
  // redirect, directResponse and delegate routes have no gRPC action; compat.ts warns about them.
  if (!route.route?.length) return { routes: [], catchAll: false }
  const entries = route.match?.length ? route.match.filter((m) => applies(ctx, m)) : [undefined]
  const routes = entries.map((m) => {
    const fault = faultOverride(route.fault)
    return {
      ...(route.name ? { name: route.name } : {}),
      match: routeMatch(m),
      route: routeAction(ctx, route),
      ...(fault ? { typedPerFilterConfig: { [FAULT_FILTER]: fault } } : {}),
    }
  })
  return { routes, catchAll: routes.some((r) => r.match.prefix === '/' && !r.match.headers) }
}

/** The route every service port gets when no VirtualService routes it: all calls to the whole service. */
export function defaultRoute(ctx: RouteContext, host: string): Message {
  return {
    name: 'default',
    match: { prefix: '/' },
    route: routeAction(ctx, { route: [{ destination: { host, port: { number: ctx.port } } }] }),
  }
}

/**
 * Whether a match entry can apply to this proxy's calls to this port. Source and port conditions
 * are settled here, per proxy, as Istio does. An entry with a condition the client cannot evaluate
 * never applies: dropping the condition instead would send more traffic down the route than its
 * author meant.
 */
function applies(ctx: RouteContext, m: HTTPMatchRequest): boolean {
  if (unevaluableConditions(m).length) return false
  if (m.port && m.port !== ctx.port) return false
  // Istio's sourceMatchHTTP: listed gateways decide alone; otherwise source labels and namespace.
  if (m.gateways?.length) return m.gateways.includes('mesh')
  return selectorMatches(m.sourceLabels, ctx.proxy.labels) && (!m.sourceNamespace || m.sourceNamespace === ctx.proxy.namespace)
}

interface EnvoyMatch extends Message {
  prefix?: string
  headers?: Message[]
}

function routeMatch(m: HTTPMatchRequest | undefined): EnvoyMatch {
  const uri = m?.uri
  const out: EnvoyMatch = uri?.exact !== undefined ? { path: uri.exact }
    : uri?.prefix !== undefined ? { prefix: uri.prefix }
    : uri?.regex !== undefined ? { safeRegex: { regex: uri.regex } }
    : { prefix: '/' }
  if (m?.ignoreUriCase && (uri?.exact !== undefined || uri?.prefix !== undefined)) out.caseSensitive = { value: false }
  const headers = [
    ...headerMatchers(m?.headers, false),
    ...headerMatchers(m?.withoutHeaders, true),
  ]
  if (headers.length) out.headers = headers
  return out
}

/** Sorted by name so the output does not depend on the YAML's key order. */
function headerMatchers(headers: Record<string, StringMatch> | undefined, invert: boolean): Message[] {
  if (!headers) return []
  return Object.keys(headers).sort().map((name) => {
    const sm = headers[name]
    const matcher = sm.exact !== undefined ? { stringMatch: { exact: sm.exact } }
      : sm.prefix ? { stringMatch: { prefix: sm.prefix } }
      : sm.regex !== undefined ? { stringMatch: { safeRegex: { regex: sm.regex } } }
      // An empty match (or empty prefix) means "the header is present", as in Istio.
      : { presentMatch: true }
    return { name, ...matcher, ...(invert ? { invertMatch: true } : {}) }
  })
}

interface WeightedDestination {
  key: ClusterKey
  cluster: string
  weight: number
}

function routeAction(ctx: RouteContext, route: HTTPRoute): Message {
  const dests: WeightedDestination[] = (route.route ?? []).map((d) => {
    const key = clusterKey(ctx, d.destination)
    return { key, cluster: clusterName(key), weight: d.weight ?? 0 }
  })
  const timeout = protoDuration(route.timeout)
  const retry = retryPolicy(route.retries)
  const hash = hashPolicies(ctx, dests)
  return {
    ...clusterSpecifier(dests),
    // 0s means "no timeout" in Istio; grpc-js reads a zero max_stream_duration the same way.
    ...(timeout && !isZero(timeout) ? { maxStreamDuration: { maxStreamDuration: timeout } } : {}),
    ...(retry ? { retryPolicy: retry } : {}),
    ...(hash.length ? { hashPolicy: hash } : {}),
  }
}

/**
 * One destination is a plain cluster. Zero-weight destinations are left out while others carry
 * weight; if none does, the split is even (grpc-js NACKs weights summing to 0).
 */
function clusterSpecifier(dests: readonly WeightedDestination[]): Message {
  if (dests.length === 1) return { cluster: dests[0].cluster }
  const weighted = dests.some((d) => d.weight > 0) ? dests.filter((d) => d.weight > 0) : dests.map((d) => ({ ...d, weight: 1 }))
  if (weighted.length === 1) return { cluster: weighted[0].cluster }
  return { weightedClusters: { clusters: weighted.map((d) => ({ name: d.cluster, weight: { value: d.weight } })) } }
}

/** Istio's port choice: the destination's port, else the service's only port, else the route's port. */
function clusterKey(ctx: RouteContext, d: Destination): ClusterKey {
  const host = ctx.snapshot.resolveHost(d.host, ctx.namespace)
  const ports = ctx.snapshot.service(host)?.ports ?? []
  const port = d.port?.number ?? (ports.length === 1 ? ports[0].port : ctx.port)
  return { port, subset: d.subset ?? '', host }
}

/** The hash policies of the destinations' DestinationRules (they matter only to RING_HASH clusters). */
function hashPolicies(ctx: RouteContext, dests: readonly WeightedDestination[]): Message[] {
  const seen = new Map<string, Message>()
  for (const { key } of dests) {
    const rule = ruleFor(ctx.snapshot, ctx.proxy, key.host)
    const subset = rule?.subsets?.find((s) => s.name === key.subset)
    const policy = hashPolicyFor(effectivePolicy(rule, subset, key.port).loadBalancer?.consistentHash)
    if (policy) seen.set(JSON.stringify(policy), policy)
  }
  return [...seen.values()]
}
