// The workload library: what every proxyless gRPC workload of the mesh is built on.
// Typical use, in a process of its own (one process = one workload identity):
//
//   const port = await pickFreePort()
//   await registerWorkload(makeBootstrap({ xdsServer: '127.0.0.1:15010', namespace: 'bookinfo',
//     workloadName: 'reviews-v2', app: 'reviews', version: 'v2', ports: { grpc: port } }))
//   const server = await startXdsServer({ services: [{ definition, implementation }], port })
//   const ratings = createXdsClient(RatingsClient, 'xds:///ratings.bookinfo.svc.cluster.local:9080')
export {
  makeBootstrap,
  nodeId,
  inboundListenerName,
  SERVER_LISTENER_TEMPLATE,
  ISTIO_VERSION,
  type BootstrapOptions,
  type NodeMetadata,
  type XdsBootstrap,
} from './bootstrap.ts'
export { registerWorkload, currentRegistration, XDS_FEATURE_FLAGS, type Registration, type Xds } from './register.ts'
export {
  createXdsClient,
  xdsChannel,
  unaryCall,
  isServiceError,
  type CallOptions,
  type ChannelSecurity,
  type ClientConstructor,
  type XdsClientOptions,
} from './client.ts'
export { startXdsServer, pickFreePort, type RunningXdsServer, type ServiceBinding, type XdsServerOptions } from './server.ts'
export {
  IstioMetrics,
  identityFromBootstrap,
  istioLabels,
  serviceLabels,
  spiffeId,
  ISTIO_LABELS,
  DURATION_BUCKETS_MS,
  SIZE_BUCKETS_BYTES,
  UNKNOWN_PEER,
  type IstioLabel,
  type IstioLabels,
  type PeerIdentity,
  type RequestObservation,
} from './telemetry.ts'
export { PEER_HEADER, encodePeer, decodePeer } from './telemetry-peer.ts'
export { metricsClientInterceptor, metricsService, httpStatusOf, clientResponseFlags, targetHost } from './telemetry-grpc.ts'
export { serveMetrics, observeHttpRequest, type MetricsEndpoint } from './telemetry-http.ts'
export {
  createWorkloadTelemetry,
  METRICS_PORT_NAME,
  type WorkloadTelemetry,
  type WorkloadTelemetryOptions,
} from './telemetry-workload.ts'
export {
  createWorkloadTracing,
  tracingOptionsFromBootstrap,
  tracesEndpoint,
  type WorkloadTracing,
  type WorkloadTracingOptions,
} from './tracing.ts'
