// The PromQL Trellis runs over Istio's standard metrics, built with the typed builder. Label
// choices follow Kiali: apps are canonical services, workloads are workload names, services are
// destination service names; inbound is what the entity received (destination_* labels), outbound
// what it sent (source_* labels).
import type { MetricName } from '../../../shared/telemetry.ts'
import {
  eq, greaterThan, histogramAverage, histogramQuantile, metric, nre, oneOf, or, rate, re, sum,
  type Duration, type InstantVector, type Matcher, type Selector,
} from './promql.ts'

export type EntityKind = 'app' | 'workload' | 'service'
export type Direction = 'inbound' | 'outbound'
export type Reporter = 'source' | 'destination'

export const ISTIO_REQUESTS = 'istio_requests_total'
export const ISTIO_DURATION = 'istio_request_duration_milliseconds'
export const ISTIO_REQUEST_BYTES = 'istio_request_bytes'
export const ISTIO_RESPONSE_BYTES = 'istio_response_bytes'

/** The labels that name an entity on one side of a request. */
export interface EntityLabels {
  name: string
  namespace: string
}

const SIDES: Record<EntityKind, Partial<Record<Direction, EntityLabels>>> = {
  app: {
    inbound: { name: 'destination_canonical_service', namespace: 'destination_workload_namespace' },
    outbound: { name: 'source_canonical_service', namespace: 'source_workload_namespace' },
  },
  workload: {
    inbound: { name: 'destination_workload', namespace: 'destination_workload_namespace' },
    outbound: { name: 'source_workload', namespace: 'source_workload_namespace' },
  },
  // Requests name the service they were sent to; a service sends nothing itself.
  service: {
    inbound: { name: 'destination_service_name', namespace: 'destination_service_namespace' },
  },
}

/** The labels naming an entity of a kind in a direction; undefined for a service's outbound. */
export function entityLabels(kind: EntityKind, direction: Direction): EntityLabels | undefined {
  return SIDES[kind][direction]
}

/** Kiali's default: a direction as the side that saw it reports it. */
export function defaultReporter(direction: Direction): Reporter {
  return direction === 'inbound' ? 'destination' : 'source'
}

/** The labels health needs to tell a protocol's outcomes apart. */
export const OUTCOME_LABELS = ['request_protocol', 'response_code', 'grpc_response_status'] as const

/** No response (`0`), or an HTTP 4xx or 5xx: Kiali's failed request, whatever the protocol. */
export const ERROR_RESPONSE_CODES = '0|[45][0-9][0-9]'
/** gRPC statuses other than OK (1 CANCELLED … 16 UNAUTHENTICATED). */
export const GRPC_ERROR_STATUSES = '[1-9]|1[0-6]'

/**
 * Health's input for every entity of a kind in some namespaces, in one query: the request rate
 * per entity and outcome, inbound as destinations report it, outbound as sources do.
 */
export function ratesByOutcome(kind: EntityKind, direction: Direction, namespaces: readonly string[], window: Duration): InstantVector | undefined {
  const side = entityLabels(kind, direction)
  if (!side) return undefined
  const requests = metric(ISTIO_REQUESTS, eq('reporter', defaultReporter(direction)), oneOf(side.namespace, namespaces))
  return greaterThan(sum(rate(requests.over(window)), [side.namespace, side.name, ...OUTCOME_LABELS]), 0)
}

/** The overview's sparkline: requests per second received by each namespace's workloads. */
export function namespaceInboundRate(namespaces: readonly string[], window: Duration): InstantVector {
  const requests = metric(ISTIO_REQUESTS, eq('reporter', 'destination'), oneOf('destination_workload_namespace', namespaces))
  return sum(rate(requests.over(window)), ['destination_workload_namespace'])
}

/**
 * Failed requests, Kiali's way: a response code of 0, 4xx or 5xx; or a gRPC status other than OK
 * on a request whose response code is not itself an error (so none is counted twice). The two
 * selectors pick disjoint series, so their union under one sum counts each failure once.
 */
export function failedRequestRate(requests: Selector, window: Duration): InstantVector {
  const http = requests.where(re('response_code', ERROR_RESPONSE_CODES))
  const grpc = requests.where(re('grpc_response_status', GRPC_ERROR_STATUSES), nre('response_code', ERROR_RESPONSE_CODES))
  return or(rate(http.over(window)), rate(grpc.over(window)))
}

export interface EntityRef {
  kind: EntityKind
  namespace: string
  name: string
}

export interface MetricsOptions {
  direction: Direction
  reporter: Reporter
  window: Duration
  /** Quantiles of the histograms besides their average, e.g. [0.5, 0.95, 0.99]. */
  quantiles: readonly number[]
  /** Labels to split every series by. */
  by: readonly string[]
}

/** One query of the metrics page: a Kiali metric, and for histograms the statistic. */
export interface MetricQuery {
  name: MetricName
  stat?: string
  expr: InstantVector
}

function entityMatchers(entity: EntityRef, direction: Direction): Matcher[] {
  const side = entityLabels(entity.kind, direction)
  if (!side) throw new Error(`${entity.kind}s have no ${direction} metrics`)
  return [eq(side.namespace, entity.namespace), eq(side.name, entity.name)]
}

const HISTOGRAMS: readonly [MetricName, string][] = [
  ['request_duration_millis', ISTIO_DURATION],
  ['request_size', ISTIO_REQUEST_BYTES],
  ['response_size', ISTIO_RESPONSE_BYTES],
]

/** The queries behind GET …/{apps|workloads|services}/{name}/metrics, with Kiali's metric names. */
export function metricQueries(entity: EntityRef, opts: MetricsOptions): MetricQuery[] {
  const labels = [eq('reporter', opts.reporter), ...entityMatchers(entity, opts.direction)]
  const requests = metric(ISTIO_REQUESTS, ...labels)
  const out: MetricQuery[] = [
    { name: 'request_count', expr: sum(rate(requests.over(opts.window)), opts.by) },
    { name: 'request_error_count', expr: sum(failedRequestRate(requests, opts.window), opts.by) },
  ]
  for (const [name, istioName] of HISTOGRAMS) {
    const histogram = metric(istioName, ...labels)
    out.push({ name, stat: 'avg', expr: histogramAverage(histogram, opts.window, opts.by) })
    for (const q of opts.quantiles) out.push({ name, stat: String(q), expr: histogramQuantile(q, histogram, opts.window, opts.by) })
  }
  return out
}
