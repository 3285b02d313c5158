// A NACK becomes a validation message on the objects the rejected resources were made from, and
// goes away when that proxy ACKs the type again (or leaves).
import { keyOf } from '../../shared/k8s.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { check } from '../validation/codes.ts'
import type { ValidationEngine } from '../validation/engine.ts'
import type { AdsServer } from './ads.ts'
import { parseClusterName, parseInboundListenerName } from './generate/names.ts'
import { PUSH_ORDER, TYPE_URL, type ResourceTypeUrl } from './protos.ts'
import { TYPE_NAMES } from './type-names.ts'

/** The host a resource name is about (`outbound|port|subset|fqdn`, or a client listener `host:port`). */
function hostOf(snapshot: MeshSnapshot, namespace: string, name: string): string | undefined {
  const cluster = parseClusterName(name)
  if (cluster) return cluster.host
  if (parseInboundListenerName(name)) return undefined
  const colon = name.lastIndexOf(':')
  return colon > 0 ? snapshot.resolveHost(name.slice(0, colon), namespace) : undefined
}

/** Objects a resource of this type was generated from: the routing rule, else the service. */
export function originsOf(snapshot: MeshSnapshot, namespace: string, type: ResourceTypeUrl, name: string): string[] {
  const host = hostOf(snapshot, namespace, name)
  if (!host) return []
  const rule = type === TYPE_URL.route ? snapshot.virtualServiceFor(host, namespace) : type === TYPE_URL.listener ? undefined : snapshot.destinationRuleFor(host, namespace)
  if (rule) return [keyOf(rule.object)]
  const svc = snapshot.service(host)
  return svc ? [`${svc.source.group}/${svc.source.kind}/${svc.source.namespace}/${svc.source.name}`] : []
}

export function attachNackChecks(ads: AdsServer, engine: ValidationEngine, snapshot: () => MeshSnapshot): void {
  const source = (proxy: string, type: ResourceTypeUrl) => `nack:${type}:${proxy}`
  const clear = (src: string) => {
    for (const key of engine.externalKeys(src)) engine.setExternal(src, key, [])
  }
  ads.on('nack', (ev) => {
    const src = source(ev.proxy, ev.typeUrl)
    clear(src)
    const conn = ads.connectionOf(ev.proxy)
    const ns = conn?.proxy.namespace ?? ''
    const snap = snapshot()
    const keys = new Set(ev.names.flatMap((n) => originsOf(snap, ns, ev.typeUrl, n)))
    const c = check('xdsRejected', '', `proxy ${ev.proxy} rejected ${TYPE_NAMES[ev.typeUrl]} version ${ev.version}: ${ev.message}`)
    for (const key of keys) engine.setExternal(src, key, [c])
  })
  ads.on('ack', (ev) => clear(source(ev.proxy, ev.typeUrl)))
  ads.on('connection', (ev) => {
    if (ev.connected) return
    for (const type of PUSH_ORDER) clear(source(ev.proxy, type))
  })
}
