// Fault injection, timeouts and retries: per route, on the routes that forward calls. With no such
// route yet, one is added that sends every call to the whole service (what happens today), so the
// policy changes nothing else. Every field of a route the wizards do not edit is kept. Pure.
import { Check } from 'typebox/value'
import { Duration } from '../istio/common.ts'
import type { HTTPFaultInjection, HTTPRoute } from '../istio/networking.ts'
import type { ConfigObject } from '../k8s.ts'
import { newVirtualService, type RoutingChange } from './change.ts'
import type { RoutingContext } from './context.ts'
import { DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_ON } from './grpc.ts'
import { child, clone, pruneEmpty, setField, type Json } from './json.ts'
import { httpRoutes, routeSummary } from './routes.ts'

/** A route a policy applies to; no index: the route Apply adds. */
export interface PolicyRoute<S> {
  index?: number
  label: string
  state: S
}

export interface PolicyProblem {
  field: string
  message: string
}


function forwardingRoutes(ctx: RoutingContext): { route: HTTPRoute; index?: number; label: string }[] {
  const routes = httpRoutes(ctx.vs)
  const out = routes.flatMap((route, index) => (route.route?.length ? [{ route, index, label: routeSummary(route, index) }] : []))
  if (out.length) return out
  return [{ route: {}, label: `every call to ${ctx.target.service} (a route Apply adds)` }]
}

/** Writes each route's policy; routes without an index are appended (a new VirtualService when there is none). */
function applyPerRoute<S>(ctx: RoutingContext, routes: readonly PolicyRoute<S>[], write: (route: HTTPRoute & Json, state: S) => void): RoutingChange {
  const vs: ConfigObject = ctx.vs ? clone(ctx.vs) : newVirtualService(ctx)
  const spec = (vs.spec ??= {}) as Json
  const http = clone(httpRoutes(ctx.vs)) as (HTTPRoute & Json)[]
  for (const r of routes) {
    if (r.index !== undefined) {
      if (!http[r.index]) throw new Error(`${vs.metadata.name} has no route ${r.index + 1}`)
      write(http[r.index], r.state)
      continue
    }
    const route = { route: [{ destination: { host: ctx.destinationHost } }] } as HTTPRoute & Json
    write(route, r.state)
    http.push(route)
  }
  setField(spec, 'http', http, ['gateways', 'hosts'])
  return { virtualService: { ...(ctx.vs ? { before: ctx.vs } : {}), after: vs } }
}

function checkDuration(out: PolicyProblem[], field: string, label: string, value: string, what: string): void {
  if (value === '') return
  if (!Check(Duration, value)) out.push({ field, message: `${label}: ${what} "${value}" is not a duration such as 1.5s, 100ms or 1h2m3s` })
}

function checkPercent(out: PolicyProblem[], field: string, label: string, value: number, what: string): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= 100)) out.push({ field, message: `${label}: ${what} must be a percentage from 0 to 100, got ${value}` })
}

// ---- Fault injection

export interface FaultState {
  delay: { enabled: boolean; fixedDelay: string; percent: number }
  /** `http2` is Istio's http2Error: shown, kept, not edited. */
  abort: { enabled: boolean; kind: 'http' | 'grpc' | 'http2'; httpStatus: number; grpcStatus: string; percent: number }
}

export function readFaults(ctx: RoutingContext): PolicyRoute<FaultState>[] {
  return forwardingRoutes(ctx).map(({ route, index, label }) => ({ ...(index !== undefined ? { index } : {}), label, state: readFault(route.fault) }))
}

export function readFault(f: HTTPFaultInjection | undefined): FaultState {
  const d = f?.delay
  const a = f?.abort
  return {
    delay: {
      enabled: d !== undefined,
      fixedDelay: d?.fixedDelay ?? '5s',
      percent: d?.percentage?.value ?? d?.percent ?? 100,
    },
    abort: {
      enabled: a !== undefined,
      kind: a?.grpcStatus !== undefined ? 'grpc' : a?.http2Error !== undefined && a.httpStatus === undefined ? 'http2' : 'http',
      httpStatus: a?.httpStatus ?? 503,
      grpcStatus: a?.grpcStatus ?? 'UNAVAILABLE',
      percent: a?.percentage?.value ?? 100,
    },
  }
}

export function faultProblems(routes: readonly PolicyRoute<FaultState>[]): PolicyProblem[] {
  const out: PolicyProblem[] = []
  routes.forEach((r, i) => {
    const at = `routes[${i}]`
    const { delay, abort } = r.state
    if (delay.enabled) {
      if (delay.fixedDelay === '') out.push({ field: `${at}.delay.fixedDelay`, message: `${r.label}: the delay needs a duration` })
      checkDuration(out, `${at}.delay.fixedDelay`, r.label, delay.fixedDelay, 'the delay')
      checkPercent(out, `${at}.delay.percent`, r.label, delay.percent, 'the share of delayed calls')
    }
    if (abort.enabled) {
      if (abort.kind === 'http' && !(Number.isInteger(abort.httpStatus) && abort.httpStatus >= 200 && abort.httpStatus <= 599)) {
        out.push({ field: `${at}.abort.httpStatus`, message: `${r.label}: the abort status must be an HTTP status from 200 to 599, got ${abort.httpStatus}` })
      }
      if (abort.kind === 'grpc' && abort.grpcStatus.trim() === '') out.push({ field: `${at}.abort.grpcStatus`, message: `${r.label}: the abort needs a gRPC status` })
      checkPercent(out, `${at}.abort.percent`, r.label, abort.percent, 'the share of aborted calls')
    }
  })
  return out
}

function writeFault(route: HTTPRoute & Json, s: FaultState): void {
  const before = clone(route.fault) as Json | undefined
  const fault = child(route, 'fault', ['retries', 'timeout', 'route'])
  if (!s.delay.enabled) delete fault.delay
  else {
    const delay = child(fault, 'delay')
    setField(delay, 'fixedDelay', s.delay.fixedDelay)
    setField(delay, 'percentage', { ...(delay.percentage as Json | undefined), value: s.delay.percent })
    // The integer `percent` is the deprecated spelling; percentage wins in Istio, so it would only mislead.
    delete delay.percent
  }
  if (!s.abort.enabled) delete fault.abort
  else {
    const abort = child(fault, 'abort')
    if (s.abort.kind === 'http') {
      setField(abort, 'httpStatus', s.abort.httpStatus)
      delete abort.grpcStatus
      delete abort.http2Error
    } else if (s.abort.kind === 'grpc') {
      setField(abort, 'grpcStatus', s.abort.grpcStatus.trim())
      delete abort.httpStatus
      delete abort.http2Error
    }
    setField(abort, 'percentage', { ...(abort.percentage as Json | undefined), value: s.abort.percent })
  }
  pruneEmpty(route, 'fault')
  // A fault written exactly as it was stays byte for byte (a percent written as an integer, say).
  if (before && sameFault(readFault(before as HTTPFaultInjection), s)) route.fault = before
}

function sameFault(a: FaultState, b: FaultState): boolean {
  return JSON.stringify(normalizeFault(a)) === JSON.stringify(normalizeFault(b))
}

function normalizeFault(s: FaultState): unknown {
  return {
    delay: s.delay.enabled ? s.delay : undefined,
    abort: s.abort.enabled ? { ...s.abort, ...(s.abort.kind === 'http' ? { grpcStatus: '' } : { httpStatus: 0 }) } : undefined,
  }
}

export function applyFaults(ctx: RoutingContext, routes: readonly PolicyRoute<FaultState>[]): RoutingChange {
  return applyPerRoute(ctx, routes, writeFault)
}

// ---- Timeouts and retries

export const RETRY_CONDITIONS = [
  'connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted',
  'reset', '5xx', 'gateway-error', 'retriable-4xx', 'retriable-status-codes',
] as const

export interface TimeoutState {
  /** '' : no timeout of its own. */
  timeout: string
  retries: {
    /** `default`: no retries field, Istio's default policy; `off`: attempts 0; `custom`: as below. */
    mode: 'default' | 'off' | 'custom'
    attempts: number
    perTryTimeout: string
    retryOn: string[]
  }
}

export function readTimeouts(ctx: RoutingContext): PolicyRoute<TimeoutState>[] {
  return forwardingRoutes(ctx).map(({ route, index, label }) => ({ ...(index !== undefined ? { index } : {}), label, state: readTimeout(route) }))
}

export function readTimeout(route: HTTPRoute): TimeoutState {
  const r = route.retries
  const mode = !r ? 'default' : (r.attempts ?? 0) <= 0 ? 'off' : 'custom'
  return {
    timeout: route.timeout ?? '',
    retries: {
      mode,
      attempts: r?.attempts && r.attempts > 0 ? r.attempts : DEFAULT_RETRY_ATTEMPTS,
      perTryTimeout: r?.perTryTimeout ?? '',
      retryOn: (r?.retryOn || DEFAULT_RETRY_ON).split(',').map((s) => s.trim()).filter(Boolean),
    },
  }
}

export function timeoutProblems(routes: readonly PolicyRoute<TimeoutState>[]): PolicyProblem[] {
  const out: PolicyProblem[] = []
  routes.forEach((r, i) => {
    const at = `routes[${i}]`
    checkDuration(out, `${at}.timeout`, r.label, r.state.timeout, 'the timeout')
    const rt = r.state.retries
    if (rt.mode !== 'custom') return
    if (!(Number.isInteger(rt.attempts) && rt.attempts >= 1)) out.push({ field: `${at}.retries.attempts`, message: `${r.label}: attempts must be a whole number of at least 1, got ${rt.attempts}` })
    checkDuration(out, `${at}.retries.perTryTimeout`, r.label, rt.perTryTimeout, 'the per-try timeout')
    for (const c of rt.retryOn) {
      if (!/^[a-z0-9-]+$/.test(c)) out.push({ field: `${at}.retries.retryOn`, message: `${r.label}: "${c}" is not a retry condition` })
    }
  })
  return out
}

function writeTimeout(route: HTTPRoute & Json, s: TimeoutState): void {
  const prior = readTimeout(route)
  if (prior.timeout !== s.timeout) setField(route, 'timeout', s.timeout || undefined, ['route'])
  if (JSON.stringify(prior.retries) === JSON.stringify(s.retries)) return
  const rt = s.retries
  if (rt.mode === 'default') {
    delete route.retries
    return
  }
  const retries = child(route, 'retries', ['timeout', 'route'])
  if (rt.mode === 'off') {
    setField(retries, 'attempts', 0)
    delete retries.perTryTimeout
    delete retries.retryOn
    return
  }
  setField(retries, 'attempts', rt.attempts)
  setField(retries, 'perTryTimeout', rt.perTryTimeout || undefined)
  setField(retries, 'retryOn', rt.retryOn.length ? rt.retryOn.join(',') : undefined)
}

export function applyTimeouts(ctx: RoutingContext, routes: readonly PolicyRoute<TimeoutState>[]): RoutingChange {
  return applyPerRoute(ctx, routes, writeTimeout)
}
