import { keepPreviousData, useQuery } from '@tanstack/react-query'
import Type from 'typebox'
import { NamespaceOverview } from '../../shared/telemetry.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'
import { retryTelemetry } from './retry.ts'

const OverviewList = Type.Array(NamespaceOverview)

/** One card per namespace: counts, app health and the inbound request rate over the last `duration` seconds. */
export function useOverviewQuery(duration: number, refreshMs: number) {
  return useQuery({
    queryKey: queryKeys.overview(duration),
    queryFn: ({ signal }) => request(OverviewList, apiPaths.overview(duration), { signal }),
    // A new window keeps the old cards on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs || false,
    retry: retryTelemetry,
  })
}
