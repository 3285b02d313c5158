// The one error type the web app sees from the API: HTTP error answers (parsed from the server's
// ApiError body), timeouts, network failures and answers that do not match their contract.
import { Check } from 'typebox/value'
import { ApiError as ApiErrorBody } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import type { IstioCheck } from '../../shared/validation.ts'

export type ApiErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response'

interface ApiErrorInit {
  kind: ApiErrorKind
  method: string
  url: string
  message: string
  /** 0 when there was no HTTP answer. */
  statusCode?: number
  reason?: string
  checks?: IstioCheck[]
  current?: ConfigObject
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly kind: ApiErrorKind
  readonly method: string
  readonly url: string
  readonly statusCode: number
  readonly reason: string
  /** The checks that rejected a write (400). */
  readonly checks: readonly IstioCheck[]
  /** The object as it is now, when a write lost a race (409). */
  readonly current: ConfigObject | undefined

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.kind = init.kind
    this.method = init.method
    this.url = init.url
    this.statusCode = init.statusCode ?? 0
    this.reason = init.reason ?? ''
    this.checks = init.checks ?? []
    this.current = init.current
  }

  get isRejected(): boolean {
    return this.statusCode === 400
  }
  get isForbidden(): boolean {
    return this.statusCode === 403
  }
  get isNotFound(): boolean {
    return this.statusCode === 404
  }
  get isConflict(): boolean {
    return this.statusCode === 409
  }
  /** A dependency is down or not configured (Prometheus, for telemetry): the answer says which and why. */
  get isUnavailable(): boolean {
    return this.statusCode === 503
  }
  /** Worth retrying: the server may answer next time. Client errors will not change. */
  get isTransient(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.statusCode >= 500
  }

  static fromResponse(method: string, url: string, status: number, statusText: string, body: unknown): ApiError {
    if (Check(ApiErrorBody, body)) {
      return new ApiError({
        kind: 'http',
        method,
        url,
        statusCode: status,
        reason: body.reason,
        message: body.error,
        checks: body.checks,
        current: body.current,
      })
    }
    return new ApiError({
      kind: 'http',
      method,
      url,
      statusCode: status,
      reason: statusText,
      message: `${method} ${url} failed: ${status} ${statusText}`.trim(),
    })
  }

  static timeout(method: string, url: string, ms: number): ApiError {
    const limit = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
    return new ApiError({ kind: 'timeout', method, url, message: `The server did not answer ${method} ${url} within ${limit}` })
  }

  static network(method: string, url: string, cause: unknown): ApiError {
    const detail = cause instanceof Error ? `: ${cause.message}` : ''
    return new ApiError({ kind: 'network', method, url, message: `Could not reach the server for ${method} ${url}${detail}` })
  }

  static invalidResponse(method: string, url: string, detail: string): ApiError {
    return new ApiError({
      kind: 'invalid-response',
      method,
      url,
      message: `The server's answer to ${method} ${url} does not match the API contract (${detail})`,
    })
  }
}

/** A message for any error a query or mutation can end with. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
