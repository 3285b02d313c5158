// The network boundary: every API call goes through `request`, which adds a timeout, turns failures
// into ApiError and checks the answer against its shared schema before anyone else sees it.
import type { Static, TSchema } from 'typebox'
import { Check, Errors } from 'typebox/value'
import { ApiError } from './errors.ts'

export const DEFAULT_TIMEOUT_MS = 15_000

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: Method
  /** Sent as JSON. */
  body?: unknown
  /** Defaults to application/json; merge patches use application/merge-patch+json. */
  contentType?: string
  /** The caller's cancellation (react-query passes one per query). */
  signal?: AbortSignal
  timeoutMs?: number
}

export async function request<S extends TSchema>(schema: S, url: string, opts: RequestOptions = {}): Promise<Static<S>> {
  const method = opts.method ?? 'GET'
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json'

  let res: Response
  let text: string
  try {
    res = await fetch(url, {
      method,
      headers,
      signal,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    })
    text = await res.text()
  } catch (err) {
    // A cancellation by the caller is not a failure: let react-query see the AbortError as is.
    if (opts.signal?.aborted) throw err
    if (timeout.aborted) throw ApiError.timeout(method, url, timeoutMs)
    throw ApiError.network(method, url, err)
  }

  const body = parseJson(text)
  if (!res.ok) throw ApiError.fromResponse(method, url, res.status, res.statusText, body)
  if (body === undefined) throw ApiError.invalidResponse(method, url, 'the body is not JSON')
  if (!Check(schema, body)) throw ApiError.invalidResponse(method, url, describeMismatch(schema, body))
  return body
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function describeMismatch(schema: TSchema, value: unknown): string {
  const [first] = Errors(schema, value)
  if (!first) return 'unexpected shape'
  return `${first.instancePath || '/'}: ${first.message}`
}
