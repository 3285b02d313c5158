// One graph, start to end: every query the requested appenders need starts at once alongside the
// traffic queries; then the traffic map is built and the appenders run in a fixed order (each
// timed), then the stages every graph gets, the service-graph reduction, the node budget and the
// conversion to Kiali's JSON.
import type { AppenderName } from '../../shared/graph.ts'
import type { HealthPolicy } from '../telemetry/health.ts'
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import { durationOfSeconds } from '../telemetry/prometheus/promql.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { deadNodeAppender } from './appenders/dead-node.ts'
import { healthAppender } from './appenders/health.ts'
import { idleNodeAppender } from './appenders/idle-node.ts'
import { istioAppender } from './appenders/istio.ts'
import { responseTimeAppender } from './appenders/response-time.ts'
import { securityPolicyAppender } from './appenders/security-policy.ts'
import { serviceEntryAppender } from './appenders/service-entry.ts'
import { throughputAppender } from './appenders/throughput.ts'
import { applyNodeBudget } from './budget.ts'
import { GraphContext, type Appender } from './context.ts'
import { toGraphJson } from './convert.ts'
import { markOutsiders, markRoots, reduceToServiceGraph } from './finalize.ts'
import { ModelView } from './model-view.ts'
import type { GraphOptions, NodeTarget } from './options.ts'
import { namespaceScope, scopeOf } from './queries.ts'
import { buildTrafficMap, markOutOfMesh } from './traffic.ts'
import type { GraphNode, TrafficMap } from './types.ts'

export const APPENDER_STAGES: Readonly<Record<AppenderName, Appender>> = {
  serviceEntry: serviceEntryAppender,
  deadNode: deadNodeAppender,
  responseTime: responseTimeAppender,
  securityPolicy: securityPolicyAppender,
  throughput: throughputAppender,
  idleNode: idleNodeAppender,
  istio: istioAppender,
  health: healthAppender,
}

/**
 * The order stages run in: service entries first (an entry is never dead), idle nodes before dead
 * nodes (an idle Service with no workload is dead too), dead nodes before the per-edge appenders
 * (less to decorate), outsiders before the badges (outsiders get none), health last (on the final
 * edges, after a service graph's reduction).
 */
type Step = AppenderName | 'outsiders' | 'roots' | 'reduce'
const ORDER: readonly Step[] = [
  'serviceEntry', 'idleNode', 'deadNode', 'responseTime', 'securityPolicy', 'throughput', 'outsiders', 'istio', 'roots', 'reduce', 'health',
]

export interface PipelineDeps {
  prometheus: PrometheusClient
  snapshot: MeshSnapshot
  policy: HealthPolicy
  /** Trellis runs the control plane: the model knows every proxyless workload. */
  controlPlane: boolean
  nodeBudget: number
}

export interface StageTiming {
  stage: string
  ms: number
}

export interface BuiltGraph {
  /** A GraphResponse, as UTF-8 JSON. */
  json: Buffer
  timings: StageTiming[]
  queries: number
}

/** Whether a node falls in what the reporter queries asked about (for the out-of-mesh check). */
function coveredBy(opts: GraphOptions): (n: GraphNode) => boolean {
  const target: NodeTarget | undefined = opts.node
  if (!target) {
    const ns = new Set(opts.namespaces)
    return (n) => ns.has(n.namespace)
  }
  switch (target.kind) {
    case 'workload':
      return (n) => n.namespace === target.namespace && n.workload === target.name
    case 'app':
      return (n) => n.namespace === target.namespace && n.app === target.name && (target.version === undefined || n.version === target.version)
    case 'service':
      // Its workloads, as far as they received what was addressed to it.
      return (n) => n.namespace === target.namespace
  }
}

export async function buildGraph(opts: GraphOptions, queryTime: number, deps: PipelineDeps, observe?: (stage: string, ms: number) => void): Promise<BuiltGraph> {
  const ctx = new GraphContext(
    opts, queryTime, durationOfSeconds(opts.duration), scopeOf(opts), namespaceScope(opts.namespaces), new ModelView(deps.snapshot, deps.controlPlane), deps.policy, deps.prometheus,
  )
  const timings: StageTiming[] = []
  const timed = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await fn()
    } finally {
      const ms = performance.now() - t0
      timings.push({ stage, ms })
      observe?.(stage, ms)
    }
  }
  const selected = new Set(opts.appenders)
  for (const name of selected) APPENDER_STAGES[name].prefetch?.(ctx)

  const built = await timed('traffic', () => buildTrafficMap(ctx))
  let graph: TrafficMap = built.map
  markOutOfMesh(graph, built.facts, built.reporters, coveredBy(opts))
  for (const step of ORDER) {
    switch (step) {
      case 'outsiders':
        markOutsiders(graph, ctx.namespaces)
        break
      case 'roots':
        markRoots(graph)
        break
      case 'reduce':
        if (opts.graphType === 'service') graph = reduceToServiceGraph(graph)
        break
      default:
        if (selected.has(step)) await timed(step, () => APPENDER_STAGES[step].append(graph, ctx))
    }
  }
  const truncated = applyNodeBudget(graph, deps.nodeBudget)
  const json = await timed('convert', () => toGraphJson(graph, opts, queryTime, truncated))
  return { json, timings, queries: ctx.queryCount }
}
