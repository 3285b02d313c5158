import { useQuery } from '@tanstack/react-query'
import { ValidationsResponse } from '../../shared/validation.ts'
import { request } from './client.ts'
import { apiPaths } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/** Validation summaries, per-object validations and the sources the store could not load. */
export function useValidationsQuery(namespaces: readonly string[]) {
  return useQuery({
    queryKey: queryKeys.validations(namespaces),
    queryFn: ({ signal }) => request(ValidationsResponse, apiPaths.validations(namespaces), { signal }),
  })
}
