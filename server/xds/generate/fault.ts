// Istio's fault injection as the HTTPFault that grpc-js-xds's fault filter reads per route.
import type { HTTPFaultInjection } from '../../../shared/istio/networking.ts'
import { grpcStatusCode } from '../../../shared/routing/grpc.ts'
import { TYPE_URL } from '../protos.ts'
import { fractionalPercent, protoDuration, type FractionalPercent } from './values.ts'

/**
 * An unset percentage faults no call (Istio's and Envoy's reading); grpc-js NACKs a fault without
 * one, so it is written out as 0%.
 */
function percentage(p: { value?: number } | undefined, legacyPercent?: number): FractionalPercent {
  return fractionalPercent(p?.value ?? legacyPercent ?? 0)
}

/** The per-route override of the fault filter, or undefined when nothing the client can inject is set. */
export function faultOverride(fault: HTTPFaultInjection | undefined): Record<string, unknown> | undefined {
  if (!fault) return undefined
  const fixedDelay = protoDuration(fault.delay?.fixedDelay)
  // exponentialDelay has no Envoy or gRPC equivalent; Istio drops it too.
  const delay = fault.delay && fixedDelay
    ? { fixedDelay, percentage: percentage(fault.delay.percentage, fault.delay.percent) }
    : undefined
  const abort = abortOf(fault.abort)
  if (!delay && !abort) return undefined
  return { '@type': TYPE_URL.fault, ...(delay ? { delay } : {}), ...(abort ? { abort } : {}) }
}

function abortOf(abort: HTTPFaultInjection['abort']): Record<string, unknown> | undefined {
  if (!abort) return undefined
  if (abort.grpcStatus !== undefined) {
    const code = grpcStatusCode(abort.grpcStatus)
    return code === undefined ? undefined : { grpcStatus: code, percentage: percentage(abort.percentage) }
  }
  // grpc-js turns the HTTP status into a gRPC one (503 → UNAVAILABLE) as gRPC's mapping does.
  if (abort.httpStatus !== undefined) return { httpStatus: abort.httpStatus, percentage: percentage(abort.percentage) }
  return undefined
}
