// Small helpers for editing config objects as plain JSON without disturbing what is around the
// edit: fields keep their place when changed, new fields go where a person would put them, and
// nothing is reordered. Pure.

export type Json = Record<string, unknown>

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function clone<T>(v: T): T {
  return structuredClone(v)
}

/** Deep equality of JSON values; key order does not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]))
  }
  return false
}

/**
 * Sets `key` on `obj` in place: an existing key keeps its position; a new one goes right after
 * the first of `after` that exists (so `name` lands before `route`), or last. `undefined` deletes.
 */
export function setField(obj: Json, key: string, value: unknown, after: readonly string[] = []): void {
  if (value === undefined) {
    delete obj[key]
    return
  }
  if (Object.hasOwn(obj, key) || after.length === 0) {
    obj[key] = value
    return
  }
  const anchor = after.find((k) => Object.hasOwn(obj, k))
  if (anchor === undefined) {
    obj[key] = value
    return
  }
  // Rebuild the key order with the new key after its anchor.
  const entries = Object.entries(obj)
  for (const k of Object.keys(obj)) delete obj[k]
  for (const [k, v] of entries) {
    obj[k] = v
    if (k === anchor) obj[key] = value
  }
}

/** Sets `key` first (a route's `name`, a new object's leading field). */
export function setFirst(obj: Json, key: string, value: unknown): void {
  if (value === undefined || Object.hasOwn(obj, key)) {
    setField(obj, key, value)
    return
  }
  const entries = Object.entries(obj)
  for (const k of Object.keys(obj)) delete obj[k]
  obj[key] = value
  for (const [k, v] of entries) obj[k] = v
}

/** The object at `obj[key]`, created (at the given place) when missing. */
export function child(obj: Json, key: string, after: readonly string[] = []): Json {
  const v = obj[key]
  if (isObject(v)) return v
  const created: Json = {}
  setField(obj, key, created, after)
  return created
}

/** Removes `obj[key]` when it is an empty object (after its last managed field went away). */
export function pruneEmpty(obj: Json, key: string): void {
  const v = obj[key]
  if (isObject(v) && Object.keys(v).length === 0) delete obj[key]
}
