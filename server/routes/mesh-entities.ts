// Kiali's entity lists and details: /api/namespaces/{ns}/apps|workloads|services[/{name}]. The
// entities come from the mesh model, so these answer without Prometheus (health is then NA).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import Type, { type TSchema } from 'typebox'
import { AppSummary, ServiceSummary, WorkloadSummary, type Health } from '../../shared/telemetry.ts'
import type { MeshService } from '../mesh/types.ts'
import { NotFoundError } from '../store/errors.ts'
import type { EntityKind } from '../telemetry/prometheus/istio-queries.ts'
import { fetchEntityRates } from '../telemetry/prometheus/request-rates.ts'
import type { RouteDeps } from './context.ts'
import { checkName, checkNamespace } from './names.ts'
import {
  healthFrom, MeshEntities, optionalTelemetry, rateWindow, serviceName, type AppGroup, type TelemetryDeps, type WorkloadGroup,
} from './telemetry-entities.ts'

export const DEFAULT_HEALTH_WINDOW = '10m'

export const NamespaceParams = Type.Object({ namespace: Type.String({ maxLength: 63 }) })
export const EntityParams = Type.Object({ namespace: Type.String({ maxLength: 63 }), name: Type.String({ maxLength: 253 }) })
const RateQuery = Type.Object({
  /** Window of the request rates health is computed from (Kiali's rateInterval). */
  rateInterval: Type.Optional(Type.String({ pattern: '^[0-9]+[smh]$' })),
})

/** The snapshot and entities for a namespace that must exist. */
export function entitiesIn(deps: RouteDeps, namespace: string): MeshEntities {
  checkNamespace(namespace)
  const snap = deps.model.snapshot
  if (!snap.hasNamespace(namespace)) throw new NotFoundError({ group: '', kind: 'Namespace', namespace: '', name: namespace })
  return new MeshEntities(snap)
}

interface Collection<G, S> {
  path: 'apps' | 'workloads' | 'services'
  kind: EntityKind
  /** How a missing one is named in a 404. */
  title: string
  schema: TSchema
  list(e: MeshEntities, ns: string): G[]
  name(g: G): string
  summary(e: MeshEntities, g: G, health: Health): S
}

const APPS: Collection<AppGroup, AppSummary> = {
  path: 'apps', kind: 'app', title: 'App', schema: AppSummary,
  list: (e, ns) => e.apps(ns), name: (g) => g.name, summary: (e, g, h) => e.appSummary(g, h),
}
const WORKLOADS: Collection<WorkloadGroup, WorkloadSummary> = {
  path: 'workloads', kind: 'workload', title: 'Workload', schema: WorkloadSummary,
  list: (e, ns) => e.workloads(ns), name: (g) => g.name, summary: (e, g, h) => e.workloadSummary(g, h),
}
const SERVICES: Collection<MeshService, ServiceSummary> = {
  path: 'services', kind: 'service', title: 'Service', schema: ServiceSummary,
  list: (e, ns) => e.services(ns), name: serviceName, summary: (e, g, h) => e.serviceSummary(g, h),
}

async function summaries<G, S>(
  c: Collection<G, S>, deps: RouteDeps, t: TelemetryDeps, log: FastifyBaseLogger, namespace: string, rateInterval: string | undefined, only?: string,
): Promise<S[]> {
  const e = entitiesIn(deps, namespace)
  const groups = c.list(e, namespace).filter((g) => only === undefined || c.name(g) === only)
  if (only !== undefined && groups.length === 0) throw new NotFoundError({ group: '', kind: c.title, namespace, name: only })
  const window = rateWindow(rateInterval ?? DEFAULT_HEALTH_WINDOW)
  const rates = groups.length ? await optionalTelemetry(t, log, (p) => fetchEntityRates(p, c.kind, [namespace], window)) : undefined
  const health = healthFrom(t.policy, rates)
  return groups.map((g) => c.summary(e, g, health(namespace, c.name(g))))
}

export async function meshEntityRoutes(app: FastifyInstance, deps: RouteDeps, t: TelemetryDeps): Promise<void> {
  for (const c of [APPS, WORKLOADS, SERVICES] as Collection<unknown, unknown>[]) {
    app.get(`/api/namespaces/:namespace/${c.path}`, {
      schema: { params: NamespaceParams, querystring: RateQuery, response: { 200: Type.Array(c.schema) } },
    }, async (req) => {
      const { namespace } = req.params as Type.Static<typeof NamespaceParams>
      return summaries(c, deps, t, req.log, namespace, (req.query as Type.Static<typeof RateQuery>).rateInterval)
    })

    app.get(`/api/namespaces/:namespace/${c.path}/:name`, {
      schema: { params: EntityParams, querystring: RateQuery, response: { 200: c.schema } },
    }, async (req) => {
      const { namespace, name } = req.params as Type.Static<typeof EntityParams>
      // A ServiceEntry's service is named by its host, which may be a wildcard.
      checkName(c.kind === 'service' && name.startsWith('*.') ? name.slice(2) : name)
      const [item] = await summaries(c, deps, t, req.log, namespace, (req.query as Type.Static<typeof RateQuery>).rateInterval, name)
      return item
    })
  }
}
