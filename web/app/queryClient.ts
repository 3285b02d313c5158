// The app's one QueryClient. Live events invalidate what changed, so queries need no polling.
import { QueryClient } from '@tanstack/react-query'
import { ApiError } from '../api/errors.ts'

const MAX_RETRIES = 2

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not change on retry; timeouts, network errors and 5xx may.
        retry: (failures, err) => (err instanceof ApiError && !err.isTransient ? false : failures < MAX_RETRIES),
      },
      mutations: { retry: false },
    },
  })
}
