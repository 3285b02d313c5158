// GET /metrics: Trellis's own metrics in Prometheus's text format, from a registry the Trellis
// process owns (not prom-client's global one, which workloads in the same process may use).
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

export async function selfMetricsRoutes(app: FastifyInstance, registry: Registry): Promise<void> {
  app.get('/metrics', async (_req, reply) => {
    const text = await registry.metrics()
    return reply.type(registry.contentType).send(text)
  })
}
