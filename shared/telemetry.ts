// Telemetry contracts between server and web: health (Kiali's default tolerances), the app /
// workload / service lists and details, and metric series in Kiali's shape.
import Type from 'typebox'

/** Request rate (per second) by protocol and response code: `{ grpc: { '0': 4.2, '14': 0.1 }, http: { '200': 1 } }`. */
export const RequestRates = Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()))
export type RequestRates = Type.Static<typeof RequestRates>

export const HealthStatus = Type.Union([
  Type.Literal('Healthy'), Type.Literal('Degraded'), Type.Literal('Failure'), Type.Literal('Idle'), Type.Literal('NA'),
])
export type HealthStatus = Type.Static<typeof HealthStatus>

export const Health = Type.Object({
  /** Worst of inbound and outbound against the tolerances; NA when no telemetry is available. */
  status: HealthStatus,
  inbound: RequestRates,
  outbound: RequestRates,
  /** Share of inbound requests that failed (0–1), when there were requests. */
  errorRatio: Type.Optional(Type.Number()),
  /** Inbound requests per second. */
  requestRate: Type.Number(),
})
export type Health = Type.Static<typeof Health>

export const Instance = Type.Object({
  address: Type.String(),
  origin: Type.Union([Type.Literal('Proxy'), Type.Literal('WorkloadEntry'), Type.Literal('ServiceEntry')]),
  /** The xDS node id of a connected proxy. */
  proxyId: Type.Optional(Type.String()),
  locality: Type.String(),
})

export const WorkloadSummary = Type.Object({
  name: Type.String(),
  namespace: Type.String(),
  app: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  labels: Type.Record(Type.String(), Type.String()),
  serviceAccount: Type.String(),
  instances: Type.Array(Instance),
  services: Type.Array(Type.String()),
  health: Health,
})
export type WorkloadSummary = Type.Static<typeof WorkloadSummary>

export const AppSummary = Type.Object({
  name: Type.String(),
  namespace: Type.String(),
  versions: Type.Array(Type.String()),
  workloads: Type.Array(Type.String()),
  services: Type.Array(Type.String()),
  health: Health,
})
export type AppSummary = Type.Static<typeof AppSummary>

export const ServiceSummary = Type.Object({
  name: Type.String(),
  namespace: Type.String(),
  hostname: Type.String(),
  ports: Type.Array(Type.Object({ name: Type.String(), port: Type.Integer(), protocol: Type.String() })),
  workloads: Type.Array(Type.String()),
  virtualServices: Type.Array(Type.String()),
  destinationRules: Type.Array(Type.String()),
  health: Health,
})
export type ServiceSummary = Type.Static<typeof ServiceSummary>

/** GET /api/overview: one card per namespace. */
export const NamespaceOverview = Type.Object({
  namespace: Type.String(),
  counts: Type.Object({ apps: Type.Integer(), workloads: Type.Integer(), services: Type.Integer() }),
  /** Apps per health status. */
  appHealth: Type.Record(Type.String(), Type.Integer()),
  /** Inbound request rate over the window, for a sparkline: [unix seconds, requests/s]. */
  requestRate: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  errorRatio: Type.Optional(Type.Number()),
})
export type NamespaceOverview = Type.Static<typeof NamespaceOverview>

/** Metric names as Kiali names them. */
export const METRIC_NAMES = ['request_count', 'request_error_count', 'request_duration_millis', 'request_size', 'response_size'] as const
export type MetricName = (typeof METRIC_NAMES)[number]

export const MetricSeries = Type.Object({
  name: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  /** For histograms: `avg` or a quantile (`0.5`, `0.95`, `0.99`). */
  stat: Type.Optional(Type.String()),
  /** [unix seconds, value]; NaN never appears (gaps are left out). */
  datapoints: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
})
export type MetricSeries = Type.Static<typeof MetricSeries>

/** GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics */
export const MetricsResponse = Type.Record(Type.String(), Type.Array(MetricSeries))
export type MetricsResponse = Type.Static<typeof MetricsResponse>

export const MetricsQuery = Type.Object({
  direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
  /** Window in seconds (60 … 86400). */
  duration: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
  /** Resolution in seconds. */
  step: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
  /** PromQL rate window, e.g. `1m`. */
  rateInterval: Type.Optional(Type.String({ pattern: '^[0-9]+[smh]$' })),
  /** Comma-separated quantiles, e.g. `0.5,0.95,0.99`. */
  quantiles: Type.Optional(Type.String({ pattern: '^(0\\.[0-9]+)(,0\\.[0-9]+)*$' })),
  reporter: Type.Optional(Type.Union([Type.Literal('source'), Type.Literal('destination')])),
  /** Comma-separated labels to split series by, e.g. `destination_workload,response_code`. */
  byLabels: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$' })),
})
export type MetricsQuery = Type.Static<typeof MetricsQuery>

/** GET /api/status: what the console depends on and whether it answers. */
export const StatusResponse = Type.Object({
  prometheus: Type.Object({
    url: Type.Optional(Type.String()),
    available: Type.Boolean(),
    error: Type.Optional(Type.String()),
    checkedAt: Type.Optional(Type.String()),
  }),
  controlPlane: Type.Object({ enabled: Type.Boolean(), xdsPort: Type.Optional(Type.Integer()) }),
  /** true when Trellis runs with --view-only (every write answers 403; the console hides write controls); absent otherwise. */
  viewOnly: Type.Optional(Type.Boolean()),
})
export type StatusResponse = Type.Static<typeof StatusResponse>
