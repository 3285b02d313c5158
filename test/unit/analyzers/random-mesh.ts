// Random small meshes and edits for the incremental-equals-full property: few names, so edits
// keep colliding with what other objects refer to.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { MeshChange } from '../../../server/mesh/build.ts'
import type { Workload } from '../../../server/mesh/types.ts'

export type Rng = () => number

/** mulberry32: a small seeded generator, so a failure can be replayed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]
const maybe = (r: Rng, p = 0.5) => r() < p
const some = <T>(r: Rng, list: readonly T[], max = 3): T[] => Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(r, list))

const NS = ['a', 'b', 'c', 'istio-system']
const APPS = ['s0', 's1', 's2', 'nope']
const VERSIONS = ['v1', 'v2', 'v3']
const HOSTS = ['s0', 's1.a.svc.cluster.local', 's2.b.svc.cluster.local', 's1.b.svc.cluster.local', 'x.example.com', 'y.example.com', '*.example.com', '*.a.svc.cluster.local', 'missing']
const MODES = ['DISABLE', 'ISTIO_MUTUAL', 'SIMPLE'] as const
const PA_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'] as const
const NET = 'networking.istio.io/v1'
const SEC = 'security.istio.io/v1'

function obj(apiVersion: string, kind: string, ns: string, name: string, spec: Record<string, unknown>): ConfigObject {
  const metadata = ns ? { name, namespace: ns, creationTimestamp: `2024-01-0${1 + name.length % 9}T00:00:00Z` } : { name }
  return { apiVersion, kind, metadata, spec }
}

const labels = (r: Rng) => {
  const l: Record<string, string> = {}
  if (maybe(r, 0.8)) l.app = pick(r, APPS)
  if (maybe(r)) l.version = pick(r, VERSIONS)
  return l
}
const exportTo = (r: Rng) => (maybe(r, 0.3) ? some(r, ['.', '*', '~', 'a', 'b', 'zz'], 2) : undefined)

const GENERATORS: Record<string, (r: Rng, ns: string, name: string) => ConfigObject> = {
  Service: (r, ns, name) => obj('v1', 'Service', ns, name, {
    selector: maybe(r, 0.9) ? { app: pick(r, APPS) } : undefined,
    ports: [{ name: 'http', port: 9080 }],
  }),
  ServiceEntry: (r, ns, name) => obj(NET, 'ServiceEntry', ns, name, {
    hosts: some(r, ['x.example.com', 'y.example.com', '*.example.com'], 2),
    location: pick(r, ['MESH_INTERNAL', 'MESH_EXTERNAL']),
    ports: [{ number: 80, name: 'http' }],
    workloadSelector: maybe(r) ? { labels: { app: pick(r, APPS) } } : undefined,
    endpoints: maybe(r, 0.3) ? [{ address: '10.9.9.9', labels: labels(r) }] : undefined,
    exportTo: exportTo(r),
  }),
  WorkloadEntry: (r, ns, name) => obj(NET, 'WorkloadEntry', ns, name, {
    address: '10.0.0.1', labels: labels(r), serviceAccount: pick(r, ['sa0', 'sa1']),
  }),
  VirtualService: (r, ns, name) => obj(NET, 'VirtualService', ns, name, {
    hosts: some(r, HOSTS, 2),
    gateways: maybe(r, 0.3) ? some(r, ['mesh', 'gw', 'a/gw', 'b/gw'], 2) : undefined,
    http: [{
      match: maybe(r, 0.2) ? [{ gateways: ['gw'] }] : undefined,
      route: some(r, HOSTS, 2).map((host) => ({
        destination: { host, subset: maybe(r) ? pick(r, VERSIONS) : undefined },
        weight: maybe(r) ? pick(r, [20, 50, 80]) : undefined,
      })),
    }],
    exportTo: exportTo(r),
  }),
  DestinationRule: (r, ns, name) => obj(NET, 'DestinationRule', ns, name, {
    host: pick(r, HOSTS),
    trafficPolicy: maybe(r) ? { tls: { mode: pick(r, MODES) } } : undefined,
    subsets: some(r, VERSIONS, 2).map((v) => ({
      name: v,
      labels: maybe(r, 0.9) ? { version: v } : undefined,
      trafficPolicy: maybe(r, 0.3) ? { tls: { mode: pick(r, MODES) } } : undefined,
    })),
    exportTo: exportTo(r),
  }),
  PeerAuthentication: (r, ns, name) => obj(SEC, 'PeerAuthentication', ns, name, {
    selector: maybe(r, 0.4) ? { matchLabels: labels(r) } : undefined,
    mtls: { mode: pick(r, PA_MODES) },
  }),
  AuthorizationPolicy: (r, ns, name) => obj(SEC, 'AuthorizationPolicy', ns, name, {
    selector: maybe(r) ? { matchLabels: labels(r) } : undefined,
    rules: [{ from: [{ source: {
      namespaces: some(r, NS.concat('zz', 'a*'), 2),
      principals: some(r, ['cluster.local/ns/a/sa/sa0', 'cluster.local/ns/b/sa/sa1', 'cluster.local/ns/a/sa/proxy', '*'], 2),
    } }] }],
  }),
  Gateway: (r, ns, name) => obj(NET, 'Gateway', ns, name, { selector: labels(r) }),
  Sidecar: (r, ns, name) => obj(NET, 'Sidecar', ns, name, {
    workloadSelector: maybe(r) ? { labels: labels(r) } : undefined,
    egress: [{ hosts: some(r, ['./s0.a.svc.cluster.local', 'b/*', 'c/*', '*/x.example.com', './*.example.com', '~/*'], 3) }],
  }),
  Namespace: (_r, _ns, name) => obj('v1', 'Namespace', '', name, {}),
}

const KIND_NAMES: Record<string, string[]> = {
  Service: ['s0', 's1', 's2'],
  Namespace: ['c', 'zz'],
  Gateway: ['gw'],
}

export function randomObject(r: Rng): ConfigObject {
  const kind = pick(r, Object.keys(GENERATORS))
  const name = pick(r, KIND_NAMES[kind] ?? ['o0', 'o1', 'o2'])
  return GENERATORS[kind](r, kind === 'Namespace' ? '' : pick(r, NS), name)
}

function proxy(r: Rng): Workload {
  const ns = pick(r, NS)
  const name = pick(r, ['p0', 'p1'])
  return {
    key: `proxy/${name}`, name, namespace: ns, labels: labels(r), address: '10.1.0.1', ports: {},
    serviceAccount: pick(r, ['sa0', 'proxy']), locality: '', weight: 1, network: '', origin: 'Proxy',
  }
}

/** A batch of one to three edits against the current objects. */
export function randomChanges(r: Rng, current: readonly ConfigObject[]): MeshChange[] {
  return Array.from({ length: 1 + Math.floor(r() * 3) }, (): MeshChange => {
    const roll = r()
    if (roll < 0.2 && current.length) return { type: 'delete', object: pick(r, current) }
    if (roll < 0.3) return { type: 'upsertWorkload', workload: proxy(r) }
    if (roll < 0.35) return { type: 'deleteWorkload', key: pick(r, ['proxy/p0', 'proxy/p1']) }
    return { type: 'upsert', object: randomObject(r) }
  })
}
