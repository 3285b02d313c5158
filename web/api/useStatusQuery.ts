import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { StatusResponse } from '../../shared/telemetry.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/** Often enough that a user sees Prometheus come and go within seconds, rarely enough to cost nothing. */
export const STATUS_POLL_MS = 10_000

/** What the console depends on and whether it answers (GET /api/status), polled. */
export function useStatusQuery() {
  return useQuery({
    queryKey: queryKeys.status(),
    queryFn: ({ signal }) => request(StatusResponse, apiPaths.status(), { signal }),
    refetchInterval: STATUS_POLL_MS,
    staleTime: STATUS_POLL_MS / 2,
  })
}

/**
 * The status, plus: when Prometheus comes back, every telemetry query refetches at once, so the
 * pages fill in without waiting for their own refresh interval (which may be off).
 */
export function usePrometheusStatus() {
  const query = useStatusQuery()
  const queryClient = useQueryClient()
  const available = query.data?.prometheus.available
  const previous = useRef(available)
  useEffect(() => {
    if (previous.current === false && available === true) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.telemetryAll() })
    }
    previous.current = available
  }, [available, queryClient])
  return query
}
