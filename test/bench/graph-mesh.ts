// The graph benchmark's synthetic mesh: apps of two versions spread over namespaces (a Service,
// a VirtualService splitting v1/v2 and a DestinationRule with subsets per app, a WorkloadEntry per
// version), and edges between workloads, mostly within a namespace, some failing; plus the
// Prometheus answer to every query the graph makes for it, made the way Prometheus would: the
// series of every request projected on the query's `sum by` labels and added up.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { stringify } from 'yaml'
import type { ConfigObject } from '../../shared/k8s.ts'
import { QUANTILES } from '../../server/graph/appenders/response-time.ts'
import type { GraphOptions } from '../../server/graph/options.ts'
import {
  COUNTER_GROUPING, edgeGrouping, L, namespaceScope, REQUEST_GROUPING, reporterQueries, responseTimeQueries, scopeOf, securityGrouping,
  securityQuery, throughputQuery, trafficQueries,
} from '../../server/graph/queries.ts'
import { durationOfSeconds } from '../../server/telemetry/prometheus/promql.ts'

const NET = 'networking.istio.io/v1'

export interface Workload {
  namespace: string
  app: string
  version: string
  name: string
}

export interface Edge {
  source: Workload
  dest: Workload
  protocol: 'http' | 'grpc'
  /** Requests per second by response code (gRPC status for gRPC). */
  outcomes: { code: string; rate: number }[]
}

export interface SyntheticMesh {
  namespaces: string[]
  workloads: Workload[]
  edges: Edge[]
  objects: ConfigObject[]
}

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same mesh. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function syntheticMesh(workloadCount: number, edgeCount: number, namespaceCount = 10, seed = 7): SyntheticMesh {
  const rnd = random(seed)
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `team-${i}`)
  const workloads: Workload[] = []
  const objects: ConfigObject[] = []
  const apps = Math.ceil(workloadCount / 2)
  for (let i = 0; i < apps; i++) {
    const namespace = namespaces[i % namespaceCount]
    const app = `svc-${i}`
    const meta = { name: app, namespace }
    objects.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { ...meta, labels: { app } }, spec: { selector: { app }, ports: [{ name: 'http', port: 9080 }] } },
      {
        apiVersion: NET, kind: 'VirtualService', metadata: meta,
        spec: { hosts: [app], http: [{ route: [{ destination: { host: app, subset: 'v1' }, weight: 90 }, { destination: { host: app, subset: 'v2' }, weight: 10 }] }] },
      },
      {
        apiVersion: NET, kind: 'DestinationRule', metadata: meta,
        spec: {
          host: app, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
          ...(i % 4 === 0 ? { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: '10s' } } } : {}),
        },
      },
    )
    for (const version of ['v1', 'v2']) {
      if (workloads.length >= workloadCount) break
      const w = { namespace, app, version, name: `${app}-${version}` }
      workloads.push(w)
      objects.push({
        apiVersion: NET, kind: 'WorkloadEntry', metadata: { name: w.name, namespace },
        spec: { address: `10.${(workloads.length >> 16) & 255}.${(workloads.length >> 8) & 255}.${workloads.length & 255}`, labels: { app, version }, serviceAccount: app },
      })
    }
  }
  const byNamespace = new Map<string, Workload[]>()
  for (const w of workloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w])
  const seen = new Set<string>()
  const edges: Edge[] = []
  while (edges.length < edgeCount) {
    const source = workloads[Math.floor(rnd() * workloads.length)]
    // Four calls in five stay in the namespace.
    const pool = rnd() < 0.8 ? byNamespace.get(source.namespace)! : workloads
    const dest = pool[Math.floor(rnd() * pool.length)]
    const key = `${source.name} ${dest.name}`
    if (dest.app === source.app || seen.has(key)) continue
    seen.add(key)
    const protocol = rnd() < 0.5 ? 'http' : 'grpc'
    const rate = Math.round(rnd() * 1000) / 100 + 0.01
    const failing = rnd() < 0.1
    const outcomes = [{ code: protocol === 'http' ? '200' : '0', rate }]
    if (failing) outcomes.push({ code: protocol === 'http' ? '503' : '14', rate: rate / 10 })
    edges.push({ source, dest, protocol, outcomes })
  }
  return { namespaces, workloads, edges, objects }
}

/** One folder per namespace, one file per kind. */
export async function writeMesh(mesh: SyntheticMesh, dir: string): Promise<void> {
  const files = new Map<string, ConfigObject[]>()
  for (const o of mesh.objects) {
    const file = path.join(dir, o.metadata.namespace ?? 'cluster', `${o.kind}.yaml`)
    files.set(file, [...(files.get(file) ?? []), o])
  }
  for (const [file, objs] of files) {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, objs.map((o) => stringify(o)).join('---\n'))
  }
}

type Row = { labels: Record<string, string>; rate: number }

/** Every request series with Istio's labels, as destinations report them. */
function rows(mesh: SyntheticMesh): Row[] {
  const out: Row[] = []
  for (const e of mesh.edges) {
    for (const o of e.outcomes) {
      out.push({
        rate: o.rate,
        labels: {
          [L.srcCluster]: 'Kubernetes', [L.srcNs]: e.source.namespace, [L.srcWl]: e.source.name, [L.srcApp]: e.source.app, [L.srcVer]: e.source.version,
          [L.srcPrincipal]: `spiffe://cluster.local/ns/${e.source.namespace}/sa/${e.source.app}`,
          [L.dstCluster]: 'Kubernetes', [L.dstSvcNs]: e.dest.namespace, [L.dstSvc]: `${e.dest.app}.${e.dest.namespace}.svc.cluster.local`,
          [L.dstSvcName]: e.dest.app, [L.dstWlNs]: e.dest.namespace, [L.dstWl]: e.dest.name, [L.dstApp]: e.dest.app, [L.dstVer]: e.dest.version,
          [L.dstPrincipal]: `spiffe://cluster.local/ns/${e.dest.namespace}/sa/${e.dest.app}`,
          [L.protocol]: e.protocol, [L.code]: e.protocol === 'http' ? o.code : '200', ...(e.protocol === 'grpc' ? { [L.grpcStatus]: o.code } : {}),
          [L.flags]: '-', [L.security]: 'mutual_tls',
        },
      })
    }
  }
  return out
}

/** `sum by (labels)` of the rows, each row counting `value(row)`; or the value of the first row of a group. */
function project(all: Row[], by: readonly string[], value: (r: Row) => number, at: number, combine: 'sum' | 'first' = 'sum'): unknown[] {
  const groups = new Map<string, { metric: Record<string, string>; v: number }>()
  for (const r of all) {
    const metric: Record<string, string> = {}
    for (const l of by) if (r.labels[l] !== undefined) metric[l] = r.labels[l]
    const key = JSON.stringify(metric)
    const g = groups.get(key)
    if (!g) groups.set(key, { metric, v: value(r) })
    else if (combine === 'sum') g.v += value(r)
  }
  return [...groups.values()].map((g) => ({ metric: g.metric, value: [at, String(g.v)] }))
}

export interface Answer {
  query: string
  body: unknown
}

/** Prometheus's answer to every query the graph makes with these options. */
export function answersFor(mesh: SyntheticMesh, opts: GraphOptions, at: number): Answer[] {
  const all = rows(mesh)
  const window = durationOfSeconds(opts.duration)
  const vector = (result: unknown[]) => ({ status: 'success', data: { resultType: 'vector', result } })
  const out: Answer[] = []
  const add = (text: string | undefined, result: unknown[]) => {
    if (text !== undefined) out.push({ query: text, body: vector(result) })
  }
  for (const q of trafficQueries(opts, scopeOf(opts), window)) {
    add(q.expr.text, q.kind === 'requests' ? project(all, REQUEST_GROUPING, (r) => r.rate, at) : project([], COUNTER_GROUPING, () => 0, at))
  }
  const reporters = reporterQueries(opts, scopeOf(opts), window)
  add(reporters.source?.text, project(all, [L.srcNs, L.srcWl], (r) => r.rate, at))
  add(reporters.destination?.text, project(all, [L.dstWlNs, L.dstWl], (r) => r.rate, at))
  const scope = namespaceScope(opts.namespaces)
  const rt = responseTimeQueries(opts, scope, window, QUANTILES)
  const rtBy = edgeGrouping(opts.graphType, opts.injectServiceNodes)
  if (rt) {
    add(rt.sum.text, project(all, rtBy, (r) => r.rate * 12, at))
    add(rt.count.text, project(all, rtBy, (r) => r.rate, at))
    for (const { q, expr } of rt.quantiles) add(expr.text, project(all, rtBy, () => 10 + 40 * q, at, 'first'))
  }
  add(throughputQuery(opts, scope, window)?.text, project(all, edgeGrouping(opts.graphType, false), (r) => r.rate * 200, at))
  add(securityQuery(opts, scope, window)?.text, project(all, securityGrouping(opts.graphType), (r) => r.rate, at))
  return out
}
