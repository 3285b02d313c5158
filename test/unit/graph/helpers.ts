// Test helpers for the graph's stages: samples with Istio's full label set, config objects, and a
// GraphContext over a snapshot whose Prometheus answers each query from a function.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { buildSnapshot } from '../../../server/mesh/model.ts'
import { GraphContext } from '../../../server/graph/context.ts'
import { ModelView } from '../../../server/graph/model-view.ts'
import { parseGraphOptions, parseNodeTarget } from '../../../server/graph/options.ts'
import { namespaceScope, scopeOf } from '../../../server/graph/queries.ts'
import type { Sample } from '../../../server/telemetry/prometheus/answers.ts'
import type { PrometheusClient } from '../../../server/telemetry/prometheus/client.ts'
import { HealthPolicy } from '../../../server/telemetry/health.ts'
import { durationOfSeconds, type InstantVector } from '../../../server/telemetry/prometheus/promql.ts'

export const QUERY_TIME = 1_800_000_000

/** A request between two Bookinfo workloads, as a destination reports it; override what differs. */
export function sample(labels: Record<string, string>, value: number): Sample {
  const src = labels.src ?? 'productpage-v1'
  const dst = labels.dst ?? 'reviews-v1'
  const [sApp, sVer] = src.split(/-(?=v\d+$)/)
  const [dApp, dVer] = dst.split(/-(?=v\d+$)/)
  const rest = { ...labels }
  delete rest.src
  delete rest.dst
  return {
    time: QUERY_TIME,
    value,
    labels: {
      source_cluster: 'Kubernetes', source_workload_namespace: 'bookinfo', source_workload: src, source_canonical_service: sApp, source_canonical_revision: sVer ?? 'latest',
      destination_cluster: 'Kubernetes', destination_service_namespace: 'bookinfo', destination_service: `${dApp}.bookinfo.svc.cluster.local`,
      destination_service_name: dApp, destination_workload_namespace: 'bookinfo', destination_workload: dst, destination_canonical_service: dApp,
      destination_canonical_revision: dVer ?? 'latest', request_protocol: 'http', response_code: '200', response_flags: '-',
      ...rest,
    },
  }
}

export function workloadEntry(name: string, labels: Record<string, string>, namespace = 'bookinfo'): ConfigObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name, namespace }, spec: { address: '10.0.0.1', labels } }
}

export function service(name: string, selector: Record<string, string> | undefined, namespace = 'bookinfo', labels?: Record<string, string>): ConfigObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { ...(selector ? { selector } : {}), ports: [{ name: 'http', port: 9080 }] },
  }
}

export function object(kind: string, name: string, spec: Record<string, unknown>, namespace = 'bookinfo'): ConfigObject {
  const group = kind === 'Service' ? 'v1' : 'networking.istio.io/v1'
  return { apiVersion: group, kind, metadata: { name, namespace, creationTimestamp: '2024-01-01T00:00:00Z' }, spec }
}

/** Bookinfo's workloads and services. */
export function bookinfo(): ConfigObject[] {
  const out: ConfigObject[] = []
  for (const [app, v] of [['productpage', 'v1'], ['details', 'v1'], ['reviews', 'v1'], ['reviews', 'v2'], ['ratings', 'v1']]) {
    out.push(workloadEntry(`${app}-${v}`, { app, version: v }))
  }
  for (const s of ['productpage', 'details', 'reviews', 'ratings']) out.push(service(s, { app: s }, 'bookinfo', { app: s }))
  return out
}

export interface TestContext {
  ctx: GraphContext
  /** The queries asked, in order. */
  asked: string[]
}

export function context(opts: {
  query?: Record<string, string>
  node?: Parameters<typeof parseNodeTarget>
  objects?: ConfigObject[]
  answer?: (text: string) => Sample[]
  controlPlane?: boolean
  policy?: HealthPolicy
}): TestContext {
  const o = parseGraphOptions({ namespaces: 'bookinfo', ...opts.query }, { nowS: QUERY_TIME, ...(opts.node ? { node: parseNodeTarget(...opts.node) } : {}) })
  const asked: string[] = []
  const prometheus = {
    async queryVector(expr: InstantVector) {
      asked.push(expr.text)
      return opts.answer?.(expr.text) ?? []
    },
  } as unknown as PrometheusClient
  const snap = buildSnapshot(opts.objects ?? bookinfo())
  const ctx = new GraphContext(
    o, QUERY_TIME, durationOfSeconds(o.duration), scopeOf(o), namespaceScope(o.namespaces), new ModelView(snap, opts.controlPlane ?? false), opts.policy ?? new HealthPolicy(), prometheus,
  )
  return { ctx, asked }
}
