// Every react-query key the app uses. Keys are hierarchical so that live events can invalidate a
// whole area (['istio'], ['proxies']) or one object (['istio', 'details', ns, group, kind, name]).
import type { MetricsQuery } from '../../shared/telemetry.ts'
import type { ConfigRef, GraphRequest } from './paths.ts'

export const queryKeys = {
  namespaces: () => ['namespaces'] as const,
  istioConfigAll: () => ['istio', 'config'] as const,
  istioConfig: (namespaces: readonly string[]) => ['istio', 'config', [...namespaces]] as const,
  validationsAll: () => ['istio', 'validations'] as const,
  validations: (namespaces: readonly string[]) => ['istio', 'validations', [...namespaces]] as const,
  detailsAll: () => ['istio', 'details'] as const,
  /** The version comes last: an event names an object in whichever version it was written. */
  detailsOf: (ref: { namespace: string; group: string; kind: string; name: string }) =>
    ['istio', 'details', ref.namespace, ref.group, ref.kind, ref.name] as const,
  details: (ref: ConfigRef) => [...queryKeys.detailsOf(ref), ref.version] as const,
  dryRunAll: () => ['istio', 'dryRun'] as const,
  dryRun: (ref: ConfigRef, resourceVersion: string, text: string) =>
    ['istio', 'dryRun', ref.namespace, ref.group, ref.kind, ref.name, ref.version, resourceVersion, text] as const,
  proxiesAll: () => ['proxies'] as const,
  proxyListAll: () => ['proxies', 'list'] as const,
  proxyList: (namespaces: readonly string[]) => ['proxies', 'list', [...namespaces]] as const,
  proxyConfigAll: () => ['proxies', 'config'] as const,
  proxyConfig: (id: string) => ['proxies', 'config', id] as const,
  proxyPushes: () => ['proxies', 'pushes'] as const,
  /** What the console depends on (Prometheus); not under ['telemetry'], which it invalidates when Prometheus returns. */
  status: () => ['status'] as const,
  telemetryAll: () => ['telemetry'] as const,
  overview: (duration: number) => ['telemetry', 'overview', duration] as const,
  entityList: (collection: string, namespace: string) => ['telemetry', 'list', collection, namespace] as const,
  entity: (collection: string, namespace: string, name: string) => ['telemetry', 'entity', collection, namespace, name] as const,
  metrics: (collection: string, namespace: string, name: string, q: MetricsQuery) =>
    ['telemetry', 'metrics', collection, namespace, name, q] as const,
  graph: (req: GraphRequest) => ['telemetry', 'graph', req] as const,
}
