// GET /api/namespaces: every namespace the mesh knows, with its labels.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { NamespaceInfo } from '../../shared/api.ts'
import type { RouteDeps } from './context.ts'

export async function namespaceRoutes(app: FastifyInstance, { model }: RouteDeps): Promise<void> {
  app.get('/api/namespaces', { schema: { response: { 200: Type.Array(NamespaceInfo) } } }, async () => {
    const snap = model.snapshot
    return snap.namespaces().map((name) => ({
      name,
      labels: snap.object({ group: '', kind: 'Namespace', namespace: '', name })?.metadata.labels ?? {},
    }))
  })
}
