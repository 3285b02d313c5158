// GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics: Istio's standard metrics of
// one entity over a window, with Kiali's names and defaults.
import type { FastifyInstance } from 'fastify'
import type Type from 'typebox'
import { MetricsQuery, MetricsResponse } from '../../shared/telemetry.ts'
import { BadRequestError } from '../store/errors.ts'
import { defaultReporter, type Direction, type EntityKind } from '../telemetry/prometheus/istio-queries.ts'
import { fetchMetrics } from '../telemetry/prometheus/metrics.ts'
import { EntityParams } from './mesh-entities.ts'
import { checkName, checkNamespace } from './names.ts'
import { rateWindow, requirePrometheus, type TelemetryDeps } from './telemetry-entities.ts'

export const METRICS_DEFAULTS = { direction: 'inbound', duration: 1800, step: 15, rateInterval: '1m', quantiles: '0.5,0.95,0.99' } as const
/** Prometheus refuses range queries of more points per series than this. */
const MAX_POINTS = 11_000

const COLLECTIONS: readonly [string, EntityKind][] = [['apps', 'app'], ['workloads', 'workload'], ['services', 'service']]

export async function metricsRoutes(app: FastifyInstance, t: TelemetryDeps): Promise<void> {
  for (const [path, kind] of COLLECTIONS) {
    app.get(`/api/namespaces/:namespace/${path}/:name/metrics`, {
      schema: { params: EntityParams, querystring: MetricsQuery, response: { 200: MetricsResponse } },
    }, async (req) => {
      const { namespace, name } = req.params as Type.Static<typeof EntityParams>
      const q = req.query as MetricsQuery
      checkNamespace(namespace)
      checkName(kind === 'service' && name.startsWith('*.') ? name.slice(2) : name)
      const direction: Direction = q.direction ?? METRICS_DEFAULTS.direction
      if (kind === 'service' && direction === 'outbound') {
        throw new BadRequestError(`services have inbound metrics only (requests are labelled with the service they were sent to); ask for the outbound metrics of the workloads behind service "${name}"`)
      }
      const window = q.duration ?? METRICS_DEFAULTS.duration
      const step = q.step ?? METRICS_DEFAULTS.step
      if (window / step > MAX_POINTS) {
        throw new BadRequestError(`duration ${window} s at step ${step} s is ${Math.ceil(window / step)} points per series; Prometheus allows ${MAX_POINTS}: use a larger step`)
      }
      const opts = {
        direction,
        reporter: q.reporter ?? defaultReporter(direction),
        window: rateWindow(q.rateInterval ?? METRICS_DEFAULTS.rateInterval),
        quantiles: [...new Set((q.quantiles ?? METRICS_DEFAULTS.quantiles).split(',').map(Number))],
        by: [...new Set(q.byLabels ? q.byLabels.split(',') : [])],
      }
      const prometheus = requirePrometheus(t)
      const end = Math.floor(Date.now() / 1000 / step) * step
      return fetchMetrics(prometheus, { kind, namespace, name }, opts, { start: end - window, end, step })
    })
  }
}
