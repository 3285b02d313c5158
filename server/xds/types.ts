// What the xDS generators and the ADS server share.
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { ResourceTypeUrl } from './protos.ts'

export interface Locality {
  region: string
  zone: string
  subZone: string
}

/** A connected proxy as its node told us (Istio's node id and proxyless metadata). */
export interface ProxyInfo {
  /** node.id, Istio's form `sidecar~IP~pod.ns~ns.svc.cluster.local`. */
  id: string
  type: 'sidecar' | 'router'
  /** First of INSTANCE_IPS (or the IP in the node id). */
  ip: string
  ips: string[]
  namespace: string
  /** Pod or workload instance name (`pod` of `pod.ns` in the node id, or metadata NAME). */
  podName: string
  workloadName: string
  labels: Record<string, string>
  serviceAccount: string
  locality: Locality
  /** Named ports the workload serves (metadata POD_PORTS / TRELLIS_PORTS): name → port. */
  ports: Record<string, number>
  /** GENERATOR: `grpc` for proxyless gRPC. */
  generator: string
  metadata: Record<string, string>
}

/** One resource in protobufjs object form: camelCase fields, Any written as `{'@type': url, …}`. */
export interface Resource {
  name: string
  message: Record<string, unknown>
}

/**
 * A generator is a pure function of the mesh, the proxy and the names it asked for (empty for a
 * wildcard subscription). It returns only the resources it has; names it doesn't know are left out.
 */
export type Generator = (snapshot: MeshSnapshot, proxy: ProxyInfo, names: readonly string[]) => Resource[]

export type Generators = Record<ResourceTypeUrl, Generator>
