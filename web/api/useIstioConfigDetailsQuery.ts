import { useQuery } from '@tanstack/react-query'
import { IstioConfigDetails } from '../../shared/api.ts'
import { request } from './client.ts'
import { apiPaths, type ConfigRef } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

export function useIstioConfigDetailsQuery(ref: ConfigRef) {
  return useQuery({
    queryKey: queryKeys.details(ref),
    queryFn: ({ signal }) => request(IstioConfigDetails, apiPaths.istioObject(ref), { signal }),
  })
}
