// Everything the routing wizards read for one service, from the console's own queries (kept fresh
// by /api/events): the service, the workloads behind it, every VirtualService, DestinationRule and
// CanaryRamp of the namespaces its routing may live in, and whether writes are allowed.
import { useMemo } from 'react'
import { CANARY_KIND } from '../../../shared/canary.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { RoutingInput } from '../../../shared/routing/context.ts'
import type { ServiceSummary } from '../../../shared/telemetry.ts'
import { useEntitiesQuery } from '../../api/useEntitiesQuery.ts'
import { useEntityQuery } from '../../api/useEntityQuery.ts'
import { useIstioConfigQuery } from '../../api/useIstioConfigQuery.ts'
import { useStatusQuery } from '../../api/useStatusQuery.ts'

export interface RoutingData {
  service?: ServiceSummary
  input?: RoutingInput
  /** Every CanaryRamp of the namespace that shifts this service. */
  ramps: ConfigObject[]
  /** Every CanaryRamp of the namespace (for free names). */
  allRamps: ConfigObject[]
  isPending: boolean
  error?: unknown
  viewOnly: boolean
  controlPlane: boolean
  /** When the config list was last fetched (ms): a reload waits for data newer than it asked for. */
  updatedAt: number
  refetch: () => void
}

/** The namespaces a service's routing objects live in: its own, and any named `ns/name` in its summary. */
export function routingNamespaces(service: ServiceSummary | undefined, namespace: string): string[] {
  const out = new Set([namespace])
  for (const n of [...(service?.virtualServices ?? []), ...(service?.destinationRules ?? [])]) {
    const slash = n.indexOf('/')
    if (slash > 0) out.add(n.slice(0, slash))
  }
  return [...out].sort()
}

export function useRoutingData(namespace: string, name: string): RoutingData {
  const entity = useEntityQuery('service', namespace, name, 0)
  const service = entity.data?.kind === 'service' ? entity.data.summary : undefined
  const namespaces = useMemo(() => routingNamespaces(service, namespace), [service, namespace])
  const config = useIstioConfigQuery(namespaces)
  const workloads = useEntitiesQuery('workload', [namespace], 0)
  const status = useStatusQuery()

  const input = useMemo((): RoutingInput | undefined => {
    if (!service || !config.data || workloads.isPending) return undefined
    const backing = workloads.entities.flatMap((e) =>
      e.kind === 'workload' && (service.workloads.includes(e.summary.name) || e.summary.services.includes(name))
        ? [{ name: e.summary.name, labels: e.summary.labels }]
        : [])
    return {
      target: { namespace, service: name, hostname: service.hostname },
      virtualServices: config.data.items.filter((o) => o.kind === 'VirtualService'),
      destinationRules: config.data.items.filter((o) => o.kind === 'DestinationRule'),
      workloads: backing,
    }
  }, [service, config.data, workloads.isPending, workloads.entities, namespace, name])

  const allRamps = useMemo(() => (config.data?.items ?? []).filter((o) => o.kind === CANARY_KIND && o.metadata.namespace === namespace), [config.data, namespace])
  const ramps = useMemo(() => allRamps.filter((o) => (o.spec as { service?: string } | undefined)?.service === name), [allRamps, name])

  return {
    service,
    input,
    ramps,
    allRamps,
    isPending: entity.isPending || config.isPending || workloads.isPending,
    error: entity.error ?? config.error ?? workloads.failures[0]?.error,
    viewOnly: status.data?.viewOnly === true,
    controlPlane: status.data?.controlPlane.enabled ?? false,
    updatedAt: config.dataUpdatedAt,
    refetch: () => {
      void entity.refetch()
      void config.refetch()
      workloads.refetch()
    },
  }
}
