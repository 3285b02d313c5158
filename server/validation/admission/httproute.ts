// One VirtualService http route: what it does (route, directResponse, delegate), its timeouts,
// retries, fault injection, rewrite and matches — Istio's validateHTTPRoute — and the rejection of
// redirects, which Trellis's proxyless gRPC data plane cannot perform.
import type { HTTPFaultInjection, HTTPRoute } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkDestination, checkWeightedDestinations } from './destination.ts'
import { checkMinDuration } from './duration.ts'
import { checkMatchRequest, checkRegex } from './httpmatch.ts'
import type { Path } from './path.ts'

/** gRPC status names Istio accepts for abort.grpcStatus. */
const GRPC_STATUSES = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
])

export function checkHTTPRoute(route: HTTPRoute, path: Path, out: IstioCheck[]): void {
  checkAction(route, path, out)
  if (route.route) checkWeightedDestinations(route.route, [...path, 'route'], out)
  if (route.mirror) checkDestination(route.mirror, [...path, 'mirror'], out)
  route.mirrors?.forEach((m, i) => checkDestination(m.destination, [...path, 'mirrors', i, 'destination'], out))
  route.match?.forEach((m, i) => checkMatchRequest(m, [...path, 'match', i], out))
  checkMinDuration(route.timeout, [...path, 'timeout'], out)
  if (route.retries) {
    const attempts = route.retries.attempts
    if (attempts !== undefined && attempts < 0) {
      out.push(check('invalidField', [...path, 'retries', 'attempts'],
        `attempts ${attempts} is negative; use 0 to disable retries or a positive count`))
    }
    checkMinDuration(route.retries.perTryTimeout, [...path, 'retries', 'perTryTimeout'], out)
  }
  if (route.fault) checkFault(route.fault, [...path, 'fault'], out)
  const regexRewrite = route.rewrite?.uriRegexRewrite
  if (regexRewrite) {
    const at = [...path, 'rewrite', 'uriRegexRewrite']
    if (!regexRewrite.match || regexRewrite.rewrite === undefined) {
      out.push(check('invalidField', at, 'uriRegexRewrite needs both match and rewrite'))
    }
    if (regexRewrite.match) checkRegex(regexRewrite.match, [...at, 'match'], out)
    if (route.rewrite?.uri !== undefined) {
      out.push(check('invalidField', [...path, 'rewrite'], 'rewrite sets both uri and uriRegexRewrite; set only one'))
    }
  }
}

/** A route must do exactly one thing; redirects are not possible without a proxy. */
function checkAction(route: HTTPRoute, path: Path, out: IstioCheck[]): void {
  const routes = (route.route?.length ?? 0) > 0
  if (route.redirect) {
    out.push(check('redirectNotAllowed', [...path, 'redirect'],
      "Trellis's data plane is proxyless gRPC, which cannot send HTTP redirects; route to a destination or use directResponse instead"))
  }
  if (!routes && !route.redirect && !route.directResponse && !route.delegate) {
    out.push(check('invalidField', path, 'an http route needs route (destinations), directResponse or delegate'))
  }
  if (route.delegate && routes) {
    out.push(check('invalidField', [...path, 'delegate'], 'a route with delegate must not also set route; the delegate VirtualService routes'))
  }
  if (route.directResponse) {
    if (routes) {
      out.push(check('invalidField', [...path, 'directResponse'], 'directResponse and route are exclusive; set one'))
    }
    const status = route.directResponse.status
    if (status < 200 || status > 599) {
      out.push(check('invalidField', [...path, 'directResponse', 'status'], `status ${status} is out of range; allowed 200–599`))
    }
  }
}

function checkFault(fault: HTTPFaultInjection, path: Path, out: IstioCheck[]): void {
  const { abort, delay } = fault
  if (!abort && !delay) out.push(check('invalidField', path, 'fault needs an abort, a delay, or both'))
  if (delay) {
    checkMinDuration(delay.fixedDelay, [...path, 'delay', 'fixedDelay'], out)
    if (delay.exponentialDelay !== undefined) {
      out.push(check('invalidField', [...path, 'delay', 'exponentialDelay'], 'exponentialDelay is not supported (as in Istio); use fixedDelay'))
    }
    if (delay.percent !== undefined && (delay.percent < 0 || delay.percent > 100)) {
      out.push(check('invalidField', [...path, 'delay', 'percent'], `percent ${delay.percent} is out of range; allowed 0–100`))
    }
  }
  if (abort) {
    const at = [...path, 'abort']
    const kinds = (['httpStatus', 'grpcStatus', 'http2Error'] as const).filter((k) => abort[k] !== undefined)
    if (kinds.length !== 1) {
      const found = kinds.length === 0 ? 'none is set' : `${kinds.join(' and ')} are set`
      out.push(check('invalidField', at, `abort needs exactly one of httpStatus (200–599) or grpcStatus (e.g. UNAVAILABLE); ${found}`))
    }
    if (abort.httpStatus !== undefined && (abort.httpStatus < 200 || abort.httpStatus > 599)) {
      out.push(check('invalidField', [...at, 'httpStatus'], `httpStatus ${abort.httpStatus} is out of range; allowed 200–599`))
    }
    if (abort.grpcStatus !== undefined && !GRPC_STATUSES.has(abort.grpcStatus)) {
      out.push(check('invalidField', [...at, 'grpcStatus'],
        `grpcStatus ${JSON.stringify(abort.grpcStatus)} is not a gRPC status name; use one of ${[...GRPC_STATUSES].join(', ')}`))
    }
    if (abort.http2Error !== undefined) {
      out.push(check('invalidField', [...at, 'http2Error'], 'http2Error aborts are not supported (as in Istio); use httpStatus or grpcStatus'))
    }
  }
}
