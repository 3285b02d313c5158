import { keepPreviousData, useQuery } from '@tanstack/react-query'
import Type from 'typebox'
import { ProxyStatus } from '../../shared/xds.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

const ProxyStatusList = Type.Array(ProxyStatus)

/** The proxies connected to the control plane in the given namespaces (all when empty), with their sync status. */
export function useProxiesQuery(namespaces: readonly string[]) {
  return useQuery({
    queryKey: queryKeys.proxyList(namespaces),
    queryFn: ({ signal }) => request(ProxyStatusList, apiPaths.proxies(namespaces), { signal }),
    // Changing the namespace selection keeps the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  })
}
