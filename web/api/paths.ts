// URLs of the REST API, built in one place.
import type { GraphType } from '../../shared/graph.ts'
import type { ObjectRef } from '../../shared/k8s.ts'
import { groupToPath } from '../../shared/kinds.ts'
import type { MetricsQuery } from '../../shared/telemetry.ts'

/** An object as the REST paths name it: the ref plus the API version it is read and written in. */
export interface ConfigRef extends ObjectRef {
  version: string
}

/** What a traffic graph is asked for: the namespaces' graph, or the graph around one node. */
export interface GraphRequest {
  /** Sorted; the namespaces' graph only. */
  namespaces: readonly string[]
  graphType: GraphType
  /** Window, in seconds. */
  duration: number
  injectServiceNodes: boolean
  /** A node graph: `collection` is the REST name (applications, workloads, services). */
  node?: { collection: 'applications' | 'workloads' | 'services'; namespace: string; name: string }
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
  istioObject: (ref: ConfigRef, opts: { dryRun?: boolean; resourceVersion?: string } = {}) =>
    `/api/namespaces/${encodeURIComponent(ref.namespace)}/istio/${encodeURIComponent(groupToPath(ref.group))}` +
    `/${encodeURIComponent(ref.version)}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}` +
    query({ dryRun: opts.dryRun ? 'true' : undefined, resourceVersion: opts.resourceVersion }),
  /** Where objects of a kind are created (POST). */
  istioCollection: (ref: Omit<ConfigRef, 'name'>, opts: { dryRun?: boolean } = {}) =>
    `/api/namespaces/${encodeURIComponent(ref.namespace)}/istio/${encodeURIComponent(groupToPath(ref.group))}` +
    `/${encodeURIComponent(ref.version)}/${encodeURIComponent(ref.kind)}` +
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
  /** Kiali's paths: /api/namespaces/graph, /api/namespaces/{ns}/{applications|workloads|services}/{name}/graph. */
  graph: (req: GraphRequest) => {
    const params = {
      graphType: req.graphType,
      duration: `${req.duration}s`,
      injectServiceNodes: String(req.injectServiceNodes),
    }
    if (!req.node) return `/api/namespaces/graph${query({ namespaces: namespacesParam(req.namespaces), ...params })}`
    const { collection, namespace, name } = req.node
    return `/api/namespaces/${encodeURIComponent(namespace)}/${collection}/${encodeURIComponent(name)}/graph${query(params)}`
  },
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
