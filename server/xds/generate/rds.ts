// RouteConfigurations, one per service port (`outbound|<port>||<fqdn>`), built for the proxy that
// asks: its namespace decides the VirtualService that applies and the host spellings its clients
// dial; its labels and namespace decide which match entries apply.
import { createHash } from 'node:crypto'
import type { VirtualServiceSpec } from '../../../shared/istio/networking.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { MeshService } from '../../mesh/types.ts'
import type { Generator, ProxyInfo, Resource } from '../types.ts'
import { defaultRoute, translateHttpRoute, type RouteContext } from './http-route.ts'
import { hostAliases, namesOrAll, parseClusterName, portsOf, routeConfigName, visibleService, visibleServices } from './names.ts'

export const generateRoutes: Generator = (snapshot, proxy, names) => {
  const requested = namesOrAll(names, () =>
    visibleServices(snapshot, proxy).flatMap((s) => portsOf(s).map((p) => routeConfigName(s.hostname, p))))
  const out: Resource[] = []
  for (const name of requested) {
    const key = parseClusterName(name)
    if (!key || key.subset) continue
    const service = visibleService(snapshot, proxy, key.host)
    if (!service || !service.ports.some((p) => p.port === key.port)) continue
    const domains = hostAliases(snapshot, proxy, service, key.port)
    const list = routes(snapshot, proxy, service, key.port)
    out.push({
      name,
      message: { name, virtualHosts: [{ name: `${service.hostname}:${key.port}#${fingerprint(domains, list)}`, domains, routes: list }] },
    })
  }
  return out
}

/**
 * grpc-js-xds drops an update that its resourcesEqual(cached, update) finds equal, and that compare
 * is one-sided: it walks the old resource's keys only and compares packed Any values up to the old
 * length. So a route gaining a per-filter override (a fault, later RBAC) looks unchanged and is
 * never applied. A fingerprint of the content in the virtual host's name, a string it always
 * compares, makes every real change visible.
 */
function fingerprint(domains: readonly string[], list: readonly Record<string, unknown>[]): string {
  return createHash('sha256').update(JSON.stringify([domains, list])).digest('hex').slice(0, 12)
}

/**
 * The VirtualService's http routes in order, up to the first catch-all. When no VirtualService
 * applies, or none of its routes applies to this proxy and port, the service's default route
 * (Istio drops such a VirtualService for the proxy the same way).
 */
function routes(snapshot: MeshSnapshot, proxy: ProxyInfo, service: MeshService, port: number): Record<string, unknown>[] {
  const binding = snapshot.virtualServiceFor(service.hostname, proxy.namespace)
  const ctx: RouteContext = { snapshot, proxy, namespace: binding?.namespace ?? service.namespace, port }
  const out: Record<string, unknown>[] = []
  for (const http of (binding?.object.spec as VirtualServiceSpec | undefined)?.http ?? []) {
    const translated = translateHttpRoute(ctx, http)
    out.push(...translated.routes)
    if (translated.catchAll) break
  }
  return out.length ? out : [defaultRoute(ctx, service.hostname)]
}
