// Generated resources for one mesh snapshot, generated and packed once per class of proxy and
// shared by every stream that asks for them.
import { createHash } from 'node:crypto'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { PackedResource } from './connection.ts'
import { encodeResource, type ResourceTypeUrl } from './protos.ts'
import type { Generators, ProxyInfo } from './types.ts'

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

export class ResourceCache {
  private readonly byName = new Map<string, PackedResource | null>()
  private readonly wildcards = new Map<string, PackedResource[]>()

  private labelSensitive: boolean | undefined

  constructor(readonly snapshot: MeshSnapshot, private readonly generators: Generators) {}

  classOf(proxy: ProxyInfo): string {
    this.labelSensitive ??= usesSourceLabels(this.snapshot)
    return proxyClass(proxy, this.labelSensitive)
  }

  get(typeUrl: ResourceTypeUrl, proxy: ProxyInfo, cls: string, name: string): PackedResource | undefined {
    const key = `${typeUrl}\0${cls}\0${name}`
    let r = this.byName.get(key)
    if (r === undefined) {
      const generated = this.generators[typeUrl](this.snapshot, proxy, [name]).find((g) => g.name === name)
      r = generated ? pack(typeUrl, name, generated.message) : null
      this.byName.set(key, r)
    }
    return r ?? undefined
  }

  wildcard(typeUrl: ResourceTypeUrl, proxy: ProxyInfo, cls: string): PackedResource[] {
    const key = `${typeUrl}\0${cls}`
    let list = this.wildcards.get(key)
    if (!list) {
      list = this.generators[typeUrl](this.snapshot, proxy, []).map((g) => pack(typeUrl, g.name, g.message))
      this.wildcards.set(key, list)
    }
    return list
  }
}

function pack(typeUrl: ResourceTypeUrl, name: string, message: Record<string, unknown>): PackedResource {
  const bytes = Buffer.from(encodeResource(typeUrl, message))
  const hash = createHash('sha1').update(bytes).digest('base64url').slice(0, 16)
  return { name, hash, bytes }
}

/** A response's version: a hash of every resource it stands for, so equal content has equal versions. */
export function versionOf(resources: Map<string, PackedResource>): string {
  const h = createHash('sha1')
  for (const name of [...resources.keys()].sort()) h.update(`${name}\0${resources.get(name)!.hash}\n`)
  return h.digest('base64url').slice(0, 12)
}
