// URLs of the REST API, built in one place.
import type { ObjectRef } from '../../shared/k8s.ts'
import { groupToPath } from '../../shared/kinds.ts'
import type { MetricsQuery } from '../../shared/telemetry.ts'

/** An object as the REST paths name it: the ref plus the API version it is read and written in. */
export interface ConfigRef extends ObjectRef {
  version: string
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v)
  const s = search.toString()
  return s ? `?${s}` : ''
}

function namespacesParam(namespaces: readonly string[]): string | undefined {
  return namespaces.length ? namespaces.join(',') : undefined
}

export const apiPaths = {
  namespaces: () => '/api/namespaces',
  istioConfig: (namespaces: readonly string[]) => `/api/istio/config${query({ namespaces: namespacesParam(namespaces) })}`,
  validations: (namespaces: readonly string[]) =>
    `/api/istio/validations${query({ namespaces: namespacesParam(namespaces) })}`,
  istioObject: (ref: ConfigRef, opts: { dryRun?: boolean } = {}) =>
    `/api/namespaces/${encodeURIComponent(ref.namespace)}/istio/${encodeURIComponent(groupToPath(ref.group))}` +
    `/${encodeURIComponent(ref.version)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}` +
    query({ dryRun: opts.dryRun ? 'true' : undefined }),
  proxies: (namespaces: readonly string[]) => `/api/proxies${query({ namespaces: namespacesParam(namespaces) })}`,
  /** Proxy ids hold `~` and `.`; encoded all the same, as the server expects one path segment. */
  proxyConfig: (id: string) => `/api/proxies/${encodeURIComponent(id)}/config`,
  proxyPushes: () => '/api/proxies/pushes',
  events: () => '/api/events',
  status: () => '/api/status',
  overview: (duration: number) => `/api/overview${query({ duration: String(duration) })}`,
  /** `collection` is the REST name: apps, workloads or services. */
  entities: (collection: string, namespace: string) =>
    `/api/namespaces/${encodeURIComponent(namespace)}/${encodeURIComponent(collection)}`,
  entity: (collection: string, namespace: string, name: string) =>
    `${apiPaths.entities(collection, namespace)}/${encodeURIComponent(name)}`,
  metrics: (collection: string, namespace: string, name: string, q: MetricsQuery) =>
    `${apiPaths.entity(collection, namespace, name)}/metrics` +
    query({
      direction: q.direction,
      duration: q.duration?.toString(),
      step: q.step?.toString(),
      rateInterval: q.rateInterval,
      quantiles: q.quantiles,
      reporter: q.reporter,
      byLabels: q.byLabels,
    }),
}
