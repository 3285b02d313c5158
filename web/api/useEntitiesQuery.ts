import { useQueries } from '@tanstack/react-query'
import type { EntityKind } from '../app/url/entities.ts'
import { ENTITIES } from '../app/url/entities.ts'
import { fetchEntities, type Entity } from './entities.ts'
import { queryKeys } from './queryKeys.ts'
import { retryTelemetry } from './retry.ts'

export interface NamespaceFailure {
  namespace: string
  error: Error
}

export interface EntitiesResult {
  entities: Entity[]
  /** Some namespace has not answered yet and none has data to show. */
  isPending: boolean
  /** The namespaces whose list could not be loaded; the others still show. */
  failures: NamespaceFailure[]
  refetch: () => void
}

/**
 * One kind's items in the given namespaces, one request per namespace (as Kiali's lists do), so a
 * namespace that fails leaves the others on screen. Kept fresh by the refresh interval.
 */
export function useEntitiesQuery(kind: EntityKind, namespaces: readonly string[], refreshMs: number): EntitiesResult {
  const collection = ENTITIES[kind].api
  return useQueries({
    queries: namespaces.map((namespace) => ({
      queryKey: queryKeys.entityList(collection, namespace),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchEntities(kind, namespace, signal),
      refetchInterval: refreshMs || false,
      retry: retryTelemetry,
    })),
    combine: (results) => ({
      entities: results.flatMap((r) => r.data ?? []),
      isPending: results.some((r) => r.isPending) && results.every((r) => r.data === undefined),
      failures: results.flatMap((r, i) => (r.isError ? [{ namespace: namespaces[i], error: r.error }] : [])),
      refetch: () => {
        for (const r of results) if (r.isError) void r.refetch()
      },
    }),
  })
}
