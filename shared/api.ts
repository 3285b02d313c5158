// REST contracts between the server and the web app. Paths follow Kiali's where Kiali has one.
import Type from 'typebox'
import { ConfigObject } from './k8s.ts'
import { IstioCheck, IstioValidation, ValidationSummary } from './validation.ts'
import { PushPreview } from './xds.ts'

export const NamespaceInfo = Type.Object({
  name: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
})
export type NamespaceInfo = Type.Static<typeof NamespaceInfo>

/** GET /api/istio/config?namespaces=a,b&objects=VirtualService,DestinationRule */
export const IstioConfigList = Type.Object({
  items: Type.Array(ConfigObject),
  validations: Type.Array(IstioValidation),
})
export type IstioConfigList = Type.Static<typeof IstioConfigList>

export const Permissions = Type.Object({ create: Type.Boolean(), update: Type.Boolean(), delete: Type.Boolean() })

/** GET /api/namespaces/{ns}/istio/{group}/{version}/{kind}/{name} */
export const IstioConfigDetails = Type.Object({
  resource: ConfigObject,
  validation: IstioValidation,
  permissions: Permissions,
  /** Where the object lives in the config folder, when the store is a folder. */
  source: Type.Optional(Type.Object({ file: Type.String() })),
})
export type IstioConfigDetails = Type.Static<typeof IstioConfigDetails>

/** The answer to POST, PUT and PATCH (and to their `?dryRun=true` form, which stores nothing). */
export const WriteResponse = Type.Object({
  resource: ConfigObject,
  /** Admission warnings plus analyzer results for the object as written. */
  validation: IstioValidation,
  dryRun: Type.Boolean(),
  /** Dry runs only, with the control plane on: which proxies would get a push, and what changes on the wire. */
  push: Type.Optional(PushPreview),
})
export type WriteResponse = Type.Static<typeof WriteResponse>

/** The answer to DELETE (and to its `?dryRun=true` form, which also previews the push): the object as it was. */
export const DeleteResponse = Type.Object({
  resource: ConfigObject,
  dryRun: Type.Boolean(),
  push: Type.Optional(PushPreview),
})
export type DeleteResponse = Type.Static<typeof DeleteResponse>

/** Every error answer: 400 (with the checks that failed), 403, 404, 409 (with the current object), 413. */
export const ApiError = Type.Object({
  error: Type.String(),
  reason: Type.String(),
  statusCode: Type.Integer(),
  checks: Type.Optional(Type.Array(IstioCheck)),
  current: Type.Optional(ConfigObject),
})
export type ApiError = Type.Static<typeof ApiError>

/** Server-sent events on /api/events: `event: config` and `event: validations`. */
export const ConfigEvent = Type.Object({
  type: Type.Union([Type.Literal('ADDED'), Type.Literal('MODIFIED'), Type.Literal('DELETED')]),
  group: Type.String(),
  version: Type.String(),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  resourceVersion: Type.String(),
})
export type ConfigEvent = Type.Static<typeof ConfigEvent>

export const ValidationsEvent = Type.Object({ summaries: Type.Array(ValidationSummary) })
export type ValidationsEvent = Type.Static<typeof ValidationsEvent>
