// The traffic graph API, in Kiali's paths and JSON: GET /api/namespaces/graph?namespaces=… and the
// node graphs of one workload, application (optionally one version) or service. Options are
// checked before anything is built (400 naming the parameter); with Prometheus down or slow the
// answer is 503 within the Prometheus client's timeout; `Server-Timing` tells where the time went.
import type { FastifyInstance, FastifyReply } from 'fastify'
import Type from 'typebox'
import { Registry } from 'prom-client'
import { GraphQuery, GraphResponse } from '../../shared/graph.ts'
import { GraphMetrics } from '../graph/metrics.ts'
import { parseGraphOptions, parseNodeTarget, type GraphOptions, type NodeTarget } from '../graph/options.ts'
import { GraphService, type GraphAnswer } from '../graph/service.ts'
import type { RouteDeps } from './context.ts'
import { requirePrometheus, type TelemetryDeps } from './telemetry-entities.ts'

const NodeParams = Type.Object({ namespace: Type.String(), name: Type.String() })
const VersionParams = Type.Object({ namespace: Type.String(), name: Type.String(), version: Type.String() })
type NodeParams = Type.Static<typeof VersionParams> | Type.Static<typeof NodeParams>

function serverTiming(answer: GraphAnswer, totalMs: number): string {
  if (answer.cached) return `cache;desc="hit", total;dur=${totalMs.toFixed(1)}`
  return [...answer.timings.map((t) => `${t.stage};dur=${t.ms.toFixed(1)}`), `total;dur=${totalMs.toFixed(1)}`].join(', ')
}

export async function graphRoutes(app: FastifyInstance, deps: RouteDeps, t: TelemetryDeps): Promise<void> {
  const metrics = new GraphMetrics(deps.metricsRegistry ?? new Registry())
  const service = new GraphService({
    model: deps.model, policy: t.policy, controlPlane: deps.xds !== undefined, metrics, settings: deps.graph,
  })

  const answer = async (opts: GraphOptions, reply: FastifyReply): Promise<FastifyReply> => {
    const t0 = performance.now()
    const labels = { kind: opts.node ? 'node' : 'namespace', graph_type: opts.graphType }
    try {
      const a = await service.graph(opts, requirePrometheus(t))
      const ms = performance.now() - t0
      metrics.requestDuration.observe({ ...labels, cache: a.cached ? 'hit' : 'miss' }, ms / 1000)
      return reply.header('server-timing', serverTiming(a, ms)).type('application/json; charset=utf-8').send(a.json)
    } catch (err) {
      metrics.requestDuration.observe({ ...labels, cache: 'error' }, (performance.now() - t0) / 1000)
      throw err
    }
  }
  const nowS = () => Math.floor(Date.now() / 1000)
  const schema = (params?: typeof NodeParams | typeof VersionParams) => ({
    querystring: GraphQuery, response: { 200: GraphResponse }, ...(params ? { params } : {}),
  })

  app.get('/api/namespaces/graph', { schema: schema() }, async (req, reply) =>
    answer(parseGraphOptions(req.query as GraphQuery, { nowS: nowS() }), reply))

  const nodeRoute = (path: string, kind: NodeTarget['kind'], params: typeof NodeParams | typeof VersionParams) => {
    app.get(path, { schema: schema(params) }, async (req, reply) => {
      const p = req.params as NodeParams
      const q = req.query as GraphQuery & { version?: string }
      const node = parseNodeTarget(kind, p.namespace, p.name, 'version' in p ? p.version : q.version)
      return answer(parseGraphOptions(q, { nowS: nowS(), node }), reply)
    })
  }
  nodeRoute('/api/namespaces/:namespace/workloads/:name/graph', 'workload', NodeParams)
  nodeRoute('/api/namespaces/:namespace/applications/:name/graph', 'app', NodeParams)
  nodeRoute('/api/namespaces/:namespace/applications/:name/versions/:version/graph', 'app', VersionParams)
  nodeRoute('/api/namespaces/:namespace/services/:name/graph', 'service', NodeParams)
}
