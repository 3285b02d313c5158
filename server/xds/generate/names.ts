// The naming scheme shared by the four generators, and how a requested name resolves to the mesh.
//
//   Listener (client)   the target as dialed: `reviews:9080`, `reviews.bookinfo:9080`, the FQDN:port…
//   Listener (server)   `xds.istio.io/grpc/lds/inbound/IP:port` (Istio's server listener template)
//   RouteConfiguration  `outbound|<port>||<fqdn>`, one per service port, as Istio's gRPC generator
//   Cluster / EDS       `outbound|<port>|<subset>|<fqdn>`
//
// A route name says nothing of how the client spelled the host, so each RouteConfiguration lists
// every spelling a client in the proxy's namespace may dial (see hostAliases).
import { isIP } from 'node:net'
import type { DestinationRuleSpec, Subset } from '../../../shared/istio/networking.ts'
import { isVisible } from '../../mesh/hosts.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { MeshService } from '../../mesh/types.ts'
import type { ProxyInfo } from '../types.ts'
import { ruleFor } from './policy.ts'

export const INBOUND_LISTENER_PREFIX = 'xds.istio.io/grpc/lds/inbound/'

export interface ClusterKey {
  port: number
  subset: string
  host: string
}

export function clusterName(k: ClusterKey): string {
  return `outbound|${k.port}|${k.subset}|${k.host}`
}

/** The route name of a service port: Istio's cluster-style name without a subset. */
export function routeConfigName(host: string, port: number): string {
  return clusterName({ port, subset: '', host })
}

export function parseClusterName(name: string): ClusterKey | undefined {
  const parts = name.split('|')
  if (parts.length !== 4 || parts[0] !== 'outbound') return undefined
  const port = parsePort(parts[1])
  if (port === undefined || !parts[3]) return undefined
  return { port, subset: parts[2], host: parts[3] }
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const port = Number(text)
  return port >= 1 && port <= 65535 ? port : undefined
}

/** `host:port` split at the last colon; IPv6 literals come bracketed (`[::]:8080`). */
function splitHostPort(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':')
  if (colon <= 0) return undefined
  const port = parsePort(text.slice(colon + 1))
  let host = text.slice(0, colon)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  return port === undefined || !host ? undefined : { host, port }
}

/** The IP and port of a server listener name, or undefined when the name is not one. */
export function parseInboundListenerName(name: string): { ip: string; port: number } | undefined {
  if (!name.startsWith(INBOUND_LISTENER_PREFIX)) return undefined
  const hp = splitHostPort(name.slice(INBOUND_LISTENER_PREFIX.length))
  return hp && isIP(hp.host) ? { ip: hp.host, port: hp.port } : undefined
}

/** A service the proxy may reach: it exists and its exportTo lets the proxy's namespace see it. */
export function visibleService(snapshot: MeshSnapshot, proxy: ProxyInfo, host: string): MeshService | undefined {
  const svc = snapshot.service(host)
  return svc && isVisible(svc.exportTo, svc.namespace, proxy.namespace) ? svc : undefined
}

export function visibleServices(snapshot: MeshSnapshot, proxy: ProxyInfo): MeshService[] {
  return [...snapshot.services()]
    .filter((s) => isVisible(s.exportTo, s.namespace, proxy.namespace))
    .sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0))
}

/** A service's port numbers, sorted, each once. */
export function portsOf(svc: MeshService): number[] {
  return [...new Set(svc.ports.map((p) => p.port))].sort((a, b) => a - b)
}

export interface ServicePort {
  service: MeshService
  port: number
}

/**
 * Resolves a dialed target as Kubernetes DNS would for a pod in the proxy's namespace: the host as
 * written (FQDN, ServiceEntry host), `name` in the proxy's namespace, `name.ns`, `name.ns.svc`.
 */
export function resolveTarget(snapshot: MeshSnapshot, proxy: ProxyInfo, target: string): ServicePort | undefined {
  const hp = splitHostPort(target)
  if (!hp) return undefined
  const suffix = snapshot.naming.domainSuffix
  const { host, port } = hp
  const dots = host.split('.').length - 1
  const candidates = [host]
  if (dots === 0) candidates.push(`${host}.${proxy.namespace}.svc.${suffix}`)
  else if (dots === 1) candidates.push(`${host}.svc.${suffix}`)
  else if (host.endsWith('.svc')) candidates.push(`${host}.${suffix}`)
  for (const c of candidates) {
    const service = visibleService(snapshot, proxy, c)
    if (service && service.ports.some((p) => p.port === port)) return { service, port }
  }
  return undefined
}

/** Every `host:port` spelling of a service port that resolveTarget maps back to it, FQDN first. */
export function hostAliases(snapshot: MeshSnapshot, proxy: ProxyInfo, svc: MeshService, port: number): string[] {
  const fqdn = svc.hostname
  const kubeSuffix = `.${svc.namespace}.svc.${snapshot.naming.domainSuffix}`
  const hosts = [fqdn]
  if (svc.origin === 'Service' && fqdn === `${svc.name}${kubeSuffix}`) {
    hosts.push(`${svc.name}.${svc.namespace}.svc`, `${svc.name}.${svc.namespace}`)
    if (proxy.namespace === svc.namespace) hosts.push(svc.name)
  }
  return hosts.map((h) => `${h}:${port}`)
}

export interface ClusterTarget {
  service: MeshService
  port: number
  /** The DestinationRule that applies to the proxy's traffic for the host, if any. */
  rule: DestinationRuleSpec | undefined
  /** The named subset, or undefined for the whole service. */
  subset: Subset | undefined
}

/** A cluster name resolved to its service port and subset; undefined when any part is unknown. */
export function resolveCluster(snapshot: MeshSnapshot, proxy: ProxyInfo, key: ClusterKey): ClusterTarget | undefined {
  const service = visibleService(snapshot, proxy, key.host)
  if (!service || !service.ports.some((p) => p.port === key.port)) return undefined
  const rule = ruleFor(snapshot, proxy, key.host)
  if (!key.subset) return { service, port: key.port, rule, subset: undefined }
  const subset = rule?.subsets?.find((s) => s.name === key.subset)
  return subset ? { service, port: key.port, rule, subset } : undefined
}

/** What a wildcard CDS/EDS subscription gets: every visible service port, whole and per subset. */
export function allClusterKeys(snapshot: MeshSnapshot, proxy: ProxyInfo): ClusterKey[] {
  const out: ClusterKey[] = []
  for (const svc of visibleServices(snapshot, proxy)) {
    const subsets = [...new Set((ruleFor(snapshot, proxy, svc.hostname)?.subsets ?? []).map((s) => s.name))]
    for (const port of portsOf(svc)) {
      for (const subset of ['', ...subsets]) out.push({ port, subset, host: svc.hostname })
    }
  }
  return out
}

/** The names a generator serves: the requested ones, or all it knows for a wildcard subscription. */
export function namesOrAll(names: readonly string[], all: () => string[]): readonly string[] {
  return names.length ? [...new Set(names)] : all()
}
