// The telemetry API areas: status, overview, entity lists and details, metrics and health.
import type { FastifyInstance } from 'fastify'
import { HealthPolicy } from '../telemetry/health.ts'
import type { RouteDeps } from './context.ts'
import { graphRoutes } from './graph.ts'
import { meshEntityRoutes } from './mesh-entities.ts'
import { statusRoutes } from './status.ts'
import type { TelemetryDeps } from './telemetry-entities.ts'
import { healthRoutes } from './telemetry-health.ts'
import { metricsRoutes } from './telemetry-metrics.ts'
import { overviewRoutes } from './telemetry-overview.ts'

export async function telemetryRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const t: TelemetryDeps = { prometheus: deps.prometheus, policy: new HealthPolicy(deps.healthTolerances) }
  await statusRoutes(app, deps)
  await overviewRoutes(app, deps, t)
  await meshEntityRoutes(app, deps, t)
  await metricsRoutes(app, t)
  await healthRoutes(app, deps, t)
  await graphRoutes(app, deps, t)
}
