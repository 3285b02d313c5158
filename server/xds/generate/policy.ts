// The DestinationRule traffic policy that applies to one cluster, merged as Istio merges it: the
// top-level policy, its port-level settings for the port, the subset's policy, then the subset's
// port-level settings; each later layer replaces whole fields (loadBalancer, connectionPool, …).
import type { DestinationRuleSpec, Subset, TrafficPolicy } from '../../../shared/istio/networking.ts'
import type { MeshSnapshot } from '../../mesh/snapshot.ts'
import type { ProxyInfo } from '../types.ts'

export type PolicyFields = Pick<TrafficPolicy, 'loadBalancer' | 'connectionPool' | 'outlierDetection' | 'tls'>
export type LoadBalancer = NonNullable<TrafficPolicy['loadBalancer']>
export type ConsistentHash = NonNullable<LoadBalancer['consistentHash']>
export type OutlierDetection = NonNullable<TrafficPolicy['outlierDetection']>

/** The DestinationRule for the proxy's traffic to a host, by Istio's lookup order. */
export function ruleFor(snapshot: MeshSnapshot, proxy: ProxyInfo, host: string): DestinationRuleSpec | undefined {
  return snapshot.destinationRuleFor(host, proxy.namespace)?.object.spec as DestinationRuleSpec | undefined
}

function layers(policy: TrafficPolicy | undefined, port: number): PolicyFields[] {
  if (!policy) return []
  const portLevel = policy.portLevelSettings?.find((s) => s.port?.number === port)
  return portLevel ? [policy, portLevel] : [policy]
}

export function effectivePolicy(rule: DestinationRuleSpec | undefined, subset: Subset | undefined, port: number): PolicyFields {
  const out: PolicyFields = {}
  for (const layer of [...layers(rule?.trafficPolicy, port), ...layers(subset?.trafficPolicy, port)]) {
    if (layer.loadBalancer) out.loadBalancer = layer.loadBalancer
    if (layer.connectionPool) out.connectionPool = layer.connectionPool
    if (layer.outlierDetection) out.outlierDetection = layer.outlierDetection
    if (layer.tls) out.tls = layer.tls
  }
  return out
}

/** Envoy's hash policy for a consistent hash, or undefined when gRPC has nothing to hash on. */
export function hashPolicyFor(hash: ConsistentHash | undefined): Record<string, unknown> | undefined {
  if (!hash) return undefined
  if (hash.httpHeaderName) return { header: { headerName: hash.httpHeaderName } }
  // gRPC never sees the client's IP; hashing on the channel keeps each client process on one
  // backend, which is what source-IP affinity gives in practice (gRFC A42's channel_id).
  if (hash.useSourceIp) return { filterState: { key: 'io.grpc.channel_id' } }
  return undefined
}
