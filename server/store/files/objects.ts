// Plain-data helpers for stored objects: envelope checks, server-side metadata, equality, freezing.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { KindInfo } from '../../../shared/kinds.ts'
import { kindForApiVersion } from '../../../shared/kinds.ts'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A deep copy holding only JSON data (drops `undefined` members), so later diffs compare like with like. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const member of Object.values(value)) deepFreeze(member)
  }
  return value
}

/** Fields the server owns: never read from files, never written to them. */
const SERVER_FIELDS = ['resourceVersion', 'generation'] as const

export function withoutServerFields(obj: ConfigObject): ConfigObject {
  const metadata = { ...obj.metadata }
  for (const field of SERVER_FIELDS) delete metadata[field]
  return { ...obj, metadata }
}

/** Same content: equal once server-side fields are set aside. */
export function sameContent(a: ConfigObject, b: ConfigObject): boolean {
  return deepEqual(withoutServerFields(a), withoutServerFields(b))
}

export function withMetadata(obj: ConfigObject, fields: Partial<ConfigObject['metadata']>): ConfigObject {
  return { ...obj, metadata: { ...obj.metadata, ...fields } }
}

/** Metadata the store fills in when a file leaves it out. */
export type ImplicitField = 'namespace' | 'creationTimestamp'

export interface ObjectLabel {
  kind: string
  namespace: string
  name: string
}

export type Envelope =
  | {
      ok: true
      object: ConfigObject
      info: KindInfo
      /** Metadata the value left out, which the store fills in. */
      implicit: ImplicitField[]
    }
  | {
      ok: false
      reason: 'notAnObject' | 'unknownKind'
      /** Field path of the problem. */
      path: string[]
      detail: string
      /** The kind, when it could be read. */
      kind?: string
      /** The object, when kind and name could be read. */
      object?: ObjectLabel
    }

/**
 * Checks the Kubernetes envelope and normalizes it: a copy without server-side fields, with the
 * namespace kubectl would give it (`default` for namespaced kinds, none for cluster-scoped ones).
 */
export function readEnvelope(value: unknown): Envelope {
  if (!isPlainObject(value)) {
    const type = Array.isArray(value) ? 'a sequence' : `a ${typeof value}`
    return { ok: false, reason: 'notAnObject', path: [], detail: `the document is ${type}, not a mapping with apiVersion, kind and metadata` }
  }
  const { apiVersion, kind, metadata } = value
  if (typeof kind !== 'string' || !kind) {
    return { ok: false, reason: 'notAnObject', path: ['kind'], detail: 'kind must be a non-empty string' }
  }
  if (typeof apiVersion !== 'string' || !apiVersion) {
    return { ok: false, reason: 'notAnObject', path: ['apiVersion'], detail: 'apiVersion must be a non-empty string', kind }
  }
  if (!isPlainObject(metadata)) {
    return { ok: false, reason: 'notAnObject', path: ['metadata'], detail: 'metadata must be a mapping', kind }
  }
  const { name, namespace, creationTimestamp } = metadata
  if (typeof name !== 'string' || !name) {
    return { ok: false, reason: 'notAnObject', path: ['metadata', 'name'], detail: 'metadata.name must be a non-empty string', kind }
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    return { ok: false, reason: 'notAnObject', path: ['metadata', 'namespace'], detail: 'metadata.namespace must be a string', kind }
  }
  const info = kindForApiVersion(apiVersion, kind)
  if (!info) {
    const detail = `"${apiVersion}" "${kind}" is not a kind and apiVersion this store serves`
    return { ok: false, reason: 'unknownKind', path: ['apiVersion'], detail, kind, object: { kind, namespace: namespace ?? '', name } }
  }
  const object = withoutServerFields(cloneJson(value) as ConfigObject)
  const implicit: ImplicitField[] = creationTimestamp === undefined ? ['creationTimestamp'] : []
  if (!info.namespaced) delete object.metadata.namespace
  else if (!object.metadata.namespace) {
    object.metadata.namespace = 'default'
    implicit.push('namespace')
  }
  return { ok: true, object, info, implicit }
}

/**
 * What goes into the file for `obj`. Metadata the store filled in rather than read from the file
 * (a defaulted namespace, a creationTimestamp taken from the file's mtime) stays out of it, unless
 * this write changes it.
 */
export function toFileValue(obj: ConfigObject, implicit: readonly ImplicitField[], current?: ConfigObject): ConfigObject {
  const out = withoutServerFields(obj)
  for (const field of implicit) {
    if (current?.metadata[field] === out.metadata[field]) delete out.metadata[field]
  }
  return out
}
