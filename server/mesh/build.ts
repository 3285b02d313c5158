// Derives the next mesh state from the previous one and a batch of changes, touching only what
// the changed objects contribute to.
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { keyOf, refKey, refOf } from '../../shared/k8s.ts'
import type { DestinationRuleSpec, ServiceEntrySpec, VirtualServiceSpec, WorkloadEntrySpec } from '../../shared/istio/networking.ts'
import type { ServiceSpec } from '../../shared/istio/core.ts'
import { isWildcard, resolveHost, serviceFqdn } from './hosts.ts'
import { isEmptySelector, selectorMatches, type Labels } from './labels.ts'
import { Draft, type MeshState } from './state.ts'
import type { Endpoint, HostBinding, MeshService, MeshServicePort, Workload } from './types.ts'

export type MeshChange =
  | { type: 'upsert'; object: ConfigObject }
  | { type: 'delete'; object: ConfigObject }
  | { type: 'upsertWorkload'; workload: Workload }
  | { type: 'deleteWorkload'; key: string }

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo'

export function applyChanges(base: MeshState, changes: readonly MeshChange[]): MeshState {
  const d = new Draft(base)
  const dirtyHosts = new Set<string>()
  for (const ch of changes) {
    switch (ch.type) {
      case 'upsert': {
        const key = keyOf(ch.object)
        const old = d.state.objects.get(key)
        if (old) removeObject(d, key, old, dirtyHosts)
        addObject(d, key, ch.object, dirtyHosts)
        break
      }
      case 'delete': {
        const key = keyOf(ch.object)
        const old = d.state.objects.get(key)
        if (old) removeObject(d, key, old, dirtyHosts)
        break
      }
      case 'upsertWorkload': {
        const old = d.state.workloads.get(ch.workload.key)
        if (old) removeWorkload(d, old, dirtyHosts)
        addWorkload(d, ch.workload, dirtyHosts)
        break
      }
      case 'deleteWorkload': {
        const old = d.state.workloads.get(ch.key)
        if (old) removeWorkload(d, old, dirtyHosts)
        break
      }
    }
  }
  for (const host of dirtyHosts) recomputeEndpoints(d, host)
  return d.state
}

function addObject(d: Draft, key: string, obj: ConfigObject, dirty: Set<string>): void {
  d.map('objects').set(key, obj)
  d.kindMap(obj.kind).set(key, obj)
  d.countNamespace(obj.metadata.namespace ?? '', 1)
  switch (obj.kind) {
    case 'Service':
      addServices(d, key, [serviceFromK8s(d.state, obj)], dirty)
      break
    case 'ServiceEntry':
      addServices(d, key, servicesFromEntry(d.state, obj), dirty)
      break
    case 'WorkloadEntry':
      addWorkload(d, workloadFromEntry(obj), dirty)
      break
    case 'VirtualService':
      addBindings(d, 'vs', vsBindings(d.state, obj))
      break
    case 'DestinationRule':
      addBindings(d, 'dr', drBindings(d.state, obj))
      break
  }
}

function removeObject(d: Draft, key: string, obj: ConfigObject, dirty: Set<string>): void {
  d.map('objects').delete(key)
  const ofKind = d.kindMap(obj.kind)
  ofKind.delete(key)
  if (!ofKind.size) d.map('byKind').delete(obj.kind)
  d.countNamespace(obj.metadata.namespace ?? '', -1)
  switch (obj.kind) {
    case 'Service':
    case 'ServiceEntry':
      removeServices(d, key, dirty)
      break
    case 'WorkloadEntry': {
      const w = d.state.workloads.get(workloadEntryKey(obj))
      if (w) removeWorkload(d, w, dirty)
      break
    }
    case 'VirtualService':
      removeBindings(d, 'vs', key, obj)
      break
    case 'DestinationRule':
      removeBindings(d, 'dr', key, obj)
      break
  }
}

// ---- services

function protocolOf(name: string | undefined, appProtocol: string | undefined, declared?: string): string {
  if (appProtocol) return appProtocol.toLowerCase()
  if (declared) return declared.toLowerCase()
  if (name) {
    const prefix = name.split('-')[0].toLowerCase()
    if (['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'].includes(prefix)) return prefix
  }
  return 'auto'
}

function exportToOf(obj: ConfigObject): string[] | undefined {
  const a = obj.metadata.annotations?.[EXPORT_TO_ANNOTATION]
  return a ? a.split(',').map((s) => s.trim()).filter(Boolean) : undefined
}

function serviceFromK8s(s: MeshState, obj: ConfigObject): MeshService {
  const spec = (obj.spec ?? {}) as ServiceSpec
  const ns = obj.metadata.namespace ?? 'default'
  const ports: MeshServicePort[] = (spec.ports ?? []).map((p) => ({
    name: p.name ?? '',
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    protocol: protocolOf(p.name, p.appProtocol),
  }))
  return {
    hostname: serviceFqdn(obj.metadata.name, ns, s.naming),
    name: obj.metadata.name,
    namespace: ns,
    origin: 'Service',
    ports,
    selector: isEmptySelector(spec.selector) ? undefined : spec.selector,
    exportTo: exportToOf(obj),
    labels: obj.metadata.labels ?? {},
    source: refOf(obj),
  }
}

function servicesFromEntry(_s: MeshState, obj: ConfigObject): MeshService[] {
  const spec = (obj.spec ?? {}) as ServiceEntrySpec
  const ns = obj.metadata.namespace ?? 'default'
  const ports: MeshServicePort[] = (spec.ports ?? []).map((p) => ({
    name: p.name ?? '',
    port: p.number,
    targetPort: p.targetPort ?? p.number,
    protocol: protocolOf(p.name, undefined, p.protocol),
  }))
  const selector = spec.workloadSelector?.labels
  return (spec.hosts ?? []).map((host) => ({
    hostname: host,
    name: host.split('.')[0],
    namespace: ns,
    origin: 'ServiceEntry' as const,
    ports,
    selector: isEmptySelector(selector) ? undefined : selector,
    exportTo: spec.exportTo,
    labels: obj.metadata.labels ?? {},
    location: spec.location ?? 'MESH_EXTERNAL',
    resolution: spec.resolution ?? 'NONE',
    source: refOf(obj),
  }))
}

function addServices(d: Draft, sourceKey: string, list: MeshService[], dirty: Set<string>): void {
  const services = d.map('services')
  const hosts: string[] = []
  for (const svc of list) {
    // The first definition of a host wins; a later duplicate is reported by the analyzers.
    if (services.has(svc.hostname)) continue
    services.set(svc.hostname, svc)
    hosts.push(svc.hostname)
    d.addToSet('servicesByNs', svc.namespace, svc.hostname)
    for (const [k, v] of Object.entries(svc.selector ?? {})) d.addToSet('servicesBySelectorLabel', labelKey(svc.namespace, k, v), svc.hostname)
    dirty.add(svc.hostname)
  }
  d.map('hostsBySource').set(sourceKey, hosts)
}

function removeServices(d: Draft, sourceKey: string, dirty: Set<string>): void {
  const hosts = d.state.hostsBySource.get(sourceKey) ?? []
  const services = d.map('services')
  for (const host of hosts) {
    const svc = services.get(host)
    if (!svc) continue
    services.delete(host)
    d.removeFromSet('servicesByNs', svc.namespace, host)
    for (const [k, v] of Object.entries(svc.selector ?? {})) d.removeFromSet('servicesBySelectorLabel', labelKey(svc.namespace, k, v), host)
    dirty.add(host)
  }
  d.map('hostsBySource').delete(sourceKey)
}

// ---- workloads and endpoints

export function labelKey(ns: string, k: string, v: string): string {
  return `${ns}\0${k}=${v}`
}

export function workloadEntryKey(obj: ConfigObject): string {
  return `WorkloadEntry/${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`
}

/** A workload from a WorkloadEntry spec, standing alone or inline in a ServiceEntry. */
function workloadFromSpec(
  spec: WorkloadEntrySpec, id: { key: string; name: string; namespace: string; origin: Workload['origin']; source: ObjectRef },
): Workload {
  return {
    ...id,
    labels: spec.labels ?? {},
    address: spec.address ?? '',
    ports: spec.ports ?? {},
    serviceAccount: spec.serviceAccount || 'default',
    locality: spec.locality ?? '',
    weight: spec.weight ?? 1,
    network: spec.network ?? '',
  }
}

function workloadFromEntry(obj: ConfigObject): Workload {
  return workloadFromSpec((obj.spec ?? {}) as WorkloadEntrySpec, {
    key: workloadEntryKey(obj), name: obj.metadata.name, namespace: obj.metadata.namespace ?? 'default', origin: 'WorkloadEntry', source: refOf(obj),
  })
}

/** Hosts whose selector picks a workload with these labels, found through the selector-label index. */
export function hostsSelecting(s: MeshState, ns: string, labels: Labels): Set<string> {
  const out = new Set<string>()
  for (const [k, v] of Object.entries(labels)) {
    for (const host of s.servicesBySelectorLabel.get(labelKey(ns, k, v)) ?? []) {
      if (out.has(host)) continue
      const svc = s.services.get(host)
      if (svc && svc.selector && selectorMatches(svc.selector, labels)) out.add(host)
    }
  }
  return out
}

function addWorkload(d: Draft, w: Workload, dirty: Set<string>): void {
  d.map('workloads').set(w.key, w)
  d.addToSet('workloadsByNs', w.namespace, w.key)
  for (const [k, v] of Object.entries(w.labels)) d.addToSet('workloadsByLabel', labelKey(w.namespace, k, v), w.key)
  if (w.origin === 'Proxy') d.countNamespace(w.namespace, 1)
  for (const h of hostsSelecting(d.state, w.namespace, w.labels)) dirty.add(h)
}

function removeWorkload(d: Draft, w: Workload, dirty: Set<string>): void {
  for (const h of hostsSelecting(d.state, w.namespace, w.labels)) dirty.add(h)
  d.map('workloads').delete(w.key)
  d.removeFromSet('workloadsByNs', w.namespace, w.key)
  for (const [k, v] of Object.entries(w.labels)) d.removeFromSet('workloadsByLabel', labelKey(w.namespace, k, v), w.key)
  if (w.origin === 'Proxy') d.countNamespace(w.namespace, -1)
}

/** Workloads in a namespace matching a selector, starting from the selector's rarest label. */
export function workloadsSelected(s: MeshState, ns: string, selector: Labels): Workload[] {
  let smallest: ReadonlySet<string> | undefined
  for (const [k, v] of Object.entries(selector)) {
    const posting = s.workloadsByLabel.get(labelKey(ns, k, v))
    if (!posting) return []
    if (!smallest || posting.size < smallest.size) smallest = posting
  }
  const candidates = smallest ?? s.workloadsByNs.get(ns) ?? new Set<string>()
  const out: Workload[] = []
  for (const key of candidates) {
    const w = s.workloads.get(key)
    if (w && selectorMatches(selector, w.labels)) out.push(w)
  }
  return out
}

function endpointPort(p: MeshServicePort, w: Workload): number | undefined {
  let port: number | undefined
  if (p.name && w.ports[p.name] !== undefined) port = w.ports[p.name]
  else if (typeof p.targetPort === 'number') port = p.targetPort
  else port = w.ports[p.targetPort]
  if (w.servingPorts && (port === undefined || !w.servingPorts.includes(port))) return undefined
  return port
}

function recomputeEndpoints(d: Draft, host: string): void {
  const svc = d.state.services.get(host)
  const endpoints = d.map('endpoints')
  if (!svc) {
    endpoints.delete(host)
    return
  }
  const workloads = svc.selector ? workloadsSelected(d.state, svc.namespace, svc.selector) : []
  if (svc.origin === 'ServiceEntry') {
    const obj = d.state.objects.get(refKey(svc.source))
    const inline = ((obj?.spec ?? {}) as ServiceEntrySpec).endpoints ?? []
    inline.forEach((e, i) => workloads.push(workloadFromSpec(e, {
      key: `ServiceEntry/${svc.namespace}/${svc.source.name}#${i}`, name: `${svc.source.name}-${i}`, namespace: svc.namespace, origin: 'ServiceEntry', source: svc.source,
    })))
  }
  const list: Endpoint[] = []
  for (const w of workloads) {
    for (const p of svc.ports) {
      const port = endpointPort(p, w)
      if (port === undefined) continue
      list.push({
        hostname: host, workloadKey: w.key, address: w.address, servicePort: p.port, servicePortName: p.name, port,
        labels: w.labels, locality: w.locality, weight: w.weight, serviceAccount: w.serviceAccount,
      })
    }
  }
  endpoints.set(host, list)
}

// ---- VirtualServices and DestinationRules by host

function vsBindings(s: MeshState, obj: ConfigObject): HostBinding[] {
  const spec = (obj.spec ?? {}) as VirtualServiceSpec
  const ns = obj.metadata.namespace ?? 'default'
  return (spec.hosts ?? []).map((h, i) => ({
    host: resolveHost(h, ns, s.naming), object: obj, namespace: ns, exportTo: spec.exportTo, path: `spec/hosts[${i}]`,
  }))
}

function drBindings(s: MeshState, obj: ConfigObject): HostBinding[] {
  const spec = (obj.spec ?? {}) as DestinationRuleSpec
  const ns = obj.metadata.namespace ?? 'default'
  if (!spec.host) return []
  return [{ host: resolveHost(spec.host, ns, s.naming), object: obj, namespace: ns, exportTo: spec.exportTo, path: 'spec/host' }]
}

function addBindings(d: Draft, which: 'vs' | 'dr', list: HostBinding[]): void {
  const exact = which === 'vs' ? 'vsExact' : 'drExact'
  const wild = which === 'vs' ? 'vsWildcard' : 'drWildcard'
  const wildcards: HostBinding[] = []
  for (const b of list) {
    if (isWildcard(b.host)) wildcards.push(b)
    else d.updateList(exact, b.host, (cur) => [...cur, b])
  }
  if (wildcards.length) d.setWildcards(wild, [...d.state[wild], ...wildcards])
}

function removeBindings(d: Draft, which: 'vs' | 'dr', key: string, obj: ConfigObject): void {
  const exact = which === 'vs' ? 'vsExact' : 'drExact'
  const wild = which === 'vs' ? 'vsWildcard' : 'drWildcard'
  const bindings = which === 'vs' ? vsBindings(d.state, obj) : drBindings(d.state, obj)
  for (const b of bindings) {
    if (!isWildcard(b.host)) d.updateList(exact, b.host, (cur) => cur.filter((x) => keyOf(x.object) !== key))
  }
  if (bindings.some((b) => isWildcard(b.host))) d.setWildcards(wild, d.state[wild].filter((x) => keyOf(x.object) !== key))
}
