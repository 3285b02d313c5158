// GET /api/overview?duration=600: one card per namespace — entity counts from the mesh model,
// app health, and the inbound request rate over the window. Three queries for every namespace
// together (apps inbound, apps outbound, the rate's range); without Prometheus the counts still
// show, with every app NA and no rate.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { NamespaceOverview, type HealthStatus } from '../../shared/telemetry.ts'
import { isFailure } from '../telemetry/health.ts'
import { namespaceInboundRate } from '../telemetry/prometheus/istio-queries.ts'
import { durationOfSeconds } from '../telemetry/prometheus/promql.ts'
import { fetchEntityRates, type RatesByEntity } from '../telemetry/prometheus/request-rates.ts'
import type { RouteDeps } from './context.ts'
import { healthFrom, MeshEntities, optionalTelemetry, type TelemetryDeps } from './telemetry-entities.ts'

const OverviewQuery = Type.Object({
  /** Window in seconds (60 … 86400): app health is computed over it and the rate drawn across it. */
  duration: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
})

const STATUSES: readonly HealthStatus[] = ['Healthy', 'Degraded', 'Failure', 'Idle', 'NA']
/** About this many points per sparkline. */
const POINTS = 60

/** Inbound failures over inbound requests of a namespace, from its apps' rates. */
function errorRatio(rates: RatesByEntity | undefined, ns: string): number | undefined {
  let total = 0
  let failed = 0
  for (const r of rates?.get(ns)?.values() ?? []) {
    for (const [protocol, codes] of Object.entries(r.inbound)) {
      for (const [code, v] of Object.entries(codes)) {
        total += v
        if (isFailure(protocol, code)) failed += v
      }
    }
  }
  return total > 0 ? failed / total : undefined
}

export async function overviewRoutes(app: FastifyInstance, deps: RouteDeps, t: TelemetryDeps): Promise<void> {
  app.get('/api/overview', {
    schema: { querystring: OverviewQuery, response: { 200: Type.Array(NamespaceOverview) } },
  }, async (req): Promise<NamespaceOverview[]> => {
    const seconds = (req.query as Type.Static<typeof OverviewQuery>).duration ?? 600
    const e = new MeshEntities(deps.model.snapshot)
    const namespaces = e.snap.namespaces()
    const step = Math.max(10, Math.ceil(seconds / POINTS))
    const end = Math.floor(Date.now() / 1000 / step) * step
    const [rates, series] = await Promise.all([
      optionalTelemetry(t, req.log, (p) => fetchEntityRates(p, 'app', namespaces, durationOfSeconds(seconds))),
      optionalTelemetry(t, req.log, (p) => namespaces.length
        ? p.queryRange(namespaceInboundRate(namespaces, durationOfSeconds(Math.max(60, step))), { start: end - seconds, end, step })
        : Promise.resolve([])),
    ])
    const health = healthFrom(t.policy, rates)
    return namespaces.map((ns) => {
      const apps = e.apps(ns)
      const appHealth: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]))
      for (const a of apps) appHealth[health(ns, a.name).status]++
      const ratio = errorRatio(rates, ns)
      return {
        namespace: ns,
        counts: { apps: apps.length, workloads: e.workloads(ns).length, services: e.services(ns).length },
        appHealth,
        requestRate: (series?.find((s) => s.labels.destination_workload_namespace === ns)?.points ?? []).filter(([, v]) => Number.isFinite(v)),
        ...(ratio !== undefined ? { errorRatio: ratio } : {}),
      }
    })
  })
}
