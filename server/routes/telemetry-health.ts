// GET /api/namespaces/{ns}/health?type=app|workload|service&rateInterval=10m: the health of every
// entity of a kind in a namespace, by name, from one query per direction. Telemetry only: with
// Prometheus down or not configured it answers 503 (the lists still answer, with NA).
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { Health } from '../../shared/telemetry.ts'
import { fetchEntityRates } from '../telemetry/prometheus/request-rates.ts'
import type { RouteDeps } from './context.ts'
import { DEFAULT_HEALTH_WINDOW, entitiesIn, NamespaceParams } from './mesh-entities.ts'
import { healthFrom, rateWindow, requirePrometheus, serviceName, type TelemetryDeps } from './telemetry-entities.ts'

const HealthQuery = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal('app'), Type.Literal('workload'), Type.Literal('service')])),
  rateInterval: Type.Optional(Type.String({ pattern: '^[0-9]+[smh]$' })),
})

export async function healthRoutes(app: FastifyInstance, deps: RouteDeps, t: TelemetryDeps): Promise<void> {
  app.get('/api/namespaces/:namespace/health', {
    schema: { params: NamespaceParams, querystring: HealthQuery, response: { 200: Type.Record(Type.String(), Health) } },
  }, async (req) => {
    const { namespace } = req.params as Type.Static<typeof NamespaceParams>
    const q = req.query as Type.Static<typeof HealthQuery>
    const kind = q.type ?? 'app'
    const e = entitiesIn(deps, namespace)
    const window = rateWindow(q.rateInterval ?? DEFAULT_HEALTH_WINDOW)
    const names = kind === 'app' ? e.apps(namespace).map((a) => a.name)
      : kind === 'workload' ? e.workloads(namespace).map((w) => w.name)
        : e.services(namespace).map(serviceName)
    const rates = await fetchEntityRates(requirePrometheus(t), kind, [namespace], window)
    const health = healthFrom(t.policy, rates)
    return Object.fromEntries(names.map((name) => [name, health(namespace, name)]))
  })
}
