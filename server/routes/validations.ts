// GET /api/istio/validations: every check on every object, summaries per namespace, and the
// sources the store could not load.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ValidationsResponse } from '../../shared/validation.ts'
import type { RouteDeps } from './context.ts'
import { parseNamespacesParam } from './names.ts'

export async function validationRoutes(app: FastifyInstance, { store, validation }: RouteDeps): Promise<void> {
  app.get('/api/istio/validations', {
    schema: {
      querystring: Type.Object({ namespaces: Type.Optional(Type.String()) }),
      response: { 200: ValidationsResponse },
    },
  }, async (req) => {
    const namespaces = parseNamespacesParam((req.query as { namespaces?: string }).namespaces)
    return {
      summaries: validation.summaries(namespaces),
      validations: validation.all(namespaces),
      sourceErrors: store.sourceErrors(),
    }
  })
}
