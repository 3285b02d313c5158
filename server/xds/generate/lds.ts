// Listeners. Client side: one API listener per dialed target (`xds:///reviews:9080` asks for
// `reviews:9080`), named exactly as asked, pointing over RDS at its service port's routes. Server
// side: the listener an xDS-enabled gRPC server asks for its bound address, with inline routes
// that accept every call (mTLS and RBAC will hang off this filter chain).
import type { Generator, Resource } from '../types.ts'
import { TYPE_URL } from '../protos.ts'
import { clientHttpFilters, HCM_FILTER, serverHttpFilters } from './filters.ts'
import { INBOUND_LISTENER_PREFIX, namesOrAll, parseInboundListenerName, portsOf, resolveTarget, routeConfigName, visibleServices } from './names.ts'

export const generateListeners: Generator = (snapshot, proxy, names) => {
  const requested = namesOrAll(names, () =>
    visibleServices(snapshot, proxy).flatMap((s) => portsOf(s).map((p) => `${s.hostname}:${p}`)))
  const out: Resource[] = []
  for (const name of requested) {
    if (name.startsWith(INBOUND_LISTENER_PREFIX)) {
      const address = parseInboundListenerName(name)
      if (address) out.push({ name, message: inboundListener(name, address.ip, address.port) })
      continue
    }
    const target = resolveTarget(snapshot, proxy, name)
    if (target) out.push({ name, message: clientListener(name, routeConfigName(target.service.hostname, target.port)) })
  }
  return out
}

function clientListener(name: string, routeName: string): Record<string, unknown> {
  return {
    name,
    apiListener: {
      apiListener: {
        '@type': TYPE_URL.hcm,
        rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: routeName },
        httpFilters: clientHttpFilters(),
      },
    },
  }
}

function inboundListener(name: string, ip: string, port: number): Record<string, unknown> {
  return {
    name,
    address: { socketAddress: { address: ip, portValue: port } },
    filterChains: [{
      name: 'inbound-plaintext',
      filters: [{
        name: HCM_FILTER,
        typedConfig: {
          '@type': TYPE_URL.hcm,
          routeConfig: {
            name: `inbound|${port}`,
            virtualHosts: [{
              name: 'inbound',
              domains: ['*'],
              routes: [{ match: { prefix: '/' }, nonForwardingAction: {} }],
            }],
          },
          httpFilters: serverHttpFilters(),
        },
      }],
    }],
  }
}
