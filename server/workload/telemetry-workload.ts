// One workload's telemetry, from its bootstrap: Istio's metrics for the calls it makes (client
// interceptors), the requests it serves (wrapped services, observed HTTP requests), and the
// /metrics endpoint Prometheus scrapes.
//
//   const metrics = new IstioMetrics()
//   const endpoint = await serveMetrics(metrics)                 // its port goes in POD_PORTS
//   const bootstrap = makeBootstrap({ …, ports: { grpc: port, 'http-metrics': endpoint.port } })
//   const telemetry = createWorkloadTelemetry(bootstrap, { metrics })
//   startXdsServer({ services: [telemetry.service(binding)], port })
//   createXdsClient(Ratings, target, { channelOptions: { interceptors: [telemetry.clientInterceptor(target, [Ratings.service])] } })
import type * as grpc from '@grpc/grpc-js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { XdsBootstrap } from './bootstrap.ts'
import type { ServiceBinding } from './server.ts'
import { metricsClientInterceptor, metricsService } from './telemetry-grpc.ts'
import { observeHttpRequest } from './telemetry-http.ts'
import { IstioMetrics, identityFromBootstrap, spiffeId, type PeerIdentity } from './telemetry.ts'

/** The POD_PORTS name under which a workload advertises its /metrics port (Istio's convention). */
export const METRICS_PORT_NAME = 'http-metrics'

export interface WorkloadTelemetryOptions {
  /** Defaults to a new registry of the four standard metrics. */
  metrics?: IstioMetrics
  /** SPIFFE trust domain for this workload's principal; default `cluster.local`. */
  trustDomain?: string
  /**
   * destination_service for requests not addressed to a service FQDN (HTTP by IP, a plain
   * channel); default `<canonical service>.<namespace>.svc.<cluster domain>`.
   */
  service?: string
}

export interface WorkloadTelemetry {
  identity: PeerIdentity
  metrics: IstioMetrics
  /** `spiffe://<trust domain>/ns/<ns>/sa/<sa>`, reported when calls come over mTLS. */
  principal: string
  defaultService: string
  /** Records calls on a channel to `target` as reporter="source"; `services` lets it size responses. */
  clientInterceptor(target: string, services?: grpc.ServiceDefinition[]): grpc.Interceptor
  /** The service recording every unary call it serves as reporter="destination". */
  service(binding: ServiceBinding): ServiceBinding
  /** Records one HTTP request served (call first thing in the handler). */
  observeHttp(req: IncomingMessage, res: ServerResponse): void
}

export function createWorkloadTelemetry(bootstrap: XdsBootstrap, opts: WorkloadTelemetryOptions = {}): WorkloadTelemetry {
  const identity = identityFromBootstrap(bootstrap)
  const metrics = opts.metrics ?? new IstioMetrics()
  const meta = bootstrap.node.metadata
  const principal = spiffeId(meta.NAMESPACE, meta.SERVICE_ACCOUNT, opts.trustDomain)
  // The node id ends with `<ns>.svc.<cluster domain>`.
  const nsDomain = bootstrap.node.id.split('~')[3] ?? `${meta.NAMESPACE}.svc.cluster.local`
  const defaultService = opts.service ?? `${identity.canonicalService}.${nsDomain}`
  return {
    identity,
    metrics,
    principal,
    defaultService,
    clientInterceptor: (target, services) => metricsClientInterceptor({ metrics, self: identity, target, services }),
    service: (binding) => metricsService(binding, { metrics, self: identity, selfPrincipal: principal, defaultService }),
    observeHttp: (req, res) => observeHttpRequest(req, res, { metrics, self: identity, defaultService }),
  }
}
