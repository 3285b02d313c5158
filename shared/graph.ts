// The traffic graph's contract between server and web, in Kiali's JSON shape (cytoscape elements):
// `{ timestamp, duration, graphType, elements: { nodes: [{ data }], edges: [{ data }] } }`. Rates
// are decimal strings as Kiali writes them (2 decimals for rates, 1 for percentages), so a Kiali
// user's scripts read the same fields. Trellis adds a few optional fields (marked "Trellis") that
// Kiali clients ignore.
import Type from 'typebox'

export const GRAPH_TYPES = ['app', 'versionedApp', 'workload', 'service'] as const
export type GraphType = (typeof GRAPH_TYPES)[number]

/** Node types: `box` is a compound node (namespace or app box); `unknown` is a source outside telemetry's labels. */
export const NODE_TYPES = ['app', 'box', 'service', 'workload', 'unknown', 'aggregate'] as const
export type NodeType = (typeof NODE_TYPES)[number]

/** The appenders a request can ask for with `appenders=` (all of them when absent). */
export const APPENDERS = [
  'deadNode', 'idleNode', 'serviceEntry', 'istio', 'responseTime', 'throughput', 'securityPolicy', 'health',
] as const
export type AppenderName = (typeof APPENDERS)[number]

/** `protocol` → `rates` (name → decimal string) and, on edges, `responses` (code → flags / hosts → percent). */
export const ResponseDetail = Type.Object({
  /** Response flag (`-` for none, e.g. `UH`, `DC`, `FI`) → percentage of the edge's requests with this code and flag, e.g. `"33.3"`. */
  flags: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Destination host (e.g. `ratings.bookinfo.svc.cluster.local`) → percentage of the edge's requests with this code to that host. */
  hosts: Type.Optional(Type.Record(Type.String(), Type.String())),
})
export type ResponseDetail = Type.Static<typeof ResponseDetail>

export const ProtocolTraffic = Type.Object({
  protocol: Type.String(),
  /**
   * Node: httpIn, httpIn3xx, httpIn4xx, httpIn5xx, httpInNoResponse, httpOut; grpcIn, grpcInErr,
   * grpcInNoResponse, grpcOut; tcpIn, tcpOut. Edge: http, http3xx, http4xx, http5xx, httpNoResponse,
   * httpPercentErr, httpPercentReq; grpc, grpcErr, grpcNoResponse, grpcPercentErr, grpcPercentReq; tcp.
   */
  rates: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Edges only: response code (HTTP code, or gRPC status for grpc, `-` for no response) → detail. */
  responses: Type.Optional(Type.Record(Type.String(), ResponseDetail)),
})
export type ProtocolTraffic = Type.Static<typeof ProtocolTraffic>

export const ServiceName = Type.Object({
  cluster: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
})
export type ServiceName = Type.Static<typeof ServiceName>

export const GraphHealthStatus = Type.Union([
  Type.Literal('Healthy'), Type.Literal('Degraded'), Type.Literal('Failure'), Type.Literal('NA'),
])
export type GraphHealthStatus = Type.Static<typeof GraphHealthStatus>

/** A canary ramp as the graph shows it (shared/canary.ts has the whole object). */
export const CanaryInfo = Type.Object({
  /** The CanaryRamp's name (in the node's namespace). */
  ramp: Type.String(),
  /** Pending, Progressing or Paused. */
  phase: Type.String(),
  stable: Type.String(),
  canary: Type.String(),
  /** The canary's weight in force, 0–100. */
  weight: Type.Number(),
  /** 1-based step in force, and how many steps there are. */
  step: Type.Integer(),
  steps: Type.Integer(),
})
export type CanaryInfo = Type.Static<typeof CanaryInfo>

export const NodeData = Type.Object({
  /** sha256 of the node's identity (type, cluster, namespace, names): the same node keeps its id across refreshes. */
  id: Type.String(),
  /** The compound (box) node this node sits in. */
  parent: Type.Optional(Type.String()),
  nodeType: Type.String(),
  cluster: Type.String(),
  namespace: Type.String(),
  workload: Type.Optional(Type.String()),
  app: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  service: Type.Optional(Type.String()),
  aggregate: Type.Optional(Type.String()),
  /** The services requests to this node were addressed to. */
  destServices: Type.Optional(Type.Array(ServiceName)),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  traffic: Type.Optional(Type.Array(ProtocolTraffic)),
  /** Kiali sends the raw inputs of client-side health here; Trellis computes health on the server (healthStatus). */
  healthData: Type.Union([Type.Null(), Type.Unknown()]),
  /** Trellis: health computed on the server with the configured tolerances. */
  healthStatus: Type.Optional(GraphHealthStatus),
  hasCB: Type.Optional(Type.Boolean()),
  hasFaultInjection: Type.Optional(Type.Boolean()),
  hasMirroring: Type.Optional(Type.Boolean()),
  hasRequestRouting: Type.Optional(Type.Boolean()),
  hasRequestTimeout: Type.Optional(Type.Boolean()),
  hasTCPTrafficShifting: Type.Optional(Type.Boolean()),
  hasTrafficShifting: Type.Optional(Type.Boolean()),
  /** A VirtualService applies to this service; `hostnames` are its hosts that name it. */
  hasVS: Type.Optional(Type.Object({ hostnames: Type.Optional(Type.Array(Type.String())) })),
  /** `namespace` (a namespace box) or `app` (an app box in app / versionedApp graphs). */
  isBox: Type.Optional(Type.String()),
  /** A service or workload with no running instance. */
  isDead: Type.Optional(Type.Boolean()),
  /** Known to the mesh but with no traffic in the window. */
  isIdle: Type.Optional(Type.Boolean()),
  isInaccessible: Type.Optional(Type.Boolean()),
  /** Requests came from it that were not reported by a proxy (no xDS client, no sidecar). */
  isOutOfMesh: Type.Optional(Type.Boolean()),
  /** In a namespace outside the requested ones. */
  isOutside: Type.Optional(Type.Boolean()),
  /** Sends requests but receives none in the window: a traffic source. */
  isRoot: Type.Optional(Type.Boolean()),
  isServiceEntry: Type.Optional(Type.Object({ location: Type.String(), hosts: Type.Array(Type.String()) })),
  /** Trellis: a canary ramp on this service (service nodes) or version (the stable's and canary's nodes), not yet finished. */
  canary: Type.Optional(CanaryInfo),
})
export type NodeData = Type.Static<typeof NodeData>

export const EdgeData = Type.Object({
  /** sha256 of `source.target.protocol`. */
  id: Type.String(),
  source: Type.String(),
  target: Type.String(),
  sourcePrincipal: Type.Optional(Type.String()),
  destPrincipal: Type.Optional(Type.String()),
  /** Healthy, Degraded or Failure from the edge's error share against the tolerances. */
  healthStatus: Type.Optional(GraphHealthStatus),
  /** Percentage of the edge's requests carried over mutual TLS, e.g. `"100"`. */
  isMTLS: Type.Optional(Type.String()),
  /** Milliseconds (the quantile asked for with responseTime=, default p95). */
  responseTime: Type.Optional(Type.String()),
  /** Trellis: every response-time statistic, in ms: `{ avg, "0.5", "0.95", "0.99" }`. */
  responseTimes: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Bytes per second. */
  throughput: Type.Optional(Type.String()),
  traffic: ProtocolTraffic,
})
export type EdgeData = Type.Static<typeof EdgeData>

export const GraphResponse = Type.Object({
  /** Query time, unix seconds. */
  timestamp: Type.Integer(),
  /** Window, seconds. */
  duration: Type.Integer(),
  graphType: Type.String(),
  elements: Type.Object({
    nodes: Type.Array(Type.Object({ data: NodeData })),
    edges: Type.Array(Type.Object({ data: EdgeData })),
  }),
  /** Trellis: set when the graph was cut to the node budget; the page asks the user to filter. */
  truncated: Type.Optional(Type.Object({ nodes: Type.Integer(), budget: Type.Integer(), message: Type.String() })),
})
export type GraphResponse = Type.Static<typeof GraphResponse>

/** Query string of the graph endpoints. */
export const GraphQuery = Type.Object({
  /** Comma-separated namespaces (the namespace graph); required there. */
  namespaces: Type.Optional(Type.String()),
  graphType: Type.Optional(Type.String()),
  /** Window, e.g. `600s`, `10m` or seconds as a number (Kiali sends `600s`). */
  duration: Type.Optional(Type.String()),
  /** Unix seconds; now when absent. */
  queryTime: Type.Optional(Type.String()),
  injectServiceNodes: Type.Optional(Type.String()),
  /** Comma-separated appender names; all when absent, none when empty. */
  appenders: Type.Optional(Type.String()),
  /** `avg`, `50`, `95` or `99` (Kiali's names); default 95. */
  responseTime: Type.Optional(Type.String()),
  /** `request` or `response` bytes for throughput; default request. */
  throughputType: Type.Optional(Type.String()),
  /** `namespace` to box nodes by namespace (default), `none` for no boxes; `app` adds app boxes. */
  boxBy: Type.Optional(Type.String()),
  /** `requests` only rates of requests (Kiali's `rateGrpc`/`rateHttp` are accepted too). */
  rateGrpc: Type.Optional(Type.String()),
  rateHttp: Type.Optional(Type.String()),
  rateTcp: Type.Optional(Type.String()),
})
export type GraphQuery = Type.Static<typeof GraphQuery>
