// The traffic map the graph is built in: nodes keyed by their identity (Kiali's node id form,
// `wl_<cluster>_<ns>_<workload>`), each holding its outgoing edges, its traffic rates and what the
// appenders learnt about it, as typed fields rather than a bag of metadata. Converted to Kiali's
// JSON only at the end (convert.ts).
import type { CanaryInfo, GraphHealthStatus, GraphType, NodeType, ServiceName } from '../../shared/graph.ts'

/** Istio's value for a label it could not fill. */
export const UNKNOWN = 'unknown'
/** Envoy's cluster for requests to hosts it does not know; never injected as a service node. */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster'

/** A telemetry label value that names something (not empty, not `unknown`). */
export function isOK(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== UNKNOWN
}

/** A canonical revision that names a version (`latest` is Istio's "none"). */
export function isOKVersion(value: string | undefined): value is string {
  return isOK(value) && value !== 'latest'
}

export type Protocol = 'http' | 'grpc' | 'tcp'
export const PROTOCOLS: readonly Protocol[] = ['grpc', 'http', 'tcp']

/** The requests (or bytes) of one response code, by response flag and by destination host. */
export interface ResponseTally {
  flags: Map<string, number>
  hosts: Map<string, number>
}

/** Response-time statistics in ms, keyed `avg`, `0.5`, `0.95`, `0.99`. */
export type ResponseTimes = Partial<Record<ResponseTimeStat, number>>
export const RESPONSE_TIME_STATS = ['avg', '0.5', '0.95', '0.99'] as const
export type ResponseTimeStat = (typeof RESPONSE_TIME_STATS)[number]

/**
 * Rates by Kiali's name (`http`, `grpcErr`, `httpIn5xx` …), requests or bytes per second, 0 for
 * none: one object of a fixed shape per edge and per node, so a graph's tens of thousands of rate
 * updates are field writes, not map lookups.
 */
export type Rates = Record<string, number>

/** Every rate an edge keeps: protocols.ts's edge rates but the percentages, which are derived (it checks). */
export function newEdgeRates(): Rates {
  return { grpc: 0, grpcNoResponse: 0, grpcErr: 0, http: 0, httpNoResponse: 0, http3xx: 0, http4xx: 0, http5xx: 0, tcp: 0 }
}

/** Every rate a node keeps: protocols.ts's node rates (it checks). */
export function newNodeRates(): Rates {
  return { grpcIn: 0, grpcInNoResponse: 0, grpcInErr: 0, grpcOut: 0, httpIn: 0, httpInNoResponse: 0, httpIn3xx: 0, httpIn4xx: 0, httpIn5xx: 0, httpOut: 0, tcpIn: 0, tcpOut: 0 }
}

export class GraphEdge {
  /** Edge rates by name (`http`, `http5xx`, `grpcErr`, `tcp` …). */
  readonly rates: Rates = newEdgeRates()
  /** Response code → tally; absent for traffic without codes (gRPC messages). */
  readonly responses = new Map<string, ResponseTally>()
  responseTimes: ResponseTimes | undefined
  /** Bytes per second. */
  throughput: number | undefined
  /** Percentage of requests over mutual TLS (only set when some were). */
  mtlsPercent: number | undefined
  sourcePrincipal: string | undefined
  destPrincipal: string | undefined
  healthStatus: GraphHealthStatus | undefined

  constructor(public source: GraphNode, readonly dest: GraphNode, readonly protocol: Protocol) {}

  /** The total rate of the edge's protocol. */
  get total(): number {
    return this.rates[this.protocol] ?? 0
  }
}

export interface ServiceEntryInfo {
  location: string
  hosts: string[]
}

/** What appenders learn about a node; each field is the JSON field of the same name. */
export interface NodeFlags {
  isInjected?: boolean
  isIdle?: boolean
  isDead?: boolean
  isRoot?: boolean
  isOutside?: boolean
  isInaccessible?: boolean
  isOutOfMesh?: boolean
  isServiceEntry?: ServiceEntryInfo
  hasVS?: { hostnames: string[] }
  hasCB?: boolean
  hasFaultInjection?: boolean
  hasMirroring?: boolean
  hasRequestRouting?: boolean
  hasRequestTimeout?: boolean
  hasTrafficShifting?: boolean
  hasTCPTrafficShifting?: boolean
  /** A canary ramp in force for its service (or version). */
  canary?: CanaryInfo
}

export class GraphNode {
  readonly edges: GraphEdge[] = []
  /** Node rates by name (`httpIn`, `grpcOut`, `tcpIn` …). */
  readonly rates: Rates = newNodeRates()
  /** The services requests to this node were addressed to, by `cluster ns name`. */
  readonly destServices = new Map<string, ServiceName>()
  /** Service nodes: the destination hosts (`reviews.bookinfo.svc.cluster.local`) telemetry named. */
  readonly hosts = new Set<string>()
  flags: NodeFlags = {}
  healthStatus: GraphHealthStatus | undefined

  constructor(
    /** The node's identity, Kiali's id form; hashed into the JSON id. */
    readonly key: string,
    readonly nodeType: NodeType,
    readonly cluster: string,
    readonly namespace: string,
    readonly workload: string,
    public app: string,
    readonly version: string,
    readonly service: string,
  ) {}

  edgeTo(dest: GraphNode, protocol: string): GraphEdge | undefined {
    for (const e of this.edges) if (e.dest === dest && e.protocol === protocol) return e
    return undefined
  }

  /** The edge to dest for protocol, made when missing. */
  edge(dest: GraphNode, protocol: Protocol): GraphEdge {
    let e = this.edgeTo(dest, protocol)
    if (!e) this.edges.push((e = new GraphEdge(this, dest, protocol)))
    return e
  }
}

/** Nodes by key. */
export type TrafficMap = Map<string, GraphNode>

/** Removes nodes and every edge to them. */
export function removeNodes(map: TrafficMap, keys: Iterable<string>): void {
  let removed = false
  for (const k of keys) removed = map.delete(k) || removed
  if (!removed) return
  for (const n of map.values()) {
    const kept = n.edges.filter((e) => map.get(e.dest.key) === e.dest)
    if (kept.length !== n.edges.length) n.edges.splice(0, n.edges.length, ...kept)
  }
}

export function addServiceName(node: GraphNode, cluster: string, namespace: string, name: string): void {
  if (!isOK(name)) return
  // A node is addressed through one service or a few: a scan is cheaper than a key per request.
  for (const s of node.destServices.values()) if (s.name === name && s.namespace === namespace && s.cluster === cluster) return
  node.destServices.set(`${cluster} ${namespace} ${name}`, { cluster, namespace, name })
}

/** Graph types built as workload graphs (the service graph is reduced from one). */
export function isWorkloadLike(graphType: GraphType): boolean {
  return graphType === 'workload' || graphType === 'service'
}
