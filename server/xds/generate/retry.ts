// Istio's retry policy in the terms grpc-js-xds honours. grpc-js reads only `retry_on` entries that
// name gRPC statuses (cancelled, deadline-exceeded, internal, resource-exhausted, unavailable),
// `num_retries` and `retry_back_off`; it ignores per_try_timeout and Envoy's HTTP conditions.
import type { HTTPRoute } from '../../../shared/istio/networking.ts'
import { DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_ON, grpcRetryOn } from '../../../shared/routing/grpc.ts'
import { protoDuration } from './values.ts'

type HTTPRetry = NonNullable<HTTPRoute['retries']>

/** grpc-js's own default base back-off, written out so the config says what the client does. */
const BASE_INTERVAL = { nanos: 25_000_000 }

/**
 * Envoy's RetryPolicy for a route, as Istio builds it: the default policy when `retries` is absent,
 * none when attempts is 0 or unset (Istio's way of turning retries off), and none when no condition
 * is one gRPC can retry on (grpc-js would ignore the policy anyway).
 */
export function retryPolicy(retries: HTTPRetry | undefined): Record<string, unknown> | undefined {
  const attempts = retries ? retries.attempts ?? 0 : DEFAULT_RETRY_ATTEMPTS
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
