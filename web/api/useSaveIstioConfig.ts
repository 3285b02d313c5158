import { useMutation, useQueryClient } from '@tanstack/react-query'
import { WriteResponse, type IstioConfigDetails } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { request } from './client.ts'
import type { ApiError } from './errors.ts'
import { apiPaths, type ConfigRef } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/**
 * Replaces an object (PUT). The object must carry the metadata.resourceVersion it was edited from:
 * if someone else changed it since, the answer is a 409 ApiError with the current object.
 */
export function useSaveIstioConfig(ref: ConfigRef) {
  const queryClient = useQueryClient()
  return useMutation<WriteResponse, ApiError | Error, ConfigObject>({
    mutationFn: (object) => request(WriteResponse, apiPaths.istioObject(ref), { method: 'PUT', body: object }),
    onSuccess: (res) => {
      queryClient.setQueryData<IstioConfigDetails>(queryKeys.details(ref), (old) =>
        old ? { ...old, resource: res.resource, validation: res.validation } : old,
      )
      void queryClient.invalidateQueries({ queryKey: queryKeys.istioConfigAll() })
      void queryClient.invalidateQueries({ queryKey: queryKeys.validationsAll() })
    },
  })
}
