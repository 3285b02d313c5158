// Istio config CRUD on Kiali's paths: /api/namespaces/{ns}/istio/{group}/{version}/{kind}[/{name}].
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { IstioConfigDetails, IstioConfigList, WriteResponse } from '../../shared/api.ts'
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { groupOf } from '../../shared/k8s.ts'
import { apiVersionOf, findKind, groupFromPath, ISTIO_KINDS, type KindInfo } from '../../shared/kinds.ts'
import type { IstioCheck, IstioValidation } from '../../shared/validation.ts'
import { BadRequestError, NotFoundError } from '../store/errors.ts'
import type { WriteResult } from '../store/types.ts'
import { previewPush } from '../xds/preview.ts'
import type { RouteDeps } from './context.ts'
import { checkName, checkNamespace, parseNamespacesParam } from './names.ts'

const KindParams = Type.Object({
  namespace: Type.String(),
  group: Type.String(),
  version: Type.String(),
  kind: Type.String(),
})
const ObjectParams = Type.Object({ ...KindParams.properties, name: Type.String() })
const WriteQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) })
const AnyObject = Type.Record(Type.String(), Type.Unknown())

interface KindPath {
  namespace: string
  group: string
  version: string
  kind: string
}

function resolveKind(p: KindPath): KindInfo {
  checkNamespace(p.namespace)
  const group = groupFromPath(p.group)
  const info = findKind(group, p.kind)
  if (!info) {
    const known = ISTIO_KINDS.map((k) => `${k.group}/${k.kind}`).join(', ')
    throw new BadRequestError(`unknown kind "${p.kind}" in group "${p.group}"; known kinds: ${known}, core/Service, core/Namespace`)
  }
  if (!info.versions.includes(p.version)) {
    throw new BadRequestError(`${info.kind} is not served at version "${p.version}"; use one of ${info.versions.join(', ')}`)
  }
  return info
}

function refFor(info: KindInfo, namespace: string, name: string): ObjectRef {
  return { group: info.group, kind: info.kind, namespace: info.namespaced ? namespace : '', name }
}

/** The body must describe the object the path names; missing envelope fields are filled from the path. */
function objectFromBody(body: unknown, info: KindInfo, p: KindPath, name?: string): ConfigObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('request body must be a JSON or YAML object')
  const obj = structuredClone(body) as Record<string, unknown>
  const meta = (obj.metadata ?? {}) as Record<string, unknown>
  if (typeof meta !== 'object' || Array.isArray(meta)) throw new BadRequestError('metadata must be an object')
  obj.kind ??= info.kind
  obj.apiVersion ??= apiVersionOf(info, p.version)
  if (obj.kind !== info.kind) throw new BadRequestError(`body kind "${String(obj.kind)}" does not match the path's kind "${info.kind}"`)
  if (typeof obj.apiVersion !== 'string' || groupOf(obj.apiVersion) !== info.group) {
    throw new BadRequestError(`body apiVersion "${String(obj.apiVersion)}" is not in the path's group "${info.group || 'core'}"`)
  }
  if (info.namespaced) {
    meta.namespace ??= p.namespace
    if (meta.namespace !== p.namespace) {
      throw new BadRequestError(`metadata.namespace "${String(meta.namespace)}" differs from the namespace in the path "${p.namespace}"`)
    }
  }
  if (name !== undefined) {
    meta.name ??= name
    if (meta.name !== name) throw new BadRequestError(`metadata.name "${String(meta.name)}" differs from the name in the path "${name}"`)
  }
  if (typeof meta.name !== 'string') throw new BadRequestError('metadata.name is required')
  checkName(meta.name)
  obj.metadata = meta
  return obj as ConfigObject
}

type ObjectPath = Type.Static<typeof ObjectParams>

/** The object a request's path names, checked: its kind, its namespaced ref, and the dry-run flag. */
function target(req: { params: unknown; query: unknown }): { p: ObjectPath; info: KindInfo; ref: ObjectRef; dryRun: boolean } {
  const p = req.params as ObjectPath
  const info = resolveKind(p)
  checkName(p.name)
  return { p, info, ref: refFor(info, p.namespace, p.name), dryRun: (req.query as { dryRun?: boolean } | undefined)?.dryRun === true }
}

export function validationOf(obj: ConfigObject, checks: IstioCheck[]): IstioValidation {
  const slash = obj.apiVersion.indexOf('/')
  return {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    objectGVK: { group: groupOf(obj.apiVersion), version: slash < 0 ? obj.apiVersion : obj.apiVersion.slice(slash + 1), kind: obj.kind },
    valid: !checks.some((c) => c.severity === 'error'),
    checks,
  }
}

export async function istioConfigRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store, model, validation } = deps

  function answer(result: WriteResult, dryRun: boolean): WriteResponse {
    const analyzed = validation.analyzeCandidate(model.snapshot, result.object)
    const checks = [...result.warnings, ...analyzed]
    // A dry run also says what would change on the wire, and flags config that could not be sent.
    const preview = dryRun && deps.xds ? previewPush(deps.xds, model.snapshot, { type: 'upsert', object: result.object }) : undefined
    if (preview) checks.push(...preview.checks)
    return { resource: result.object, validation: validationOf(result.object, checks), dryRun, ...(preview ? { push: preview.push } : {}) }
  }

  app.get('/api/istio/config', {
    schema: {
      querystring: Type.Object({ namespaces: Type.Optional(Type.String()), objects: Type.Optional(Type.String()) }),
      response: { 200: IstioConfigList },
    },
  }, async (req) => {
    const q = req.query as { namespaces?: string; objects?: string }
    const namespaces = parseNamespacesParam(q.namespaces)
    const kinds = q.objects ? new Set(q.objects.split(',').map((s) => s.trim().toLowerCase())) : undefined
    const items = store.list().filter((o) =>
      groupOf(o.apiVersion) !== '' &&
      (!namespaces || namespaces.includes(o.metadata.namespace ?? '')) &&
      (!kinds || kinds.has(o.kind.toLowerCase())))
    const validations = validation.all(namespaces)
    return { items, validations }
  })

  app.get('/api/namespaces/:namespace/istio/:group/:version/:kind/:name', {
    schema: { params: ObjectParams, response: { 200: IstioConfigDetails } },
  }, async (req) => {
    const { ref } = target(req)
    const obj = store.get(ref)
    if (!obj) throw new NotFoundError(ref)
    const source = store.fileOf?.(ref)
    const writable = !deps.viewOnly
    return {
      resource: obj,
      validation: validation.validationFor(obj),
      permissions: { create: writable, update: writable, delete: writable },
      ...(source ? { source: { file: source } } : {}),
    }
  })

  app.post('/api/namespaces/:namespace/istio/:group/:version/:kind', {
    schema: { params: KindParams, querystring: WriteQuery, body: AnyObject, response: { 200: WriteResponse } },
  }, async (req) => {
    const p = req.params as KindPath
    const info = resolveKind(p)
    const dryRun = (req.query as { dryRun?: boolean }).dryRun === true
    const obj = objectFromBody(req.body, info, p)
    return answer(await store.create(obj, { dryRun }), dryRun)
  })

  app.put('/api/namespaces/:namespace/istio/:group/:version/:kind/:name', {
    schema: { params: ObjectParams, querystring: WriteQuery, body: AnyObject, response: { 200: WriteResponse } },
  }, async (req) => {
    const { p, info, dryRun } = target(req)
    const obj = objectFromBody(req.body, info, p, p.name)
    return answer(await store.update(obj, { dryRun }), dryRun)
  })

  app.patch('/api/namespaces/:namespace/istio/:group/:version/:kind/:name', {
    schema: { params: ObjectParams, querystring: WriteQuery, body: AnyObject, response: { 200: WriteResponse } },
  }, async (req) => {
    const { ref, dryRun } = target(req)
    return answer(await store.patch(ref, req.body, { dryRun }), dryRun)
  })

  app.delete('/api/namespaces/:namespace/istio/:group/:version/:kind/:name', {
    schema: {
      params: ObjectParams,
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()), resourceVersion: Type.Optional(Type.String()) }),
    },
  }, async (req) => {
    const { ref, dryRun } = target(req)
    const { resourceVersion } = req.query as { resourceVersion?: string }
    const resource = await store.delete(ref, { dryRun, resourceVersion })
    const preview = dryRun && deps.xds ? previewPush(deps.xds, model.snapshot, { type: 'delete', object: resource }) : undefined
    return { resource, dryRun, ...(preview ? { push: preview.push } : {}) }
  })
}
