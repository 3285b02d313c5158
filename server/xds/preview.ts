// What a write would change on the wire, without storing or pushing anything: the written object
// applied to a copy of the mesh snapshot, the push's own scoping (push.ts) and resource cache
// (cache.ts, whose generators and strict encoder the real push uses), and, for every connected
// proxy, what it subscribed to generated before and after. A resource whose bytes differ is one the
// proxy would be sent; the proxy gets a push of that type.
//
// "Before" is the current snapshot's resources, not what was last sent to the proxy, so the preview
// shows this write's effect alone, even while an earlier change waits out the push debounce.
import type { ConfigObject } from '../../shared/k8s.ts'
import { describeRef, refOf } from '../../shared/k8s.ts'
import type { IstioCheck } from '../../shared/validation.ts'
import type { PushPreview } from '../../shared/xds.ts'
import type { MeshChange } from '../mesh/build.ts'
import { nextSnapshot } from '../mesh/model.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { check } from '../validation/codes.ts'
import type { AdsServer } from './ads.ts'
import type { ResourceCache } from './cache.ts'
import type { PackedResource, TypeState } from './connection.ts'
import { clusterName, portsOf, routeConfigName, visibleService } from './generate/names.ts'
import { ruleFor } from './generate/policy.ts'
import { decodeResource, PUSH_ORDER, TYPE_URL, type ResourceTypeUrl } from './protos.ts'
import { changeScope } from './push.ts'
import { TYPE_NAMES } from './type-names.ts'
import type { ProxyInfo } from './types.ts'

export interface PushPreviewResult {
  push: PushPreview
  /** Errors on the written object: config made from it that could not be generated or encoded. */
  checks: IstioCheck[]
}

type Resources = Map<string, PackedResource>

interface Group {
  type: ResourceTypeUrl
  name: string
  before?: PackedResource
  after?: PackedResource
  proxies: number
}

/** The preview of `change` (the written object upserted, or deleted) against `snapshot`, the model's current one. */
export function previewPush(ads: AdsServer, snapshot: MeshSnapshot, change: MeshChange): PushPreviewResult {
  const candidate = nextSnapshot(snapshot, [change])
  const scope = changeScope({ previous: snapshot, snapshot: candidate, changes: [change] })
  const types = PUSH_ORDER.filter((t) => scope.has(t))
  const before = ads.resourcesFor(snapshot)
  const after = before.next(candidate, scope)
  const failures = new Map<string, string>()
  const groups = new Map<string, Group>()
  const proxies: PushPreview['proxies'] = []

  const generate = (cache: ResourceCache, proxy: ProxyInfo, type: ResourceTypeUrl, st: TypeState, record: boolean): Resources | undefined => {
    try {
      return subscribed(cache, proxy, type, st)
    } catch (err) {
      if (record) failures.set(`${type}\0${proxy.namespace}`, `${TYPE_NAMES[type]} for proxies in namespace ${proxy.namespace}: ${(err as Error).message}`)
      return undefined
    }
  }

  const ids = new Set(ads.list().map((c) => c.proxy.id))
  for (const id of [...ids].sort()) {
    const conn = ads.connectionOf(id)
    if (!conn) continue
    const pushed: string[] = []
    for (const type of types) {
      const st = conn.types.get(type)
      if (!st) continue
      const now = generate(after, conn.proxy, type, st, true)
      if (!now) continue
      const was = generate(before, conn.proxy, type, st, false) ?? new Map()
      let changed = false
      for (const name of new Set([...was.keys(), ...now.keys()])) {
        const b = was.get(name)
        const a = now.get(name)
        if (b?.hash === a?.hash) continue
        changed = true
        const key = `${type}\0${name}\0${b?.hash ?? ''}\0${a?.hash ?? ''}`
        let g = groups.get(key)
        if (!g) groups.set(key, (g = { type, name, before: b, after: a, proxies: 0 }))
        g.proxies++
      }
      if (changed) pushed.push(TYPE_NAMES[type])
    }
    if (pushed.length) proxies.push({ id, workload: conn.proxy.workloadName, namespace: conn.proxy.namespace, types: pushed })
  }

  // With or without proxies connected, what the object makes must encode for its own namespace.
  const object = change.type === 'upsert' ? change.object : undefined
  if (object) probe(after, candidate, object, types, failures)

  const order = (t: ResourceTypeUrl) => PUSH_ORDER.indexOf(t)
  const resources = [...groups.values()]
    .sort((x, y) => order(x.type) - order(y.type) || (x.name < y.name ? -1 : x.name > y.name ? 1 : y.proxies - x.proxies))
    .map((g) => ({
      type: TYPE_NAMES[g.type],
      name: g.name,
      change: !g.before ? 'added' as const : !g.after ? 'removed' as const : 'changed' as const,
      ...(g.before ? { before: decodeResource(g.type, g.before.bytes) } : {}),
      ...(g.after ? { after: decodeResource(g.type, g.after.bytes) } : {}),
      proxies: g.proxies,
    }))
  const what = object ? describeRef(refOf(object)) : 'this change'
  const checks = [...failures.values()].map((detail) => check('xdsUnencodable', '',
    `${detail}. Proxies would not receive the config made from ${what}; correct the fields it names`))
  return { push: { proxies, resources }, checks }
}

/** What a push of this type sends the proxy, as the ADS server computes it: a wildcard set or the subscribed names. */
function subscribed(cache: ResourceCache, proxy: ProxyInfo, type: ResourceTypeUrl, st: TypeState): Resources {
  const out: Resources = new Map()
  if (st.wildcard) {
    for (const r of cache.wildcard(type, proxy)) out.set(r.name, r)
  } else {
    for (const name of st.names) {
      const r = cache.get(type, proxy, name)
      if (r) out.set(name, r)
    }
  }
  return out
}

/**
 * Generates and encodes, for a proxy of the object's namespace, the resources of the hosts the
 * object defines or routes: what every client there would be sent for them.
 */
function probe(cache: ResourceCache, candidate: MeshSnapshot, obj: ConfigObject, types: readonly ResourceTypeUrl[], failures: Map<string, string>): void {
  const ns = obj.metadata.namespace ?? 'default'
  const proxy = probeProxy(ns, candidate.naming.domainSuffix)
  for (const host of hostsOf(candidate, obj)) {
    const svc = visibleService(candidate, proxy, host)
    if (!svc) continue
    const subsets = ['', ...new Set((ruleFor(candidate, proxy, host)?.subsets ?? []).map((s) => s.name))]
    for (const port of portsOf(svc)) {
      const names: [ResourceTypeUrl, string][] = [
        [TYPE_URL.listener, `${host}:${port}`],
        [TYPE_URL.route, routeConfigName(host, port)],
        ...subsets.flatMap((subset) => [TYPE_URL.cluster, TYPE_URL.endpoint].map((t): [ResourceTypeUrl, string] => [t, clusterName({ port, subset, host })])),
      ]
      for (const [type, name] of names) {
        if (!types.includes(type) || failures.has(`${type}\0${ns}`)) continue
        try {
          cache.get(type, proxy, name)
        } catch (err) {
          failures.set(`${type}\0${ns}`, `${TYPE_NAMES[type]} ${name} for proxies in namespace ${ns}: ${(err as Error).message}`)
        }
      }
    }
  }
}

function hostsOf(snapshot: MeshSnapshot, obj: ConfigObject): string[] {
  const ns = obj.metadata.namespace ?? 'default'
  const spec = (obj.spec ?? {}) as { hosts?: unknown; host?: unknown }
  switch (obj.kind) {
    case 'VirtualService':
    case 'ServiceEntry':
      return Array.isArray(spec.hosts) ? spec.hosts.filter((h): h is string => typeof h === 'string').map((h) => snapshot.resolveHost(h, ns)) : []
    case 'DestinationRule':
      return typeof spec.host === 'string' ? [snapshot.resolveHost(spec.host, ns)] : []
    case 'Service':
      return [snapshot.resolveHost(obj.metadata.name, ns)]
    default:
      return []
  }
}

function probeProxy(namespace: string, domainSuffix: string): ProxyInfo {
  return {
    id: `sidecar~0.0.0.0~dry-run.${namespace}~${namespace}.svc.${domainSuffix}`,
    type: 'sidecar',
    ip: '0.0.0.0',
    ips: ['0.0.0.0'],
    namespace,
    podName: 'dry-run',
    workloadName: 'dry-run',
    labels: {},
    serviceAccount: 'default',
    locality: { region: '', zone: '', subZone: '' },
    ports: {},
    generator: 'grpc',
    metadata: {},
  }
}
