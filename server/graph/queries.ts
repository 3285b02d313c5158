// The graph's PromQL, built with the typed builder (every value quoted, every name checked).
//
// Kiali's query semantics: a request is read from the destination's report when the destination
// is in scope (it saw the response), from the source's when the source is in scope, and requests
// that never reached a destination (destination_workload="unknown": a fault, no endpoint) from the
// source's report, which is the only one. Kiali runs one query per reporter and keeps the first of
// duplicate series; here the reporters are joined with PromQL's `or`, which keeps the left side's
// series and adds the right side's that have no twin, so Prometheus does that deduplication and
// the answer holds each series once. The rate window is the requested duration.
import {
  eq, greaterThan, histogramQuantile, literalPattern, metric, ne, nre, oneOf, or, rate, sum,
  type Duration, type InstantVector, type Matcher,
} from '../telemetry/prometheus/promql.ts'
import { ISTIO_DURATION, ISTIO_REQUEST_BYTES, ISTIO_REQUESTS, ISTIO_RESPONSE_BYTES } from '../telemetry/prometheus/istio-queries.ts'
import type { GraphType } from '../../shared/graph.ts'
import type { GraphOptions, NodeTarget, Rates } from './options.ts'
import { UNKNOWN } from './types.ts'

export const L = {
  reporter: 'reporter',
  srcCluster: 'source_cluster',
  srcNs: 'source_workload_namespace',
  srcWl: 'source_workload',
  srcApp: 'source_canonical_service',
  srcVer: 'source_canonical_revision',
  srcPrincipal: 'source_principal',
  dstCluster: 'destination_cluster',
  dstSvcNs: 'destination_service_namespace',
  dstSvc: 'destination_service',
  dstSvcName: 'destination_service_name',
  dstWlNs: 'destination_workload_namespace',
  dstWl: 'destination_workload',
  dstApp: 'destination_canonical_service',
  dstVer: 'destination_canonical_revision',
  dstPrincipal: 'destination_principal',
  protocol: 'request_protocol',
  code: 'response_code',
  grpcStatus: 'grpc_response_status',
  flags: 'response_flags',
  security: 'connection_security_policy',
} as const

const SOURCE_LABELS = [L.srcCluster, L.srcNs, L.srcWl, L.srcApp, L.srcVer]
const DEST_LABELS = [L.dstCluster, L.dstSvcNs, L.dstSvc, L.dstSvcName, L.dstWlNs, L.dstWl, L.dstApp, L.dstVer]

/** Everything a traffic sample needs: both sides, the protocol and the outcome. */
export const REQUEST_GROUPING = [...SOURCE_LABELS, ...DEST_LABELS, L.protocol, L.code, L.grpcStatus, L.flags]
/** Byte and message counters have no protocol or code labels. */
export const COUNTER_GROUPING = [...SOURCE_LABELS, ...DEST_LABELS, L.flags]

/**
 * The labels that tell one edge of a graph type from another, and no more, for queries whose
 * values cannot be added up after the fact (quantiles): an app graph's edges are per canonical
 * service, so its queries do not split them per workload; with service nodes injected, a
 * request's edge is source → service, so its queries do not split them per destination workload.
 */
export function edgeGrouping(graphType: GraphType, inject: boolean): string[] {
  const source = graphType === 'app' ? [L.srcCluster, L.srcNs, L.srcApp]
    : graphType === 'versionedApp' ? [L.srcCluster, L.srcNs, L.srcApp, L.srcWl, L.srcVer]
      : [L.srcCluster, L.srcNs, L.srcWl, L.srcApp]
  const service = [L.dstCluster, L.dstSvcNs, L.dstSvcName]
  const dest = inject ? service
    : graphType === 'app' ? [...service, L.dstWlNs, L.dstApp]
      : graphType === 'versionedApp' ? [...service, L.dstWlNs, L.dstApp, L.dstWl, L.dstVer]
        : [...service, L.dstWlNs, L.dstWl, L.dstApp]
  return [...source, ...dest, L.protocol]
}

/** Security needs both hops of an injected service node, so it groups by the destination workload too. */
export function securityGrouping(graphType: GraphType): string[] {
  return [...edgeGrouping(graphType, false), L.srcPrincipal, L.dstPrincipal, L.security]
}

function notOneOf(label: string, values: readonly string[]): Matcher {
  return values.length === 1 ? ne(label, values[0]) : nre(label, values.map(literalPattern).join('|'))
}

/**
 * Which series a graph covers, as selectors per direction: `inbound` (the destination is in the
 * graph: read from the destination's report), `outbound` (the source is: from the source's),
 * `unserviced` (addressed to a service in the graph, never reached a destination, sent from
 * outside it: from the source's).
 */
export interface Scope {
  inbound?: Matcher[]
  outbound?: Matcher[]
  unserviced?: Matcher[]
}

export function scopeOf(opts: Pick<GraphOptions, 'namespaces' | 'node'>): Scope {
  return opts.node ? nodeScope(opts.node) : namespaceScope(opts.namespaces)
}

/**
 * What the appenders query: the namespaces' traffic, also for a node graph (its node's namespace),
 * so an edge has the same response time, throughput and security in every graph showing it.
 */
export function namespaceScope(ns: readonly string[]): Scope {
  return {
    inbound: [oneOf(L.dstWlNs, ns)],
    outbound: [oneOf(L.srcNs, ns)],
    unserviced: [notOneOf(L.srcNs, ns), eq(L.dstWl, UNKNOWN), eq(L.dstWlNs, UNKNOWN), oneOf(L.dstSvcNs, ns)],
  }
}

function nodeScope(n: NodeTarget): Scope {
  switch (n.kind) {
    case 'workload':
      return { inbound: [eq(L.dstWlNs, n.namespace), eq(L.dstWl, n.name)], outbound: [eq(L.srcNs, n.namespace), eq(L.srcWl, n.name)] }
    case 'app': {
      const version = (label: string) => (n.version ? [eq(label, n.version)] : [])
      return {
        inbound: [eq(L.dstWlNs, n.namespace), eq(L.dstApp, n.name), ...version(L.dstVer)],
        outbound: [eq(L.srcNs, n.namespace), eq(L.srcApp, n.name), ...version(L.srcVer)],
      }
    }
    case 'service':
      // A service sends nothing; what failed on the way to it is only in its callers' reports.
      return {
        inbound: [eq(L.dstSvcNs, n.namespace), eq(L.dstSvcName, n.name)],
        unserviced: [eq(L.dstWl, UNKNOWN), eq(L.dstSvcNs, n.namespace), eq(L.dstSvcName, n.name)],
      }
  }
}

type Reporter = 'source' | 'destination'
interface Part {
  reporter: Reporter
  matchers: Matcher[]
}

function parts(...candidates: [Reporter, Matcher[] | undefined][]): Part[] {
  return candidates.filter((c): c is [Reporter, Matcher[]] => c[1] !== undefined).map(([reporter, matchers]) => ({ reporter, matchers }))
}

/** `a or b or c`, in that order (the left one's series win). */
function union(exprs: InstantVector[]): InstantVector | undefined {
  if (exprs.length === 0) return undefined
  return exprs.reduce((acc, e) => or(acc, e))
}

/** The request protocols whose requests the graph shows, as a matcher (none when all are). */
function protocolMatchers(rates: Rates): Matcher[] | undefined {
  const wanted = (['http', 'grpc'] as const).filter((p) => rates[p] === 'requests')
  if (wanted.length === 0) return undefined
  return wanted.length === 2 ? [] : [eq(L.protocol, wanted[0])]
}

function ratePart(metricName: string, p: Part, extra: Matcher[], by: readonly string[], window: Duration): InstantVector {
  const sel = metric(metricName, eq(L.reporter, p.reporter), ...p.matchers, ...extra)
  return greaterThan(sum(rate(sel.over(window)), by), 0)
}

/** A traffic query: which metric, and what its samples are. */
export interface TrafficQuery {
  /** `requests` (istio_requests_total: protocol and code labels), or bytes / messages of one protocol. */
  kind: 'requests' | 'tcp' | 'grpcMessages'
  expr: InstantVector
}

/** The traffic queries the options ask for: requests, TCP bytes, gRPC messages. */
export function trafficQueries(opts: GraphOptions, scope: Scope, window: Duration): TrafficQuery[] {
  const all = parts(['destination', scope.inbound], ['source', scope.outbound], ['source', scope.unserviced])
  const out: TrafficQuery[] = []
  const protocols = protocolMatchers(opts.rates)
  if (protocols) {
    const expr = union(all.map((p) => ratePart(ISTIO_REQUESTS, p, protocols, REQUEST_GROUPING, window)))
    if (expr) out.push({ kind: 'requests', expr })
  }
  // Istio's L4 counters are named from the proxy's side (istio/istio#32399): a client's sent bytes are received_bytes.
  const tcpMetrics = { none: [], requests: [], sent: ['istio_tcp_received_bytes_total'], received: ['istio_tcp_sent_bytes_total'], total: ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total'] }[opts.rates.tcp]
  const grpcMetrics = { none: [], requests: [], sent: ['istio_request_messages_total'], received: ['istio_response_messages_total'], total: ['istio_request_messages_total', 'istio_response_messages_total'] }[opts.rates.grpc]
  for (const [kind, metrics] of [['tcp', tcpMetrics], ['grpcMessages', grpcMetrics]] as const) {
    for (const m of metrics) {
      const expr = union(all.map((p) => ratePart(m, p, [], COUNTER_GROUPING, window)))
      if (expr) out.push({ kind, expr })
    }
  }
  return out
}

/**
 * The workloads that reported requests themselves, as sources and as destinations: a workload
 * seen in others' reports but never in its own runs without telemetry of its own (out of the mesh).
 */
export function reporterQueries(opts: GraphOptions, scope: Scope, window: Duration): { source?: InstantVector; destination?: InstantVector } {
  const protocols = protocolMatchers(opts.rates)
  if (!protocols) return {}
  const reporters = (reporter: Reporter, matchers: Matcher[] | undefined, side: string[]) =>
    matchers && greaterThan(sum(rate(metric(ISTIO_REQUESTS, eq(L.reporter, reporter), ...matchers, ...protocols).over(window)), side), 0)
  return {
    source: reporters('source', scope.outbound, [L.srcNs, L.srcWl]),
    destination: reporters('destination', scope.inbound, [L.dstWlNs, L.dstWl]),
  }
}

export interface ResponseTimeQueries {
  /** Rate of the duration histogram's sum, and of its count: the average is their ratio, edge by edge. */
  sum: InstantVector
  count: InstantVector
  quantiles: { q: number; expr: InstantVector }[]
}

/** Duration statistics per edge, from the destination's report first (no network in it), else the source's. */
export function responseTimeQueries(opts: GraphOptions, scope: Scope, window: Duration, quantiles: readonly number[]): ResponseTimeQueries | undefined {
  const protocols = protocolMatchers(opts.rates)
  if (!protocols) return undefined
  const by = edgeGrouping(opts.graphType, opts.injectServiceNodes)
  const ps = parts(['destination', scope.inbound], ['source', scope.outbound])
  if (ps.length === 0) return undefined
  const histogram = (p: Part) => metric(ISTIO_DURATION, eq(L.reporter, p.reporter), ...p.matchers, ...protocols)
  const counter = (suffix: '_sum' | '_count') => union(ps.map((p) => greaterThan(sum(rate(histogram(p).withSuffix(suffix).over(window)), by), 0)))!
  return {
    sum: counter('_sum'),
    count: counter('_count'),
    quantiles: quantiles.map((q) => ({ q, expr: union(ps.map((p) => greaterThan(histogramQuantile(q, histogram(p), window, by), 0)))! })),
  }
}

/** Bytes per second per edge: request bytes as the sender counts them, response bytes as the responder does. */
export function throughputQuery(opts: GraphOptions, scope: Scope, window: Duration): InstantVector | undefined {
  const protocols = protocolMatchers(opts.rates)
  if (!protocols) return undefined
  const reporter: Reporter = opts.throughputType === 'request' ? 'source' : 'destination'
  const name = `${opts.throughputType === 'request' ? ISTIO_REQUEST_BYTES : ISTIO_RESPONSE_BYTES}_sum`
  const ps = parts([reporter, scope.outbound], [reporter, scope.inbound])
  // Byte rates add up, so they are grouped per destination workload too and summed onto both hops.
  return union(ps.map((p) => ratePart(name, p, protocols, edgeGrouping(opts.graphType, false), window)))
}

/** Requests by security policy and principals, as destinations report them (they terminate TLS). */
export function securityQuery(opts: GraphOptions, scope: Scope, window: Duration): InstantVector | undefined {
  const protocols = protocolMatchers(opts.rates)
  if (!protocols) return undefined
  const ps = parts(['destination', scope.inbound], ['destination', scope.outbound])
  return union(ps.map((p) => ratePart(ISTIO_REQUESTS, p, protocols, securityGrouping(opts.graphType), window)))
}

