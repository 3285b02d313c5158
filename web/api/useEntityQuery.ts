import { useQuery } from '@tanstack/react-query'
import { ENTITIES, type EntityKind } from '../app/url/entities.ts'
import { fetchEntity } from './entities.ts'
import { queryKeys } from './queryKeys.ts'
import { retryTelemetry } from './retry.ts'

/** One application, workload or service with its health; 404 when the mesh has no such thing. */
export function useEntityQuery(kind: EntityKind, namespace: string, name: string, refreshMs: number) {
  return useQuery({
    queryKey: queryKeys.entity(ENTITIES[kind].api, namespace, name),
    queryFn: ({ signal }) => fetchEntity(kind, namespace, name, signal),
    refetchInterval: refreshMs || false,
    retry: retryTelemetry,
  })
}
