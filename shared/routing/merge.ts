// Reapplying a wizard's edit on top of an object someone else changed meanwhile: a three-way merge
// of JSON (what the wizard loaded, what it would write, what the server has now). Objects merge
// field by field; lists element by element, elements found again by their name (routes, subsets),
// their destination, their match, or their whole content. Where both sides changed the same thing
// differently the wizard's edit wins — the user asked to reapply it — and the place is reported, so
// the review shows it before anything is written. Pure.
import { clone, isObject, sameJson, type Json } from './json.ts'

export interface MergeResult<T> {
  merged: T
  /** Paths (Kiali's form, spec/http[0]/timeout) where both sides changed the same field differently. */
  conflicts: string[]
}

export function mergeEdit<T>(base: T | undefined, mine: T, theirs: T): MergeResult<T> {
  const conflicts: string[] = []
  const merged = merge(base, mine, theirs, '', conflicts) as T
  return { merged, conflicts }
}

const ABSENT = Symbol('absent')
type Value = unknown

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}/${key}` : key
}

function merge(base: Value, mine: Value, theirs: Value, path: string, conflicts: string[]): Value {
  if (sameJson(mine, base)) return clone(theirs)
  if (sameJson(theirs, base) || sameJson(mine, theirs)) return clone(mine)
  if (isObject(mine) && isObject(theirs)) return mergeObjects(isObject(base) ? base : {}, mine, theirs, path, conflicts)
  if (Array.isArray(mine) && Array.isArray(theirs)) return mergeLists(Array.isArray(base) ? base : [], mine, theirs, path, conflicts)
  conflicts.push(path || '/')
  return clone(mine)
}

function mergeObjects(base: Json, mine: Json, theirs: Json, path: string, conflicts: string[]): Json {
  const out: Json = {}
  // Their key order, with keys only the wizard added after the key they follow in its version.
  const keys = [...Object.keys(theirs)]
  const mineKeys = Object.keys(mine)
  mineKeys.forEach((k, i) => {
    if (keys.includes(k) || Object.hasOwn(base, k)) return
    const prev = mineKeys.slice(0, i).reverse().find((p) => keys.includes(p))
    keys.splice(prev === undefined ? 0 : keys.indexOf(prev) + 1, 0, k)
  })
  for (const k of keys) {
    const b = Object.hasOwn(base, k) ? base[k] : ABSENT
    const m = Object.hasOwn(mine, k) ? mine[k] : ABSENT
    const t = Object.hasOwn(theirs, k) ? theirs[k] : ABSENT
    const p = join(path, k)
    if (m === ABSENT && t === ABSENT) continue
    if (m === ABSENT) {
      // The wizard removed it: gone, unless they changed it meanwhile.
      if (b === ABSENT) out[k] = clone(t)
      else if (!sameJson(b, t)) conflicts.push(p)
      continue
    }
    if (t === ABSENT) {
      // They removed it: the wizard's version returns only if the wizard changed it.
      if (b === ABSENT || !sameJson(b, m)) {
        if (b !== ABSENT) conflicts.push(p)
        out[k] = clone(m)
      }
      continue
    }
    out[k] = merge(b === ABSENT ? undefined : b, m, t, p, conflicts)
  }
  return out
}

/** What finds an element again across versions: its name, destination or match, else all of it. */
function identity(v: Value): string {
  if (isObject(v)) {
    if (typeof v.name === 'string') return `name:${v.name}`
    if (isObject(v.destination)) return `destination:${JSON.stringify(sortKeys(v.destination))}`
    if (v.match !== undefined) return `match:${JSON.stringify(sortKeys(v.match))}`
  }
  return `value:${JSON.stringify(sortKeys(v))}`
}

function sortKeys(v: Value): Value {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
  return v
}

/** Share of top-level fields two objects hold with equal values (0 for anything but two objects). */
function similarity(a: Value, b: Value): number {
  if (!isObject(a) || !isObject(b)) return 0
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  if (keys.size === 0) return 1
  let same = 0
  for (const k of keys) if (Object.hasOwn(a, k) && Object.hasOwn(b, k) && sameJson(a[k], b[k])) same++
  return same / keys.size
}

/** For each element of `list`, the index of the base element it continues (or -1 for a new one). */
function align(base: readonly Value[], list: readonly Value[]): number[] {
  const used = new Set<number>()
  const out = list.map(() => -1)
  // Unchanged elements first, then elements found by identity.
  list.forEach((v, i) => {
    const j = base.findIndex((b, k) => !used.has(k) && sameJson(b, v))
    if (j >= 0) {
      used.add(j)
      out[i] = j
    }
  })
  list.forEach((v, i) => {
    if (out[i] >= 0) return
    const id = identity(v)
    const j = base.findIndex((b, k) => !used.has(k) && identity(b) === id)
    if (j >= 0) {
      used.add(j)
      out[i] = j
    }
  })
  // Then the most similar of what is left (a route that gained a field is still that route).
  list.forEach((v, i) => {
    if (out[i] >= 0) return
    let best = -1
    let bestScore = 0.5
    base.forEach((b, k) => {
      if (used.has(k)) return
      const score = similarity(b, v)
      if (score >= bestScore && (best < 0 || score > bestScore)) {
        best = k
        bestScore = score
      }
    })
    if (best >= 0) {
      used.add(best)
      out[i] = best
    }
  })
  // Lists of the same length where nothing else matched: position is identity (a route edited in place).
  if (base.length === list.length) {
    list.forEach((_, i) => {
      if (out[i] < 0 && !used.has(i)) {
        used.add(i)
        out[i] = i
      }
    })
  }
  return out
}

function mergeLists(base: readonly Value[], mine: readonly Value[], theirs: readonly Value[], path: string, conflicts: string[]): Value[] {
  const mineFrom = align(base, mine)
  const theirsFrom = align(base, theirs)
  const mineOf = new Map(mineFrom.flatMap((b, i) => (b >= 0 ? [[b, i] as const] : [])))
  const theirsOf = new Map(theirsFrom.flatMap((b, i) => (b >= 0 ? [[b, i] as const] : [])))
  const reordered = (from: number[]) => {
    const kept = from.filter((b) => b >= 0)
    return kept.some((b, i) => i > 0 && b < kept[i - 1])
  }
  // The wizard's order when it reordered (request routing moves rules); theirs otherwise.
  const skeletonSide: 'mine' | 'theirs' = reordered(mineFrom) ? 'mine' : 'theirs'
  const other: 'mine' | 'theirs' = skeletonSide === 'mine' ? 'theirs' : 'mine'
  const skeleton = (skeletonSide === 'mine' ? mine : theirs).map((_, i) => ({ side: skeletonSide, index: i }))
  const out: { value: Value; side: 'mine' | 'theirs'; index: number }[] = []
  for (const s of skeleton) {
    const b = s.side === 'mine' ? mineFrom[s.index] : theirsFrom[s.index]
    if (b < 0) {
      out.push({ value: clone(s.side === 'mine' ? mine[s.index] : theirs[s.index]), ...s })
      continue
    }
    const m = mineOf.get(b)
    const t = theirsOf.get(b)
    const p = join(path, s.index)
    if (m === undefined) {
      // The wizard removed it; they changed it meanwhile: reported, still removed.
      if (t !== undefined && !sameJson(base[b], theirs[t])) conflicts.push(p)
      continue
    }
    if (t === undefined) {
      if (!sameJson(base[b], mine[m])) {
        conflicts.push(p)
        out.push({ value: clone(mine[m]), ...s })
      }
      continue
    }
    out.push({ value: merge(base[b], mine[m], theirs[t], p, conflicts), ...s })
  }
  // Elements only the other side added go after the element they followed on their side.
  const list = other === 'mine' ? mine : theirs
  const from = other === 'mine' ? mineFrom : theirsFrom
  list.forEach((v, i) => {
    if (from[i] >= 0) return
    let at = 0
    for (let k = i - 1; k >= 0; k--) {
      const pb = from[k]
      if (pb < 0) continue
      const pos = out.findIndex((o) => (o.side === 'mine' ? mineFrom[o.index] : theirsFrom[o.index]) === pb)
      if (pos >= 0) {
        at = pos + 1
        break
      }
    }
    out.splice(at, 0, { value: clone(v), side: other, index: i })
  })
  return out.map((o) => o.value)
}
