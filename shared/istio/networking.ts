// networking.istio.io specs (v1, v1beta1 and v1alpha3 share these shapes).
import Type from 'typebox'
import { Duration, Labels, Opt, Percent, PortSelector, Str, StrList, StringMatch, WorkloadSelector } from './common.ts'

const Int = Type.Integer
const Port = Int({ minimum: 0, maximum: 65535 })

export const Destination = Type.Object({
  host: Str(),
  subset: Opt(Str()),
  port: Opt(PortSelector),
})
export type Destination = Type.Static<typeof Destination>

const HeaderOps = Type.Object({
  set: Opt(Labels),
  add: Opt(Labels),
  remove: Opt(StrList),
})
export const Headers = Type.Object({ request: Opt(HeaderOps), response: Opt(HeaderOps) })

export const HTTPMatchRequest = Type.Object({
  name: Opt(Str()),
  uri: Opt(StringMatch),
  scheme: Opt(StringMatch),
  method: Opt(StringMatch),
  authority: Opt(StringMatch),
  headers: Opt(Type.Record(Type.String(), StringMatch)),
  port: Opt(Port),
  sourceLabels: Opt(Labels),
  gateways: Opt(StrList),
  queryParams: Opt(Type.Record(Type.String(), StringMatch)),
  ignoreUriCase: Opt(Type.Boolean()),
  withoutHeaders: Opt(Type.Record(Type.String(), StringMatch)),
  sourceNamespace: Opt(Str()),
  statPrefix: Opt(Str()),
})
export type HTTPMatchRequest = Type.Static<typeof HTTPMatchRequest>

export const HTTPRouteDestination = Type.Object({
  destination: Destination,
  weight: Opt(Int()),
  headers: Opt(Headers),
})
export type HTTPRouteDestination = Type.Static<typeof HTTPRouteDestination>

export const HTTPRetry = Type.Object({
  attempts: Opt(Int()),
  perTryTimeout: Opt(Duration),
  retryOn: Opt(Str()),
  retryRemoteLocalities: Opt(Type.Boolean()),
})

export const HTTPFaultInjection = Type.Object({
  delay: Opt(Type.Object({
    fixedDelay: Opt(Duration),
    exponentialDelay: Opt(Duration),
    percentage: Opt(Percent),
    percent: Opt(Int()),
  })),
  abort: Opt(Type.Object({
    httpStatus: Opt(Int()),
    grpcStatus: Opt(Str()),
    http2Error: Opt(Str()),
    percentage: Opt(Percent),
  })),
})
export type HTTPFaultInjection = Type.Static<typeof HTTPFaultInjection>

export const HTTPRoute = Type.Object({
  name: Opt(Str()),
  match: Opt(Type.Array(HTTPMatchRequest)),
  route: Opt(Type.Array(HTTPRouteDestination)),
  redirect: Opt(Type.Object({
    uri: Opt(Str()),
    authority: Opt(Str()),
    port: Opt(Port),
    derivePort: Opt(Str()),
    scheme: Opt(Str()),
    redirectCode: Opt(Int()),
  })),
  directResponse: Opt(Type.Object({ status: Int(), body: Opt(Type.Record(Type.String(), Type.Unknown())) })),
  delegate: Opt(Type.Object({ name: Opt(Str()), namespace: Opt(Str()) })),
  rewrite: Opt(Type.Object({
    uri: Opt(Str()),
    authority: Opt(Str()),
    uriRegexRewrite: Opt(Type.Object({ match: Opt(Str()), rewrite: Opt(Str()) })),
  })),
  timeout: Opt(Duration),
  retries: Opt(HTTPRetry),
  fault: Opt(HTTPFaultInjection),
  mirror: Opt(Destination),
  mirrors: Opt(Type.Array(Type.Object({ destination: Destination, percentage: Opt(Percent) }))),
  mirrorPercentage: Opt(Percent),
  mirrorPercent: Opt(Int()),
  corsPolicy: Opt(Type.Record(Type.String(), Type.Unknown())),
  headers: Opt(Headers),
})
export type HTTPRoute = Type.Static<typeof HTTPRoute>

const RouteDestination = Type.Object({ destination: Destination, weight: Opt(Int()) })

const L4Match = Type.Object({
  destinationSubnets: Opt(StrList),
  port: Opt(Port),
  sourceLabels: Opt(Labels),
  gateways: Opt(StrList),
  sourceNamespace: Opt(Str()),
})

export const TCPRoute = Type.Object({ match: Opt(Type.Array(L4Match)), route: Opt(Type.Array(RouteDestination)) })
export const TLSRoute = Type.Object({
  match: Type.Array(Type.Object({
    sniHosts: StrList,
    destinationSubnets: Opt(StrList),
    port: Opt(Port),
    sourceLabels: Opt(Labels),
    gateways: Opt(StrList),
    sourceNamespace: Opt(Str()),
  })),
  route: Opt(Type.Array(RouteDestination)),
})

export const VirtualServiceSpec = Type.Object({
  hosts: Opt(StrList),
  gateways: Opt(StrList),
  http: Opt(Type.Array(HTTPRoute)),
  tls: Opt(Type.Array(TLSRoute)),
  tcp: Opt(Type.Array(TCPRoute)),
  exportTo: Opt(StrList),
})
export type VirtualServiceSpec = Type.Static<typeof VirtualServiceSpec>

export const LoadBalancerSettings = Type.Object({
  simple: Opt(Type.Union([
    Type.Literal('UNSPECIFIED'), Type.Literal('LEAST_CONN'), Type.Literal('RANDOM'), Type.Literal('PASSTHROUGH'),
    Type.Literal('ROUND_ROBIN'), Type.Literal('LEAST_REQUEST'),
  ])),
  consistentHash: Opt(Type.Object({
    httpHeaderName: Opt(Str()),
    httpCookie: Opt(Type.Object({ name: Str(), path: Opt(Str()), ttl: Opt(Duration) })),
    useSourceIp: Opt(Type.Boolean()),
    httpQueryParameterName: Opt(Str()),
    ringHash: Opt(Type.Object({ minimumRingSize: Opt(Int({ minimum: 0 })) })),
    maglev: Opt(Type.Object({ tableSize: Opt(Int({ minimum: 0 })) })),
    minimumRingSize: Opt(Int({ minimum: 0 })),
  })),
  localityLbSetting: Opt(Type.Record(Type.String(), Type.Unknown())),
  warmupDurationSecs: Opt(Duration),
})

export const ConnectionPoolSettings = Type.Object({
  tcp: Opt(Type.Object({
    maxConnections: Opt(Int({ minimum: 0 })),
    connectTimeout: Opt(Duration),
    tcpKeepalive: Opt(Type.Record(Type.String(), Type.Unknown())),
    maxConnectionDuration: Opt(Duration),
    idleTimeout: Opt(Duration),
  })),
  http: Opt(Type.Object({
    http1MaxPendingRequests: Opt(Int({ minimum: 0 })),
    http2MaxRequests: Opt(Int({ minimum: 0 })),
    maxRequestsPerConnection: Opt(Int({ minimum: 0 })),
    maxRetries: Opt(Int({ minimum: 0 })),
    idleTimeout: Opt(Duration),
    h2UpgradePolicy: Opt(Str()),
    useClientProtocol: Opt(Type.Boolean()),
    maxConcurrentStreams: Opt(Int({ minimum: 0 })),
  })),
})

export const OutlierDetection = Type.Object({
  consecutiveErrors: Opt(Int({ minimum: 0 })),
  consecutive5xxErrors: Opt(Int({ minimum: 0 })),
  consecutiveGatewayErrors: Opt(Int({ minimum: 0 })),
  consecutiveLocalOriginFailures: Opt(Int({ minimum: 0 })),
  splitExternalLocalOriginErrors: Opt(Type.Boolean()),
  interval: Opt(Duration),
  baseEjectionTime: Opt(Duration),
  maxEjectionPercent: Opt(Int({ minimum: 0, maximum: 100 })),
  minHealthPercent: Opt(Int({ minimum: 0, maximum: 100 })),
})

export const ClientTLSSettings = Type.Object({
  mode: Opt(Type.Union([Type.Literal('DISABLE'), Type.Literal('SIMPLE'), Type.Literal('MUTUAL'), Type.Literal('ISTIO_MUTUAL')])),
  clientCertificate: Opt(Str()),
  privateKey: Opt(Str()),
  caCertificates: Opt(Str()),
  credentialName: Opt(Str()),
  subjectAltNames: Opt(StrList),
  sni: Opt(Str()),
  insecureSkipVerify: Opt(Type.Boolean()),
})

const PolicyCore = {
  loadBalancer: Opt(LoadBalancerSettings),
  connectionPool: Opt(ConnectionPoolSettings),
  outlierDetection: Opt(OutlierDetection),
  tls: Opt(ClientTLSSettings),
}

export const TrafficPolicy = Type.Object({
  ...PolicyCore,
  portLevelSettings: Opt(Type.Array(Type.Object({ port: Opt(PortSelector), ...PolicyCore }))),
  tunnel: Opt(Type.Record(Type.String(), Type.Unknown())),
  proxyProtocol: Opt(Type.Record(Type.String(), Type.Unknown())),
})
export type TrafficPolicy = Type.Static<typeof TrafficPolicy>

export const Subset = Type.Object({
  name: Str(),
  labels: Opt(Labels),
  trafficPolicy: Opt(TrafficPolicy),
})
export type Subset = Type.Static<typeof Subset>

export const DestinationRuleSpec = Type.Object({
  host: Str(),
  trafficPolicy: Opt(TrafficPolicy),
  subsets: Opt(Type.Array(Subset)),
  exportTo: Opt(StrList),
  workloadSelector: Opt(Type.Object({ matchLabels: Opt(Labels) })),
})
export type DestinationRuleSpec = Type.Static<typeof DestinationRuleSpec>

export const ServerPort = Type.Object({
  number: Port,
  protocol: Opt(Str()),
  name: Opt(Str()),
  targetPort: Opt(Port),
})

export const GatewaySpec = Type.Object({
  servers: Opt(Type.Array(Type.Object({
    port: Opt(ServerPort),
    bind: Opt(Str()),
    hosts: Opt(StrList),
    tls: Opt(Type.Record(Type.String(), Type.Unknown())),
    defaultEndpoint: Opt(Str()),
    name: Opt(Str()),
  }))),
  selector: Opt(Labels),
})
export type GatewaySpec = Type.Static<typeof GatewaySpec>

export const WorkloadEntrySpec = Type.Object({
  address: Opt(Str()),
  ports: Opt(Type.Record(Type.String(), Port)),
  labels: Opt(Labels),
  network: Opt(Str()),
  locality: Opt(Str()),
  weight: Opt(Int({ minimum: 0 })),
  serviceAccount: Opt(Str()),
})
export type WorkloadEntrySpec = Type.Static<typeof WorkloadEntrySpec>

export const ServiceEntrySpec = Type.Object({
  hosts: StrList,
  addresses: Opt(StrList),
  ports: Opt(Type.Array(ServerPort)),
  location: Opt(Type.Union([Type.Literal('MESH_EXTERNAL'), Type.Literal('MESH_INTERNAL')])),
  resolution: Opt(Type.Union([
    Type.Literal('NONE'), Type.Literal('STATIC'), Type.Literal('DNS'), Type.Literal('DNS_ROUND_ROBIN'),
  ])),
  endpoints: Opt(Type.Array(WorkloadEntrySpec)),
  workloadSelector: Opt(WorkloadSelector),
  exportTo: Opt(StrList),
  subjectAltNames: Opt(StrList),
})
export type ServiceEntrySpec = Type.Static<typeof ServiceEntrySpec>

export const WorkloadGroupSpec = Type.Object({
  metadata: Opt(Type.Object({ labels: Opt(Labels), annotations: Opt(Labels) })),
  template: WorkloadEntrySpec,
  probe: Opt(Type.Record(Type.String(), Type.Unknown())),
})
export type WorkloadGroupSpec = Type.Static<typeof WorkloadGroupSpec>

const IstioEgressListener = Type.Object({
  port: Opt(ServerPort),
  bind: Opt(Str()),
  captureMode: Opt(Str()),
  hosts: StrList,
})

export const SidecarSpec = Type.Object({
  workloadSelector: Opt(WorkloadSelector),
  ingress: Opt(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
  egress: Opt(Type.Array(IstioEgressListener)),
  outboundTrafficPolicy: Opt(Type.Object({ mode: Opt(Str()) })),
  inboundConnectionPool: Opt(Type.Record(Type.String(), Type.Unknown())),
})
export type SidecarSpec = Type.Static<typeof SidecarSpec>
