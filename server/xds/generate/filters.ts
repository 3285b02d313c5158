// The HTTP filters of the HttpConnectionManagers this control plane sends.
import { TYPE_URL } from '../protos.ts'

export const FAULT_FILTER = 'envoy.filters.http.fault'
export const ROUTER_FILTER = 'envoy.filters.http.router'
export const HCM_FILTER = 'envoy.filters.network.http_connection_manager'

function filter(name: string, typeUrl: string): Record<string, unknown> {
  return { name, typedConfig: { '@type': typeUrl } }
}

/**
 * Clients always get the fault filter, empty (a no-op) unless a route overrides it: grpc-js-xds
 * does not apply a Listener-only change, so adding a fault must only change the RouteConfiguration.
 * The router must be last.
 */
export function clientHttpFilters(): Record<string, unknown>[] {
  return [filter(FAULT_FILTER, TYPE_URL.fault), filter(ROUTER_FILTER, TYPE_URL.router)]
}

export function serverHttpFilters(): Record<string, unknown>[] {
  return [filter(ROUTER_FILTER, TYPE_URL.router)]
}
