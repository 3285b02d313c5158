import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { IstioConfigList } from '../../shared/api.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/** All Istio config objects of the given namespaces (all namespaces when empty), with their validations. */
export function useIstioConfigQuery(namespaces: readonly string[]) {
  return useQuery({
    queryKey: queryKeys.istioConfig(namespaces),
    queryFn: ({ signal }) => request(IstioConfigList, apiPaths.istioConfig(namespaces), { signal }),
    // Changing the namespace selection keeps the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  })
}
