import { useQuery } from '@tanstack/react-query'
import Type from 'typebox'
import { PushProgress } from '../../shared/xds.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

const PushProgressList = Type.Array(PushProgress)

/** The control plane's recent pushes, and how far each has got (kept fresh by `xds-push` events). */
export function usePushesQuery() {
  return useQuery({
    queryKey: queryKeys.proxyPushes(),
    queryFn: ({ signal }) => request(PushProgressList, apiPaths.proxyPushes(), { signal }),
  })
}
