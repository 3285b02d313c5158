// The wizards' writes through the REST API: create (POST), update (PUT with the resourceVersion it
// was edited from) or delete (DELETE with that resourceVersion), each also as a dry run that stores
// nothing and answers what would change: validation and, with the control plane on, the push.
import { DeleteResponse, IstioConfigDetails, WriteResponse } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { groupOf, versionOf } from '../../shared/k8s.ts'
import type { PlannedWrite } from '../../shared/routing/change.ts'
import type { IstioCheck, IstioValidation } from '../../shared/validation.ts'
import type { PushPreview } from '../../shared/xds.ts'
import { request } from './client.ts'
import { ApiError } from './errors.ts'
import { apiPaths, type ConfigRef } from './paths.ts'

export interface WriteOutcome {
  /** The object as stored (or, for a dry run, as it would be); the deleted object for a delete. */
  resource: ConfigObject
  validation?: IstioValidation
  push?: PushPreview
}

export function refOfWrite(w: Pick<PlannedWrite, 'apiVersion' | 'kind' | 'namespace' | 'name'>): ConfigRef {
  return { group: groupOf(w.apiVersion), version: versionOf(w.apiVersion), kind: w.kind, namespace: w.namespace, name: w.name }
}

/** Sends one planned write; a refusal is an ApiError (400 with checks, 403, 404, 409 with `current`). */
export async function sendWrite(w: PlannedWrite, opts: { dryRun: boolean; signal?: AbortSignal }): Promise<WriteOutcome> {
  const ref = refOfWrite(w)
  const { dryRun, signal } = opts
  if (w.op === 'delete') {
    const rv = w.before?.metadata.resourceVersion
    const res = await request(DeleteResponse, apiPaths.istioObject(ref, { dryRun, resourceVersion: rv }), { method: 'DELETE', signal })
    return { resource: res.resource, ...(res.push ? { push: res.push } : {}) }
  }
  const body = w.after!
  const res = w.op === 'create'
    ? await request(WriteResponse, apiPaths.istioCollection(ref, { dryRun }), { method: 'POST', body: withoutVersion(body), signal })
    : await request(WriteResponse, apiPaths.istioObject(ref, { dryRun }), { method: 'PUT', body, signal })
  return { resource: res.resource, validation: res.validation, ...(res.push ? { push: res.push } : {}) }
}

function withoutVersion(o: ConfigObject): ConfigObject {
  const metadata = { ...o.metadata }
  delete metadata.resourceVersion
  return { ...o, metadata }
}

export interface DryRunOutcome {
  write: PlannedWrite
  checks: IstioCheck[]
  /** Admission refuses it: applying would fail with these checks. */
  rejected: boolean
  push?: PushPreview
  /** Anything else that went wrong (a 409 already, the server unreachable). */
  error?: ApiError | Error
}

/** Validates a plan without storing it, write by write (each against the config as it is now). */
export async function dryRunPlan(writes: readonly PlannedWrite[], signal?: AbortSignal): Promise<DryRunOutcome[]> {
  return Promise.all(writes.map(async (write): Promise<DryRunOutcome> => {
    try {
      const res = await sendWrite(write, { dryRun: true, signal })
      return { write, checks: res.validation?.checks ?? [], rejected: false, ...(res.push ? { push: res.push } : {}) }
    } catch (err) {
      if (err instanceof ApiError && err.isRejected) {
        return { write, checks: err.checks.length ? [...err.checks] : [{ code: err.reason || 'Rejected', message: err.message, severity: 'error', path: '' }], rejected: true }
      }
      return { write, checks: [], rejected: false, error: err as Error }
    }
  }))
}

/** The object as the server has it now, or undefined when it does not exist. */
export async function fetchCurrent(w: Pick<PlannedWrite, 'apiVersion' | 'kind' | 'namespace' | 'name'>, signal?: AbortSignal): Promise<ConfigObject | undefined> {
  try {
    return (await request(IstioConfigDetails, apiPaths.istioObject(refOfWrite(w)), { signal })).resource
  } catch (err) {
    if (err instanceof ApiError && err.isNotFound) return undefined
    throw err
  }
}

/** A JSON merge patch (PATCH, application/merge-patch+json): pause, resume or cancel a canary ramp. */
export async function mergePatch(ref: ConfigRef, patch: Record<string, unknown>): Promise<WriteOutcome> {
  const res = await request(WriteResponse, apiPaths.istioObject(ref), { method: 'PATCH', body: patch, contentType: 'application/merge-patch+json' })
  return { resource: res.resource, validation: res.validation }
}
