// What can go wrong between Trellis and Prometheus, as the API reports it (through the store's
// error base, which the routes' error handler turns into `{error, reason, statusCode}`).
import { StoreError } from '../../store/errors.ts'

/** Why Prometheus did not answer usefully. */
export type UnavailableCause = 'connection' | 'timeout' | 'http' | 'bad-answer'

/** Prometheus did not answer, answered with a server error, or answered something that is not its API. */
export class PrometheusUnavailableError extends StoreError {
  readonly statusCode = 503
  readonly reason = 'ServiceUnavailable'

  constructor(readonly url: string, readonly kind: UnavailableCause, readonly detail: string) {
    super(`Prometheus at ${url} is not reachable: ${detail}`)
  }
}

/** No Prometheus URL was given: telemetry is off, config still works. */
export class PrometheusNotConfiguredError extends StoreError {
  readonly statusCode = 503
  readonly reason = 'ServiceUnavailable'

  constructor() {
    super('no Prometheus configured: start with --prometheus-url')
  }
}

/** Prometheus answered, but rejected the query (bad_data, execution limits). */
export class PrometheusQueryError extends StoreError {
  readonly statusCode = 502
  readonly reason = 'BadGateway'

  constructor(readonly url: string, readonly errorType: string, readonly detail: string, readonly query: string) {
    super(`Prometheus at ${url} rejected the query (${errorType}: ${detail}): ${query.slice(0, 500)}`)
  }
}
