// GET /api/status: what the console depends on and whether it answers, for the web app's banner.
import type { FastifyInstance } from 'fastify'
import { StatusResponse } from '../../shared/telemetry.ts'
import type { RouteDeps } from './context.ts'

export async function statusRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/api/status', { schema: { response: { 200: StatusResponse } } }, async (): Promise<StatusResponse> => {
    const prometheus = deps.prometheus
      ? await deps.prometheus.checkedStatus()
      : { available: false, error: 'no Prometheus configured: start with --prometheus-url' }
    return {
      prometheus,
      controlPlane: { enabled: deps.xds !== undefined, ...(deps.xdsPort !== undefined ? { xdsPort: deps.xdsPort } : {}) },
      ...(deps.viewOnly ? { viewOnly: true } : {}),
    }
  })
}
