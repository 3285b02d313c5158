// Generated resources for one mesh snapshot, generated and packed once per class of proxy and
// shared by every stream that asks for them.
import { createHash } from 'node:crypto'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { PackedResource } from './connection.ts'
import { encodeResource, TYPE_URL, type ResourceTypeUrl } from './protos.ts'
import type { Generators, ProxyInfo } from './types.ts'
import { parseClusterName } from './generate/names.ts'
import type { Scope } from './push.ts'

/**
 * Generators read a proxy only through its namespace, and its labels where a VirtualService
 * matches on sourceLabels: proxies alike in those get the same resources, generated once.
 */
export function proxyClass(p: ProxyInfo, labelSensitive: boolean): string {
  if (!labelSensitive) return p.namespace
  const labels = Object.keys(p.labels).sort().map((k) => `${k}=${p.labels[k]}`).join(',')
  return `${p.namespace}|${labels}`
}

function usesSourceLabels(snapshot: MeshSnapshot): boolean {
  return snapshot.objectsOfKind('VirtualService').some((vs) =>
    ((vs.spec?.http ?? []) as { match?: { sourceLabels?: object }[] }[]).some((h) => h.match?.some((m) => m.sourceLabels)))
}

type Entries = Map<ResourceTypeUrl, Map<string, PackedResource | null>>
type Wildcards = Map<ResourceTypeUrl, Map<string, PackedResource[]>>

export class ResourceCache {
  private labelSensitive: boolean | undefined

  constructor(
    readonly snapshot: MeshSnapshot,
    private readonly generators: Generators,
    private readonly entries: Entries = new Map(),
    private readonly wildcards: Wildcards = new Map(),
  ) {}

  /**
   * The cache for the next snapshot: what the change cannot affect is kept (a proxy joining
   * changes the endpoints of the services selecting it, not every route).
   */
  next(snapshot: MeshSnapshot, scope: Scope): ResourceCache {
    const entries: Entries = new Map()
    for (const [type, table] of this.entries) {
      const hosts = scope.get(type)
      if (hosts === undefined) entries.set(type, table)
      else if (hosts !== 'all') entries.set(type, new Map([...table].filter(([key]) => !hosts.has(hostOfKey(key) ?? ''))))
    }
    const wildcards: Wildcards = new Map([...this.wildcards].filter(([t]) => !scope.has(t)))
    return new ResourceCache(snapshot, this.generators, entries, wildcards)
  }

  /** Routes may depend on the proxy's labels (sourceLabels matches); nothing else does. */
  classOf(typeUrl: ResourceTypeUrl, proxy: ProxyInfo): string {
    if (typeUrl !== TYPE_URL.route) return proxy.namespace
    this.labelSensitive ??= usesSourceLabels(this.snapshot)
    return proxyClass(proxy, this.labelSensitive)
  }

  get(typeUrl: ResourceTypeUrl, proxy: ProxyInfo, name: string): PackedResource | undefined {
    const byName = this.table(this.entries, typeUrl)
    const key = `${this.classOf(typeUrl, proxy)}\0${name}`
    let r = byName.get(key)
    if (r === undefined) {
      const generated = this.generators[typeUrl](this.snapshot, proxy, [name]).find((g) => g.name === name)
      r = generated ? pack(typeUrl, name, generated.message) : null
      byName.set(key, r)
    }
    return r ?? undefined
  }

  wildcard(typeUrl: ResourceTypeUrl, proxy: ProxyInfo): PackedResource[] {
    const lists = this.table(this.wildcards, typeUrl)
    const key = this.classOf(typeUrl, proxy)
    let list = lists.get(key)
    if (!list) {
      list = this.generators[typeUrl](this.snapshot, proxy, []).map((g) => pack(typeUrl, g.name, g.message))
      lists.set(key, list)
    }
    return list
  }

  private table<T>(m: Map<ResourceTypeUrl, Map<string, T>>, typeUrl: ResourceTypeUrl): Map<string, T> {
    let t = m.get(typeUrl)
    if (!t) m.set(typeUrl, (t = new Map()))
    return t
  }
}

/** The host of a cached route, cluster or endpoint entry (`class\0outbound|port|subset|host`). */
function hostOfKey(key: string): string | undefined {
  return parseClusterName(key.slice(key.indexOf('\0') + 1))?.host
}

function pack(typeUrl: ResourceTypeUrl, name: string, message: Record<string, unknown>): PackedResource {
  const bytes = Buffer.from(encodeResource(typeUrl, message))
  const hash = createHash('sha1').update(bytes).digest('base64url').slice(0, 16)
  const empty = typeUrl === TYPE_URL.endpoint && !(message.endpoints as unknown[] | undefined)?.length
  return { name, hash, bytes, ...(empty ? { empty } : {}) }
}

/** A response's version: a hash of every resource it stands for, so equal content has equal versions. */
export function versionOf(resources: Map<string, PackedResource>): string {
  const h = createHash('sha1')
  for (const name of [...resources.keys()].sort()) h.update(`${name}\0${resources.get(name)!.hash}\n`)
  return h.digest('base64url').slice(0, 12)
}
