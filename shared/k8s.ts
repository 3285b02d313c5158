// Kubernetes-style object envelope shared by the server and the web app.
import Type from 'typebox'

export const StringMap = Type.Record(Type.String(), Type.String())

export const ObjectMeta = Type.Object({
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
  labels: Type.Optional(StringMap),
  annotations: Type.Optional(StringMap),
  resourceVersion: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Integer()),
  creationTimestamp: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
})
export type ObjectMeta = Type.Static<typeof ObjectMeta>

/** Any config object as it travels: the envelope is checked, the spec belongs to its kind's schema. */
export const ConfigObject = Type.Object({
  apiVersion: Type.String({ minLength: 1 }),
  kind: Type.String({ minLength: 1 }),
  metadata: ObjectMeta,
  spec: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export type ConfigObject = Type.Static<typeof ConfigObject> & { [extra: string]: unknown }

/** Identifies one object regardless of its API version. */
export interface ObjectRef {
  group: string
  kind: string
  namespace: string
  name: string
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
}

export function refOf(obj: ConfigObject): ObjectRef {
  return {
    group: groupOf(obj.apiVersion),
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
  }
}

/** A stable key for maps: `group/Kind/namespace/name` (group may be empty for core kinds). */
export function refKey(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`
}

export function keyOf(obj: ConfigObject): string {
  return refKey(refOf(obj))
}

/** "VirtualService bookinfo/reviews" — how messages name an object. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`
}
