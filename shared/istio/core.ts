// The core Kubernetes kinds Trellis reads: Service (v1) and Namespace (v1).
import Type from 'typebox'
import { Labels, Opt, Str } from './common.ts'

export const ServicePort = Type.Object({
  name: Opt(Str()),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  targetPort: Opt(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Str()])),
  protocol: Opt(Type.Union([Type.Literal('TCP'), Type.Literal('UDP'), Type.Literal('SCTP')])),
  appProtocol: Opt(Str()),
  nodePort: Opt(Type.Integer()),
})
export type ServicePort = Type.Static<typeof ServicePort>

export const ServiceSpec = Type.Object({
  selector: Opt(Labels),
  ports: Opt(Type.Array(ServicePort)),
  type: Opt(Str()),
  clusterIP: Opt(Str()),
  clusterIPs: Opt(Type.Array(Str())),
  externalName: Opt(Str()),
})
export type ServiceSpec = Type.Static<typeof ServiceSpec>

export const NamespaceSpec = Type.Object({ finalizers: Opt(Type.Array(Str())) })
