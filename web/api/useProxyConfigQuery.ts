import { useQuery } from '@tanstack/react-query'
import { ProxyConfigDump } from '../../shared/xds.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/** What was last sent to one proxy per xDS type, decoded (istioctl proxy-config). 404 once it disconnects. */
export function useProxyConfigQuery(id: string) {
  return useQuery({
    queryKey: queryKeys.proxyConfig(id),
    queryFn: ({ signal }) => request(ProxyConfigDump, apiPaths.proxyConfig(id), { signal }),
  })
}
