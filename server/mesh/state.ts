// The indexed state behind a MeshSnapshot, and the copy-on-write draft used to derive the next one.
import type { ConfigObject } from '../../shared/k8s.ts'
import type { MeshNaming } from './hosts.ts'
import type { Endpoint, HostBinding, MeshService, Workload } from './types.ts'
import { ShardedMap } from './sharded.ts'

export interface MeshState {
  readonly naming: MeshNaming
  readonly trustDomain: string
  readonly version: number
  /** refKey → object, every object of the store. */
  readonly objects: ReadonlyMap<string, ConfigObject>
  /** Kind → refKey → object. */
  readonly byKind: ReadonlyMap<string, ReadonlyMap<string, ConfigObject>>
  /** Namespace → number of objects and workloads in it (a namespace exists while something is in it). */
  readonly namespaceUse: ReadonlyMap<string, number>
  readonly services: ReadonlyMap<string, MeshService>
  /** refKey of a Service or ServiceEntry → the hosts it defines. */
  readonly hostsBySource: ReadonlyMap<string, readonly string[]>
  readonly servicesByNs: ReadonlyMap<string, ReadonlySet<string>>
  /** `ns\0key=value` of each selector label → hosts whose selector has it. */
  readonly servicesBySelectorLabel: ReadonlyMap<string, ReadonlySet<string>>
  readonly workloads: ReadonlyMap<string, Workload>
  readonly workloadsByNs: ReadonlyMap<string, ReadonlySet<string>>
  /** `ns\0key=value` → workload keys carrying that label. */
  readonly workloadsByLabel: ReadonlyMap<string, ReadonlySet<string>>
  readonly endpoints: ReadonlyMap<string, readonly Endpoint[]>
  readonly vsExact: ReadonlyMap<string, readonly HostBinding[]>
  readonly vsWildcard: readonly HostBinding[]
  readonly drExact: ReadonlyMap<string, readonly HostBinding[]>
  readonly drWildcard: readonly HostBinding[]
}

type MapFields = {
  [K in keyof MeshState]: MeshState[K] extends ReadonlyMap<string, unknown> ? K : never
}[keyof MeshState]
type ValueOf<F extends MapFields> = MeshState[F] extends ReadonlyMap<string, infer V> ? V : never

export function emptyState(naming: MeshNaming, trustDomain: string): MeshState {
  return {
    naming, trustDomain, version: 0,
    objects: new ShardedMap(), byKind: new Map(), namespaceUse: new Map(),
    services: new ShardedMap(), hostsBySource: new ShardedMap(), servicesByNs: new Map(), servicesBySelectorLabel: new ShardedMap(),
    workloads: new ShardedMap(), workloadsByNs: new Map(), workloadsByLabel: new ShardedMap(), endpoints: new ShardedMap(),
    vsExact: new ShardedMap(), vsWildcard: [], drExact: new ShardedMap(), drWildcard: [],
  }
}

/**
 * A writable copy of a state that shares everything it has not changed: each map is copied on its
 * first write, and sets or arrays inside maps likewise, so the previous snapshot stays untouched and
 * one edit costs a few map copies, not a rebuild.
 */
export class Draft {
  private readonly next: { -readonly [K in keyof MeshState]: MeshState[K] }
  private readonly copied = new Set<string>()
  /** Containers created by this draft: safe to mutate in place. */
  private readonly owned = new WeakSet<object>()

  constructor(readonly base: MeshState) {
    this.next = { ...base, version: base.version + 1 }
  }

  get state(): MeshState {
    return this.next
  }

  map<F extends MapFields>(field: F): Map<string, ValueOf<F>> {
    if (!this.copied.has(field)) {
      this.copied.add(field)
      const cur = this.base[field] as ReadonlyMap<string, unknown>
      ;(this.next as Record<string, unknown>)[field] = cur instanceof ShardedMap ? cur.fork() : new Map(cur)
    }
    return this.next[field] as unknown as Map<string, ValueOf<F>>
  }

  /** The kind's object map, copied once per draft. */
  kindMap(kind: string): Map<string, ConfigObject> {
    const m = this.map('byKind')
    const cur = m.get(kind)
    if (cur && this.owned.has(cur)) return cur as Map<string, ConfigObject>
    const next = cur instanceof ShardedMap ? cur.fork() : new ShardedMap<ConfigObject>()
    if (!(cur instanceof ShardedMap) && cur) for (const [k, v] of cur) next.set(k, v)
    this.owned.add(next)
    m.set(kind, next)
    return next
  }

  /** Adds a value to the set stored under key in a map of sets. */
  addToSet(field: 'servicesByNs' | 'servicesBySelectorLabel' | 'workloadsByNs' | 'workloadsByLabel', key: string, value: string): void {
    const m = this.map(field)
    const cur = m.get(key)
    if (cur && this.owned.has(cur)) {
      ;(cur as Set<string>).add(value)
      return
    }
    const next = new Set(cur)
    next.add(value)
    this.owned.add(next)
    m.set(key, next)
  }

  removeFromSet(field: 'servicesByNs' | 'servicesBySelectorLabel' | 'workloadsByNs' | 'workloadsByLabel', key: string, value: string): void {
    const m = this.map(field)
    const cur = m.get(key)
    if (!cur || !cur.has(value)) return
    if (cur.size === 1) {
      m.delete(key)
      return
    }
    const next = this.owned.has(cur) ? (cur as Set<string>) : new Set(cur)
    next.delete(value)
    this.owned.add(next)
    m.set(key, next)
  }

  /** Replaces a list-valued entry through a function of the old list. */
  updateList(field: 'vsExact' | 'drExact', key: string, fn: (cur: readonly HostBinding[]) => HostBinding[]): void {
    const m = this.map(field)
    const next = fn(m.get(key) ?? [])
    if (next.length) m.set(key, next)
    else m.delete(key)
  }

  setWildcards(field: 'vsWildcard' | 'drWildcard', list: readonly HostBinding[]): void {
    this.next[field] = list
  }

  countNamespace(ns: string, delta: number): void {
    if (!ns) return
    const m = this.map('namespaceUse')
    const n = (m.get(ns) ?? 0) + delta
    if (n > 0) m.set(ns, n)
    else m.delete(ns)
  }
}
