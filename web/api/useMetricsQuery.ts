import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { MetricsResponse, type MetricsQuery } from '../../shared/telemetry.ts'
import { ENTITIES, type EntityKind } from '../app/url/entities.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'
import { retryTelemetry } from './retry.ts'

/**
 * Istio's standard metrics of one application, workload or service. On a failed refetch (503:
 * Prometheus went away) react-query keeps the last data beside the error, so the charts can stay
 * on screen, greyed, under the message.
 */
export function useMetricsQuery(kind: EntityKind, namespace: string, name: string, q: MetricsQuery, refreshMs: number) {
  const collection = ENTITIES[kind].api
  return useQuery({
    queryKey: queryKeys.metrics(collection, namespace, name, q),
    queryFn: ({ signal }) => request(MetricsResponse, apiPaths.metrics(collection, namespace, name, q), { signal }),
    // Another window or split keeps the old charts until the new ones arrive; another entity or
    // direction does not (inbound charts under the Outbound tab would be wrong, not just late).
    placeholderData: (previous, previousQuery) => {
      const [, , prevCollection, prevNs, prevName, prevQ] = previousQuery?.queryKey ?? []
      const same = prevCollection === collection && prevNs === namespace && prevName === name && prevQ?.direction === q.direction
      return same ? keepPreviousData(previous) : undefined
    },
    refetchInterval: refreshMs || false,
    retry: retryTelemetry,
  })
}
