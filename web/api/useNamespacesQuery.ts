import { useQuery } from '@tanstack/react-query'
import Type from 'typebox'
import { NamespaceInfo } from '../../shared/api.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

const NamespaceList = Type.Array(NamespaceInfo)

export function useNamespacesQuery() {
  return useQuery({
    queryKey: queryKeys.namespaces(),
    queryFn: ({ signal }) => request(NamespaceList, apiPaths.namespaces(), { signal }),
    staleTime: 60_000,
  })
}
