// buildApp: the Fastify instance with every API area, without listening — what tests inject into.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import { parse as parseYaml } from 'yaml'
import { Registry } from 'prom-client'
import type { RouteDeps } from './routes/context.ts'
import { canaryRoutes } from './routes/canary.ts'
import { installErrorHandler } from './routes/errors.ts'
import { eventRoutes } from './routes/events.ts'
import { istioConfigRoutes } from './routes/istio-config.ts'
import { namespaceRoutes } from './routes/namespaces.ts'
import { proxyRoutes } from './routes/proxies.ts'
import { selfMetricsRoutes } from './routes/self-metrics.ts'
import { telemetryRoutes } from './routes/telemetry.ts'
import { validationRoutes } from './routes/validations.ts'
import { webRoutes } from './routes/web.ts'

export const BODY_LIMIT = 1024 * 1024

export interface AppOptions extends RouteDeps {
  /** Folder of the built web app (dist/web); absent means API only. */
  webRoot?: string
  logger?: Logger
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ ...(opts.logger ? { loggerInstance: opts.logger as FastifyBaseLogger } : { logger: false }), bodyLimit: BODY_LIMIT, return503OnClosing: true })
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  // Response schemas document the contract; bodies are plain JSON so no field is ever dropped.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  app.addContentTypeParser(['application/merge-patch+json'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch (err) {
      done(Object.assign(new Error(`Invalid JSON merge patch: ${(err as Error).message}`), { statusCode: 400 }), undefined)
    }
  })
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseYaml(body as string))
    } catch (err) {
      done(Object.assign(new Error(`Invalid YAML: ${(err as Error).message}`), { statusCode: 400 }), undefined)
    }
  })
  installErrorHandler(app, opts.store)
  if (opts.viewOnly) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.url.startsWith('/api/') && !READ_METHODS.has(req.method)) {
        reply.status(403).send({ error: 'Trellis runs in view-only mode: changes are not allowed', reason: 'Forbidden', statusCode: 403 })
      }
    })
  }
  const deps: RouteDeps = {
    store: opts.store, model: opts.model, validation: opts.validation, events: opts.events, viewOnly: opts.viewOnly, xds: opts.xds,
    xdsPort: opts.xdsPort, prometheus: opts.prometheus, healthTolerances: opts.healthTolerances,
    metricsRegistry: opts.metricsRegistry ?? new Registry(), graph: opts.graph,
  }
  await app.register(async (api) => {
    await namespaceRoutes(api, deps)
    await istioConfigRoutes(api, deps)
    await canaryRoutes(api, deps)
    await validationRoutes(api, deps)
    await eventRoutes(api, deps)
    await proxyRoutes(api, deps)
    await telemetryRoutes(api, deps)
    await selfMetricsRoutes(api, deps.metricsRegistry!)
  })
  // Not encapsulated: the SPA fallback is the whole app's not-found handler.
  if (opts.webRoot) await webRoutes(app, { webRoot: opts.webRoot })
  return app
}
