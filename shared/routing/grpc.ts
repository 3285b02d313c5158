// What proxyless gRPC clients (grpc-js-xds) can honour of Istio's routing API, stated once: the
// control plane's generators translate with these rules (server/xds/generate/), its validation
// flags what they leave out (grpc-compat.ts), and the routing wizards flag the same before Apply.
// Pure: no Node, no DOM.
import type { HTTPMatchRequest } from '../istio/networking.ts'

/** The statuses grpc-js can retry on, in the order they are written out. */
export const GRPC_RETRY_CODES = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'] as const

/**
 * Envoy's conditions that a gRPC client sees as UNAVAILABLE: connection failures, resets, and HTTP
 * errors from something other than the gRPC server (which answers 200 with a grpc-status).
 */
const AS_UNAVAILABLE = new Set(['5xx', 'gateway-error', 'connect-failure', 'refused-stream', 'reset', 'reset-before-request'])

/** HTTP status codes (Istio accepts them in retryOn) as gRPC maps them (grpc's http-grpc-status-mapping). */
const HTTP_STATUS: Record<string, (typeof GRPC_RETRY_CODES)[number]> = {
  400: 'internal', 429: 'unavailable', 502: 'unavailable', 503: 'unavailable', 504: 'unavailable',
}

/** Istio's default when a route sets no retries: 2 attempts on these conditions. */
export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'
export const DEFAULT_RETRY_ATTEMPTS = 2

export interface GrpcRetryOn {
  /** gRPC status names grpc-js retries on. */
  codes: string[]
  /** Conditions with no gRPC meaning, which the client cannot honour. */
  ignored: string[]
}

export function grpcRetryOn(retryOn: string): GrpcRetryOn {
  const codes = new Set<string>()
  const ignored: string[] = []
  for (const raw of retryOn.split(',')) {
    const token = raw.trim()
    if (!token) continue
    const mapped = (GRPC_RETRY_CODES as readonly string[]).includes(token) ? token
      : AS_UNAVAILABLE.has(token) ? 'unavailable'
      : HTTP_STATUS[token]
    if (mapped) codes.add(mapped)
    // Istio adds it whenever retryOn lists status codes; the codes themselves are mapped above.
    else if (token !== 'retriable-status-codes') ignored.push(token)
  }
  return { codes: GRPC_RETRY_CODES.filter((c) => codes.has(c)), ignored }
}

/** gRPC status names as Istio's grpcStatus takes them. */
export const GRPC_STATUS: Readonly<Record<string, number>> = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
}

export function grpcStatusCode(status: string): number | undefined {
  const code = /^\d+$/.test(status) ? Number(status) : GRPC_STATUS[status.toUpperCase()]
  return code !== undefined && code <= 16 ? code : undefined
}

/**
 * Match conditions a gRPC client cannot evaluate: it sees the method path and metadata, not the
 * HTTP method, scheme, authority or a query string.
 */
export function unevaluableConditions(m: HTTPMatchRequest): ('method' | 'scheme' | 'authority' | 'queryParams')[] {
  return (['method', 'scheme', 'authority', 'queryParams'] as const).filter((f) => m[f] !== undefined)
}

/** Of a connection pool, the one setting gRPC clients honour (as the cluster's max_requests). */
export const HONOURED_POOL_SETTING = 'http2MaxRequests'

/** grpc-js-xds NACKs a ring larger than this. */
export const MAX_RING_SIZE = 8_388_608
