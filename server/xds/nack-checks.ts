// A NACK becomes a validation message on the objects the rejected resources were made from, and
// goes away when that proxy ACKs the type again (or leaves).
import { keyOf, refKey } from '../../shared/k8s.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { check } from '../validation/codes.ts'
import type { ValidationEngine } from '../validation/engine.ts'
import type { AdsServer } from './ads.ts'
import { parseClusterName, parseInboundListenerName, resolveTarget } from './generate/names.ts'
import { PUSH_ORDER, TYPE_URL, type ResourceTypeUrl } from './protos.ts'
import { TYPE_NAMES } from './type-names.ts'
import type { ProxyInfo } from './types.ts'

/** The host a resource name is about (`outbound|port|subset|fqdn`, or a client listener as dialed). */
function hostOf(snapshot: MeshSnapshot, proxy: ProxyInfo, name: string): string | undefined {
  const cluster = parseClusterName(name)
  if (cluster) return cluster.host
  if (parseInboundListenerName(name)) return undefined
  return resolveTarget(snapshot, proxy, name)?.service.hostname
}

/** Objects a resource of this type was generated from: the routing rule, else the service. */
export function originsOf(snapshot: MeshSnapshot, proxy: ProxyInfo, type: ResourceTypeUrl, name: string): string[] {
  const host = hostOf(snapshot, proxy, name)
  if (!host) return []
  const ns = proxy.namespace
  const rule = type === TYPE_URL.route ? snapshot.virtualServiceFor(host, ns) : type === TYPE_URL.listener ? undefined : snapshot.destinationRuleFor(host, ns)
  if (rule) return [keyOf(rule.object)]
  const svc = snapshot.service(host)
  return svc ? [refKey(svc.source)] : []
}

export function attachNackChecks(ads: AdsServer, engine: ValidationEngine, snapshot: () => MeshSnapshot): void {
  const source = (proxy: string, type: ResourceTypeUrl) => `nack:${type}:${proxy}`
  const clear = (src: string) => {
    for (const key of engine.externalKeys(src)) engine.setExternal(src, key, [])
  }
  ads.on('nack', (ev) => {
    const src = source(ev.proxy, ev.typeUrl)
    clear(src)
    const proxy = ads.connectionOf(ev.proxy)?.proxy
    if (!proxy) return
    const snap = snapshot()
    const keys = new Set(ev.names.flatMap((n) => originsOf(snap, proxy, ev.typeUrl, n)))
    const c = check('xdsRejected', '', `proxy ${ev.proxy} rejected ${TYPE_NAMES[ev.typeUrl]} version ${ev.version}: ${ev.message}`)
    for (const key of keys) engine.setExternal(src, key, [c])
  })
  ads.on('ack', (ev) => clear(source(ev.proxy, ev.typeUrl)))
  ads.on('connection', (ev) => {
    if (ev.connected) return
    for (const type of PUSH_ORDER) clear(source(ev.proxy, type))
  })
}
