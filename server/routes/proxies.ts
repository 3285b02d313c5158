// Proxy status like istioctl proxy-status and proxy-config: /api/proxies and /api/proxies/{id}/config.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ProxyConfigDump, ProxyStatus, PushProgress } from '../../shared/xds.ts'
import { NotFoundError } from '../store/errors.ts'
import { decodeResource, PUSH_ORDER } from '../xds/protos.ts'
import { TYPE_NAMES } from '../xds/type-names.ts'
import type { Connection } from '../xds/connection.ts'
import type { RouteDeps } from './context.ts'
import { parseNamespacesParam } from './names.ts'

export function proxyStatus(c: Connection): ProxyStatus {
  const types: ProxyStatus['types'] = {}
  for (const t of PUSH_ORDER) types[TYPE_NAMES[t]] = c.typeStatus(t)
  return {
    id: c.proxy.id,
    workload: c.proxy.workloadName,
    namespace: c.proxy.namespace,
    address: c.proxy.ip,
    labels: c.proxy.labels,
    connectedAt: new Date(c.connectedAt).toISOString(),
    types,
  }
}

export async function proxyRoutes(app: FastifyInstance, { xds }: RouteDeps): Promise<void> {
  app.get('/api/proxies', {
    schema: { querystring: Type.Object({ namespaces: Type.Optional(Type.String()) }), response: { 200: Type.Array(ProxyStatus) } },
  }, async (req) => {
    const namespaces = parseNamespacesParam((req.query as { namespaces?: string }).namespaces)
    return (xds?.list() ?? [])
      .filter((c) => !namespaces || namespaces.includes(c.proxy.namespace))
      .map(proxyStatus)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
  })

  app.get('/api/proxies/pushes', { schema: { response: { 200: Type.Array(PushProgress) } } }, async () => xds?.progress.recent() ?? [])

  app.get('/api/proxies/:id/config', {
    schema: { params: Type.Object({ id: Type.String({ maxLength: 512 }) }), response: { 200: ProxyConfigDump } },
  }, async (req) => {
    const { id } = req.params as { id: string }
    const conn = xds?.connectionOf(id)
    if (!conn) throw new NotFoundError({ group: '', kind: 'Proxy', namespace: '', name: id })
    const types: ProxyConfigDump['types'] = {}
    for (const t of PUSH_ORDER) {
      const st = conn.types.get(t)
      if (!st) continue
      types[TYPE_NAMES[t]] = {
        typeUrl: t,
        ...(st.sent ? { sentVersion: st.sent.version } : {}),
        ...(st.acked ? { ackedVersion: st.acked.version } : {}),
        resources: [...(st.sent?.resources.values() ?? [])].map((r) => decodeResource(t, r.bytes)),
      }
    }
    return { id, types }
  })
}
