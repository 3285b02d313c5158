// The HTTP client for Prometheus's query API. Every request has a timeout, every answer is checked
// against the API's schema and mapped to domain types before anything else sees it, and every
// failure is a typed error the routes answer 503 (or 502) with. A light probe of /-/ready keeps
// the availability state fresh, so when Prometheus comes back its data does too, without a restart.
//
// The transport is node:http(s) with kept-alive connections rather than fetch: a graph reads some
// 15 MB of answers, and fetch's body streams cost about twice the CPU of plain buffers. Answers
// are asked gzipped unless Prometheus is on this host, where compressing costs both sides CPU
// and saves nothing.
import { isAscii } from 'node:buffer'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'
import { createGunzip, createInflate } from 'node:zlib'
import type { Logger } from 'pino'
import { BadAnswerError, parseAnswer, type QueryResult, type Sample, type Series } from './answers.ts'
import { PrometheusQueryError, PrometheusUnavailableError } from './errors.ts'
import type { InstantVector } from './promql.ts'

export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:9090` (a path prefix such as `/prometheus` is kept). */
  url: string
  /** Per request, in ms (default 5000). */
  timeoutMs?: number
  /** How often /-/ready is probed, in ms (default 5000). */
  probeIntervalMs?: number
  logger?: Logger
}

export interface PrometheusStatus {
  url: string
  available: boolean
  /** Why it is not available. */
  error?: string
  /** When availability was last learnt (a probe or a query), ISO 8601. */
  checkedAt?: string
}

export interface TimeRange {
  /** Unix seconds. */
  start: number
  end: number
  /** Resolution in seconds. */
  step: number
}

const MAX_ERROR_BODY = 300
/** Idle kept-alive connections are closed after this long (undici's default), before a server drops them under a request. */
const IDLE_SOCKET_MS = 4000

/** An HTTP exchange's outcome: what the client reads of a response. */
interface Reply {
  status: number
  statusText: string
  ok: boolean
  contentType: string | undefined
  /** The body as text (UTF-8, as fetch's text() decodes it); empty when not read. */
  text: string
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** The body's bytes as text: UTF-8 with a leading BOM dropped and bad sequences replaced, like fetch's text(). */
function decodeText(body: Buffer): string {
  // ASCII (every answer, in practice) is its own Latin-1: no decoding pass.
  return isAscii(body) ? body.toString('latin1') : new TextDecoder().decode(body)
}

/** An error named like the ones AbortSignal.timeout gives, for transportError. */
function timeoutError(): Error {
  const err = new Error('timed out')
  err.name = 'TimeoutError'
  return err
}

export class PrometheusClient {
  readonly url: string
  readonly timeoutMs: number
  private readonly base: string
  private readonly https: boolean
  private readonly agent: HttpAgent
  private readonly gzip: boolean
  private readonly probeIntervalMs: number
  private readonly logger: Logger | undefined
  private state: { up: boolean | undefined; error?: string; checkedAt?: Date } = { up: undefined }
  private timer: NodeJS.Timeout | undefined
  private probing: Promise<PrometheusStatus> | undefined

  constructor(opts: PrometheusClientOptions) {
    let parsed: URL
    try {
      parsed = new URL(opts.url)
    } catch {
      throw new Error(`Prometheus URL "${opts.url}" is not a URL: write it like http://127.0.0.1:9090`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`Prometheus URL "${opts.url}" must be http:// or https://`)
    }
    this.url = opts.url.replace(/\/+$/, '')
    this.base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
    this.https = parsed.protocol === 'https:'
    this.agent = this.https ? new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) : new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS })
    this.gzip = !LOOPBACK.test(parsed.hostname)
    this.timeoutMs = opts.timeoutMs ?? 5000
    this.probeIntervalMs = opts.probeIntervalMs ?? 5000
    this.logger = opts.logger
  }

  /** Starts the periodic probe (the first one at once). */
  start(): void {
    if (this.timer) return
    void this.probe()
    this.timer = setInterval(() => void this.probe(), this.probeIntervalMs)
    this.timer.unref()
  }

  close(): void {
    clearInterval(this.timer)
    this.timer = undefined
    // Idle connections go now; a query still running keeps its own until it ends.
    for (const sockets of Object.values(this.agent.freeSockets)) for (const s of sockets ?? []) s.destroy()
  }

  status(): PrometheusStatus {
    return {
      url: this.url,
      available: this.state.up === true,
      ...(this.state.up === false && this.state.error ? { error: this.state.error } : {}),
      ...(this.state.up === undefined ? { error: 'not checked yet' } : {}),
      ...(this.state.checkedAt ? { checkedAt: this.state.checkedAt.toISOString() } : {}),
    }
  }

  /** The status, after the first check when none has finished yet. */
  async checkedStatus(): Promise<PrometheusStatus> {
    if (this.state.up === undefined) await this.probe()
    return this.status()
  }

  /** True when the last probe or query found Prometheus unreachable (callers may skip it until it is back). */
  knownDown(): boolean {
    return this.state.up === false
  }

  /** GET /-/ready; one at a time. */
  probe(): Promise<PrometheusStatus> {
    this.probing ??= (async () => {
      try {
        const res = await this.send(`${this.base}/-/ready`, undefined, false)
        if (res.ok) this.mark(true)
        else this.mark(false, new PrometheusUnavailableError(this.url, 'http', `/-/ready answered HTTP ${res.status} ${res.statusText}`.trim()))
      } catch (err) {
        if (err instanceof PrometheusUnavailableError) this.mark(false, err)
        else throw err
      } finally {
        this.probing = undefined
      }
      return this.status()
    })()
    return this.probing
  }

  /** An instant query, evaluated now or at `time` (unix seconds). */
  async query(expr: InstantVector, time?: number): Promise<QueryResult> {
    const params: Record<string, string> = { query: expr.text }
    if (time !== undefined) params.time = String(time)
    return this.call('/api/v1/query', params, expr.text)
  }

  /** An instant query that must answer a vector. */
  async queryVector(expr: InstantVector, time?: number): Promise<Sample[]> {
    const result = await this.query(expr, time)
    if (result.type !== 'vector') throw this.badAnswer(`expected a vector for ${expr.text.slice(0, 200)}, got a ${result.type}`)
    return result.samples
  }

  /** A range query; it always answers a matrix. */
  async queryRange(expr: InstantVector, range: TimeRange): Promise<Series[]> {
    const result = await this.call('/api/v1/query_range', {
      query: expr.text, start: String(range.start), end: String(range.end), step: String(range.step),
    }, expr.text)
    if (result.type !== 'matrix') throw this.badAnswer(`expected a matrix for ${expr.text.slice(0, 200)}, got a ${result.type}`)
    return result.series
  }

  // ---- transport

  private async call(path: string, params: Record<string, string>, query: string): Promise<QueryResult> {
    // Prometheus stops evaluating when we stop waiting.
    const form = new URLSearchParams({ ...params, timeout: `${this.timeoutMs / 1000}s` })
    try {
      const res = await this.send(`${this.base}${path}`, form, true)
      const { text } = res
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        if (!res.ok) throw new PrometheusUnavailableError(this.url, 'http', `HTTP ${res.status} ${res.statusText}: ${text.slice(0, MAX_ERROR_BODY)}`.trim())
        throw this.badAnswer(`the answer is not JSON (content-type ${res.contentType ?? 'none'}): ${text.slice(0, 80)}`)
      }
      let answer
      try {
        answer = parseAnswer(body)
      } catch (err) {
        if (!(err instanceof BadAnswerError)) throw err
        if (!res.ok) throw new PrometheusUnavailableError(this.url, 'http', `HTTP ${res.status} ${res.statusText}`.trim())
        throw this.badAnswer(err.message)
      }
      if (!answer.ok) {
        // 4xx: the query was refused (bad_data, execution limits); 5xx: Prometheus itself is in trouble.
        if (res.status >= 500) throw new PrometheusUnavailableError(this.url, 'http', `HTTP ${res.status} (${answer.errorType}): ${answer.error.slice(0, MAX_ERROR_BODY)}`)
        this.mark(true)
        throw new PrometheusQueryError(this.url, answer.errorType, answer.error, query)
      }
      if (answer.warnings.length) this.logger?.warn({ query, warnings: answer.warnings }, 'Prometheus answered with warnings')
      this.mark(true)
      return answer.result
    } catch (err) {
      if (err instanceof PrometheusUnavailableError) this.mark(false, err)
      throw err
    }
  }

  /**
   * One HTTP exchange, within the timeout from connecting to the body's last byte: a POST of the
   * form when there is one, else a GET; the body read (and gunzipped) when asked.
   */
  private send(url: string, form: URLSearchParams | undefined, readBody: boolean): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      let settled = false
      const fail = (err: unknown) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        req.destroy()
        reject(this.transportError(err))
      }
      const done = (res: IncomingMessage, text: string) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        const status = res.statusCode ?? 0
        resolve({ status, statusText: res.statusMessage ?? '', ok: status >= 200 && status < 300, contentType: res.headers['content-type'], text })
      }
      const body = form?.toString()
      const headers: Record<string, string | number> = body === undefined ? {} : {
        'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'application/json',
      }
      if (this.gzip && readBody) headers['accept-encoding'] = 'gzip'
      const request = this.https ? httpsRequest : httpRequest
      const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers, agent: this.agent }, (res) => {
        res.on('error', fail)
        if (!readBody) {
          res.resume()
          done(res, '')
          return
        }
        const encoding = res.headers['content-encoding']
        const stream: Readable = encoding === 'gzip' || encoding === 'x-gzip' ? res.pipe(createGunzip())
          : encoding === 'deflate' ? res.pipe(createInflate())
            : res
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => done(res, decodeText(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))))
        stream.on('error', fail)
      })
      const timer = setTimeout(() => fail(timeoutError()), this.timeoutMs)
      req.on('error', fail)
      req.end(body)
    })
  }

  private transportError(err: unknown): PrometheusUnavailableError {
    if (err instanceof PrometheusUnavailableError) return err
    const e = err as Error & { code?: string }
    if (e.name === 'TimeoutError') {
      return new PrometheusUnavailableError(this.url, 'timeout', `no answer within ${this.timeoutMs} ms`)
    }
    const code = e.code
    const detail = code === 'ECONNREFUSED' ? 'connection refused (ECONNREFUSED)'
      : code === 'ENOTFOUND' ? 'host not found (ENOTFOUND)'
        : code === 'ECONNRESET' ? 'connection reset (ECONNRESET)'
          : code ? `${e.message} (${code})`
            : e.message
    return new PrometheusUnavailableError(this.url, 'connection', detail)
  }

  private badAnswer(detail: string): PrometheusUnavailableError {
    return new PrometheusUnavailableError(this.url, 'bad-answer', `it answered something that is not Prometheus's API: ${detail}`)
  }

  private mark(up: boolean, err?: PrometheusUnavailableError): void {
    const was = this.state.up
    this.state = { up, ...(err ? { error: err.message } : {}), checkedAt: new Date() }
    if (was === up) return
    if (up) this.logger?.info({ url: this.url }, 'Prometheus is available')
    else this.logger?.warn({ url: this.url, reason: err?.kind, error: err?.message }, 'Prometheus is not available; telemetry shows as NA until it is back')
  }
}
