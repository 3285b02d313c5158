// The mesh model's entities: what the config and the registry say exists.
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import type { Labels } from './labels.ts'

export interface MeshServicePort {
  name: string
  port: number
  /** Port on the workload: a number, or a named port looked up in the workload's ports. */
  targetPort: number | string
  /** Istio protocol from appProtocol or the port name's prefix (http, grpc, tcp, …). */
  protocol: string
}

export interface MeshService {
  /** The FQDN, unique key of a service in the mesh. */
  hostname: string
  name: string
  namespace: string
  origin: 'Service' | 'ServiceEntry'
  ports: readonly MeshServicePort[]
  /** Workload selector (Service.spec.selector or ServiceEntry.spec.workloadSelector.labels). */
  selector: Labels | undefined
  exportTo: readonly string[] | undefined
  labels: Labels
  /** ServiceEntry specifics. */
  location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL'
  resolution?: string
  source: ObjectRef
}

export interface Workload {
  /** `WorkloadEntry/ns/name`, `proxy/<node id>` for registered proxies, `ServiceEntry/ns/name#i` for inline endpoints. */
  key: string
  /** The instance: the WorkloadEntry's name, or a proxy's pod name. */
  name: string
  /** The workload the instance belongs to (a proxy's WORKLOAD_NAME); absent means `name`. */
  workloadName?: string
  namespace: string
  labels: Labels
  address: string
  /** Port name → port, from WorkloadEntry.spec.ports or the proxy's metadata. */
  ports: Readonly<Record<string, number>>
  serviceAccount: string
  locality: string
  weight: number
  network: string
  origin: 'WorkloadEntry' | 'Proxy' | 'ServiceEntry'
  source?: ObjectRef
  /**
   * For proxies: the ports it is serving on (its inbound listener is ACKed). Endpoints are
   * announced only on these, so no client is sent to a port before the server listens there.
   */
  servingPorts?: readonly number[]
}

export interface Endpoint {
  hostname: string
  workloadKey: string
  address: string
  /** Service port this endpoint serves. */
  servicePort: number
  servicePortName: string
  /** Port to dial on the workload. */
  port: number
  labels: Labels
  locality: string
  weight: number
  serviceAccount: string
}

/** A routing object indexed by the hosts it claims (VirtualService or DestinationRule). */
export interface HostBinding {
  /** The resolved host as written in the object (FQDN or wildcard). */
  host: string
  object: ConfigObject
  namespace: string
  exportTo: readonly string[] | undefined
  /** Where in the object the host is written, for messages (`spec/hosts[1]`). */
  path: string
}
