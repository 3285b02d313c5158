import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { WriteResponse } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import type { IstioCheck } from '../../shared/validation.ts'
import { request } from './client.ts'
import { ApiError } from './errors.ts'
import { apiPaths, type ConfigRef } from './paths.ts'
import { queryKeys } from './queryKeys.ts'

/** An edited object to validate: the editor's text, the object it parses to, the version it is based on. */
export interface DryRunCandidate {
  text: string
  object: ConfigObject
  resourceVersion: string
}

export interface DryRunResult {
  checks: IstioCheck[]
  /** Admission would reject the object as it stands: saving it would fail. */
  rejected: boolean
}

/**
 * Validates a candidate with `PUT …?dryRun=true` (admission plus analyzers, nothing stored). A
 * rejection is a result, not a failure: its checks are what the editor shows. Keyed by the text,
 * so going back to an earlier text answers from the cache, and the previous answer stays on
 * screen while the next one is on its way.
 */
export function useDryRunQuery(ref: ConfigRef, candidate: DryRunCandidate | undefined) {
  return useQuery({
    queryKey: queryKeys.dryRun(ref, candidate?.resourceVersion ?? '', candidate?.text ?? ''),
    queryFn: ({ signal }) => dryRun(ref, candidate, signal),
    enabled: candidate !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    gcTime: 60_000,
  })
}

async function dryRun(ref: ConfigRef, candidate: DryRunCandidate | undefined, signal: AbortSignal): Promise<DryRunResult> {
  if (!candidate) return { checks: [], rejected: false }
  const body: ConfigObject = {
    ...candidate.object,
    metadata: { ...candidate.object.metadata, resourceVersion: candidate.resourceVersion },
  }
  try {
    const res = await request(WriteResponse, apiPaths.istioObject(ref, { dryRun: true }), { method: 'PUT', body, signal })
    return { checks: res.validation.checks, rejected: false }
  } catch (err) {
    if (err instanceof ApiError && err.isRejected) return { checks: checksOfRejection(err), rejected: true }
    throw err
  }
}

/** The checks of a 400; a rejection without checks still becomes one, so the user sees why. */
export function checksOfRejection(err: ApiError): IstioCheck[] {
  if (err.checks.length) return [...err.checks]
  return [{ code: err.reason || 'Rejected', message: err.message, severity: 'error', path: '' }]
}
