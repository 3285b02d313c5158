// istio: config badges from the mesh model's host indexes (one map read per service, never a scan
// of the store): VirtualServices that claim a service's host (hasVS with their hosts, and what their
// routes do: fault injection, traffic shifting, request routing, timeouts, mirroring), circuit
// breakers in the DestinationRule that applies (hasCB, on services and on the versions a subset
// with one selects), and the app label of a service node taken from its Service.
import type { DestinationRuleSpec, TrafficPolicy, VirtualServiceSpec } from '../../../shared/istio/networking.ts'
import type { Appender, GraphContext } from '../context.ts'
import { isOK, isOKVersion, type GraphNode, type NodeFlags, type TrafficMap } from '../types.ts'
import { markCanaries } from './canary.ts'

type RouteFlags = Pick<NodeFlags, 'hasFaultInjection' | 'hasMirroring' | 'hasRequestRouting' | 'hasRequestTimeout' | 'hasTrafficShifting' | 'hasTCPTrafficShifting'>

/** What a VirtualService's routes do, as Kiali badges it. */
export function routeFlags(spec: VirtualServiceSpec): RouteFlags {
  const http = spec.http ?? []
  const flags: RouteFlags = {}
  if (http.some((r) => r.fault !== undefined)) flags.hasFaultInjection = true
  if (http.some((r) => r.mirror !== undefined || (r.mirrors?.length ?? 0) > 0)) flags.hasMirroring = true
  if (http.some((r) => r.timeout !== undefined)) flags.hasRequestTimeout = true
  // Several destinations on one route is a weighted split, whatever the weights.
  if (http.some((r) => (r.route?.length ?? 0) > 1)) flags.hasTrafficShifting = true
  if ((spec.tcp ?? []).some((r) => (r.route?.length ?? 0) > 1)) flags.hasTCPTrafficShifting = true
  if ([...http, ...(spec.tcp ?? []), ...(spec.tls ?? [])].some((r) => (r.route?.length ?? 0) > 0)) flags.hasRequestRouting = true
  return flags
}

function isCircuitBreaker(p: TrafficPolicy | undefined): boolean {
  return p !== undefined && (p.connectionPool !== undefined || p.outlierDetection !== undefined)
}

/** A circuit breaker for the whole host, or for the subset of one version (any subset when no version). */
export function hasCircuitBreaker(spec: DestinationRuleSpec, version: string | undefined): boolean {
  if (isCircuitBreaker(spec.trafficPolicy)) return true
  return (spec.subsets ?? []).some((s) => isCircuitBreaker(s.trafficPolicy) && (version === undefined || s.labels?.version === version))
}

function badgeService(n: GraphNode, ctx: GraphContext): void {
  const svc = ctx.model.serviceOf(n.namespace, n.service, n.hosts)
  const host = svc?.hostname ?? ctx.model.hostOf(n.namespace, n.service)
  const bindings = ctx.model.snap.virtualServicesClaiming(host)
  if (bindings.length) {
    const hostnames: string[] = []
    const sorted = [...bindings].sort((a, b) => `${a.namespace}/${a.object.metadata.name}`.localeCompare(`${b.namespace}/${b.object.metadata.name}`))
    for (const b of sorted) {
      const spec = (b.object.spec ?? {}) as VirtualServiceSpec
      for (const h of spec.hosts ?? []) if (!hostnames.includes(h)) hostnames.push(h)
      Object.assign(n.flags, routeFlags(spec))
    }
    n.flags.hasVS = { hostnames }
  }
  const dr = ctx.model.snap.destinationRuleFor(host, n.namespace)
  if (dr && hasCircuitBreaker((dr.object.spec ?? {}) as DestinationRuleSpec, undefined)) n.flags.hasCB = true
  // A service node shows its app (for app boxes), from the Service's labels.
  if (!n.app && svc?.labels.app) n.app = svc.labels.app
}

/** Apps and workloads: a circuit breaker on a service they serve, for their version. */
function badgeWorkload(n: GraphNode, ctx: GraphContext): void {
  const versioned = isOKVersion(n.version)
  if (!versioned && n.nodeType !== 'app') return
  for (const ds of n.destServices.values()) {
    const host = ctx.model.serviceOf(ds.namespace, ds.name, [])?.hostname ?? ctx.model.hostOf(ds.namespace, ds.name)
    const dr = ctx.model.snap.destinationRuleFor(host, ds.namespace)
    if (dr && hasCircuitBreaker((dr.object.spec ?? {}) as DestinationRuleSpec, versioned ? n.version : undefined)) {
      n.flags.hasCB = true
      return
    }
  }
}

export const istioAppender: Appender = {
  name: 'istio',
  append(graph: TrafficMap, ctx: GraphContext): void {
    for (const n of graph.values()) {
      if (n.flags.isOutside || !isOK(n.namespace)) continue
      if (n.nodeType === 'service') badgeService(n, ctx)
      else if (n.nodeType === 'app' || n.nodeType === 'workload') badgeWorkload(n, ctx)
    }
    markCanaries(graph, ctx.model.snap)
  },
}
