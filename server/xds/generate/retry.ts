// Istio's retry policy in the terms grpc-js-xds honours. grpc-js reads only `retry_on` entries that
// name gRPC statuses (cancelled, deadline-exceeded, internal, resource-exhausted, unavailable),
// `num_retries` and `retry_back_off`; it ignores per_try_timeout and Envoy's HTTP conditions.
import type { HTTPRoute } from '../../../shared/istio/networking.ts'
import { protoDuration } from './values.ts'

type HTTPRetry = NonNullable<HTTPRoute['retries']>

/** The statuses grpc-js can retry on, in the order they are written out. */
const GRPC_CODES = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'] as const

/**
 * Envoy's conditions that a gRPC client sees as UNAVAILABLE: connection failures, resets, and HTTP
 * errors from something other than the gRPC server (which answers 200 with a grpc-status).
 */
const AS_UNAVAILABLE = new Set(['5xx', 'gateway-error', 'connect-failure', 'refused-stream', 'reset', 'reset-before-request'])

/** HTTP status codes (Istio accepts them in retryOn) as gRPC maps them (grpc's http-grpc-status-mapping). */
const HTTP_STATUS: Record<string, (typeof GRPC_CODES)[number]> = {
  400: 'internal', 429: 'unavailable', 502: 'unavailable', 503: 'unavailable', 504: 'unavailable',
}

/** Istio's default when a route sets no retries: 2 attempts on these conditions. */
const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'
const DEFAULT_ATTEMPTS = 2
/** grpc-js's own default base back-off, written out so the config says what the client does. */
const BASE_INTERVAL = { nanos: 25_000_000 }

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
    const mapped = (GRPC_CODES as readonly string[]).includes(token) ? token
      : AS_UNAVAILABLE.has(token) ? 'unavailable'
      : HTTP_STATUS[token]
    if (mapped) codes.add(mapped)
    // Istio adds it whenever retryOn lists status codes; the codes themselves are mapped above.
    else if (token !== 'retriable-status-codes') ignored.push(token)
  }
  return { codes: GRPC_CODES.filter((c) => codes.has(c)), ignored }
}

/**
 * Envoy's RetryPolicy for a route, as Istio builds it: the default policy when `retries` is absent,
 * none when attempts is 0 or unset (Istio's way of turning retries off), and none when no condition
 * is one gRPC can retry on (grpc-js would ignore the policy anyway).
 */
export function retryPolicy(retries: HTTPRetry | undefined): Record<string, unknown> | undefined {
  const attempts = retries ? retries.attempts ?? 0 : DEFAULT_ATTEMPTS
  if (attempts <= 0) return undefined
  const { codes } = grpcRetryOn(retries?.retryOn || DEFAULT_RETRY_ON)
  if (!codes.length) return undefined
  const perTryTimeout = protoDuration(retries?.perTryTimeout)
  return {
    retryOn: codes.join(','),
    numRetries: { value: attempts },
    ...(perTryTimeout ? { perTryTimeout } : {}),
    retryBackOff: { baseInterval: BASE_INTERVAL },
  }
}
