// Canary ramp shortcuts: POST /api/namespaces/{ns}/canaryramps/{name}/{pause|resume|cancel}. Each is
// a JSON merge patch of the ramp's spec through the store, exactly what a PATCH on the generic
// path would do (admission, resourceVersion, files); the controller takes it from there. Ramps are
// otherwise read and written on the generic Istio config paths
// (/api/namespaces/{ns}/istio/rollouts.trellis.dev/v1alpha1/canaryramps/{name}).
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { WriteResponse } from '../../shared/api.ts'
import { CANARY_GROUP, CANARY_KIND } from '../../shared/canary.ts'
import type { ObjectRef } from '../../shared/k8s.ts'
import type { RouteDeps } from './context.ts'
import { validationOf } from './istio-config.ts'
import { checkName, checkNamespace } from './names.ts'

const ACTIONS = {
  pause: { paused: true },
  resume: { paused: false },
  cancel: { cancelled: true },
} as const

const Params = Type.Object({
  namespace: Type.String(),
  name: Type.String(),
  action: Type.Union(Object.keys(ACTIONS).map((a) => Type.Literal(a))),
})

export async function canaryRoutes(app: FastifyInstance, { store, model, validation }: RouteDeps): Promise<void> {
  app.post('/api/namespaces/:namespace/canaryramps/:name/:action', {
    schema: {
      params: Params,
      querystring: Type.Object({ resourceVersion: Type.Optional(Type.String()) }),
      response: { 200: WriteResponse },
    },
  }, async (req) => {
    const { namespace, name, action } = req.params as { namespace: string; name: string; action: keyof typeof ACTIONS }
    checkNamespace(namespace)
    checkName(name)
    const { resourceVersion } = req.query as { resourceVersion?: string }
    const ref: ObjectRef = { group: CANARY_GROUP, kind: CANARY_KIND, namespace, name }
    const result = await store.patch(ref, { spec: ACTIONS[action], ...(resourceVersion ? { metadata: { resourceVersion } } : {}) })
    const checks = [...result.warnings, ...validation.analyzeCandidate(model.snapshot, result.object)]
    return { resource: result.object, validation: validationOf(result.object, checks), dryRun: false }
  })
}
