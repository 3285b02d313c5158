// Istio's standard request metrics, recorded by the workload itself (proxyless gRPC has no
// sidecar to do it): istio_requests_total, istio_request_duration_milliseconds,
// istio_request_bytes and istio_response_bytes, with Istio's label set and buckets, so Kiali's
// queries (and Trellis's graph) read these series exactly as they read Envoy's.
//
// Each side of a call reports: the client as reporter="source", the server as
// reporter="destination". The labels naming the other side come from the peer metadata exchange
// (telemetry-peer.ts), as Istio's metadata-exchange filter does.
import { Counter, Histogram, Registry } from 'prom-client'
import type { XdsBootstrap } from './bootstrap.ts'

/** Istio's (Envoy's default) buckets for istio_request_duration_milliseconds. */
export const DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
]
/** Istio's buckets for istio_request_bytes / istio_response_bytes. */
export const SIZE_BUCKETS_BYTES = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000]

/** Istio's standard label set for HTTP/gRPC metrics, in Istio's order. */
export const ISTIO_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const

export type IstioLabel = (typeof ISTIO_LABELS)[number]
export type IstioLabels = Record<IstioLabel, string>

export const UNKNOWN = 'unknown'

/** What one side of a call knows about a workload (its own identity, or the peer's from the exchange). */
export interface PeerIdentity {
  workload: string
  namespace: string
  app: string
  version: string
  canonicalService: string
  canonicalRevision: string
  cluster: string
}

export const UNKNOWN_PEER: PeerIdentity = Object.freeze({
  workload: UNKNOWN,
  namespace: UNKNOWN,
  app: UNKNOWN,
  version: UNKNOWN,
  canonicalService: UNKNOWN,
  canonicalRevision: UNKNOWN,
  cluster: UNKNOWN,
})

const CANONICAL_NAME = 'service.istio.io/canonical-name'
const CANONICAL_REVISION = 'service.istio.io/canonical-revision'

/** The workload's identity as its bootstrap states it (canonical labels fall back to app/version, as in Istio). */
export function identityFromBootstrap(bootstrap: XdsBootstrap): PeerIdentity {
  const meta = bootstrap.node.metadata
  const labels = meta.LABELS
  const app = labels.app ?? labels[CANONICAL_NAME] ?? meta.WORKLOAD_NAME
  const version = labels.version ?? UNKNOWN
  return {
    workload: meta.WORKLOAD_NAME,
    namespace: meta.NAMESPACE,
    app,
    version,
    canonicalService: labels[CANONICAL_NAME] ?? app,
    canonicalRevision: labels[CANONICAL_REVISION] ?? (labels.version ?? 'latest'),
    cluster: meta.CLUSTER_ID,
  }
}

/** Istio's principal form for a workload's service account: `spiffe://<trust domain>/ns/<ns>/sa/<sa>`. */
export function spiffeId(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`
}

/**
 * destination_service, _name and _namespace from a host: `reviews.bookinfo.svc.cluster.local`
 * gives name `reviews`, namespace `bookinfo`. Another host keeps its name with namespace unknown.
 */
export function serviceLabels(host: string): Pick<IstioLabels, 'destination_service' | 'destination_service_name' | 'destination_service_namespace'> {
  if (!host) return { destination_service: UNKNOWN, destination_service_name: UNKNOWN, destination_service_namespace: UNKNOWN }
  const m = /^([^.]+)\.([^.]+)\.svc(\.|$)/.exec(host)
  return {
    destination_service: host,
    destination_service_name: m ? m[1] : host.split('.')[0],
    destination_service_namespace: m ? m[2] : UNKNOWN,
  }
}

/** `reviews.bookinfo.svc.cluster.local:9080` → `reviews.bookinfo.svc.cluster.local` (IPv6 brackets kept). */
export function hostOf(authority: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(authority)
  return m ? m[1] : authority
}

/** One finished request as one reporter saw it. */
export interface RequestObservation {
  reporter: 'source' | 'destination'
  source: PeerIdentity
  destination: PeerIdentity
  sourcePrincipal: string
  destinationPrincipal: string
  /** The FQDN the request was addressed to (the xDS target's or the :authority's host). */
  service: string
  protocol: 'grpc' | 'http'
  /** HTTP status: 200 for a gRPC call the server answered, whatever its gRPC status. */
  responseCode: number
  /** The gRPC status code; absent for plain HTTP. */
  grpcStatus?: number
  /** Envoy's response flags (`-` for none, `FI` fault injected, `UT` timeout, `UF`/`UH` upstream failure, `DC`). */
  responseFlags: string
  /** `unknown` on the source side (as Istio reports it), `none` or `mutual_tls` on the destination side. */
  securityPolicy: 'unknown' | 'none' | 'mutual_tls'
  durationMs: number
  requestBytes: number
  responseBytes: number
}

export function istioLabels(o: RequestObservation): IstioLabels {
  return {
    reporter: o.reporter,
    source_workload: o.source.workload,
    source_workload_namespace: o.source.namespace,
    source_principal: o.sourcePrincipal,
    source_app: o.source.app,
    source_version: o.source.version,
    source_canonical_service: o.source.canonicalService,
    source_canonical_revision: o.source.canonicalRevision,
    source_cluster: o.source.cluster,
    destination_workload: o.destination.workload,
    destination_workload_namespace: o.destination.namespace,
    destination_principal: o.destinationPrincipal,
    destination_app: o.destination.app,
    destination_version: o.destination.version,
    ...serviceLabels(o.service),
    destination_canonical_service: o.destination.canonicalService,
    destination_canonical_revision: o.destination.canonicalRevision,
    destination_cluster: o.destination.cluster,
    request_protocol: o.protocol,
    response_code: String(o.responseCode),
    // Istio leaves it empty for plain HTTP; Prometheus stores an empty label as absent.
    grpc_response_status: o.grpcStatus === undefined ? '' : String(o.grpcStatus),
    response_flags: o.responseFlags,
    connection_security_policy: o.securityPolicy,
  }
}

/** The four standard metrics in one prom-client Registry (one per workload process). */
export class IstioMetrics {
  readonly registry: Registry
  private readonly requests: Counter<IstioLabel>
  private readonly duration: Histogram<IstioLabel>
  private readonly requestBytes: Histogram<IstioLabel>
  private readonly responseBytes: Histogram<IstioLabel>

  constructor(registry = new Registry()) {
    this.registry = registry
    const labelNames = [...ISTIO_LABELS]
    const registers = [registry]
    this.requests = new Counter({ name: 'istio_requests_total', help: 'Requests handled, by reporter', labelNames, registers })
    this.duration = new Histogram({
      name: 'istio_request_duration_milliseconds', help: 'Request duration in milliseconds', labelNames, registers, buckets: DURATION_BUCKETS_MS,
    })
    this.requestBytes = new Histogram({
      name: 'istio_request_bytes', help: 'Request body sizes in bytes', labelNames, registers, buckets: SIZE_BUCKETS_BYTES,
    })
    this.responseBytes = new Histogram({
      name: 'istio_response_bytes', help: 'Response body sizes in bytes', labelNames, registers, buckets: SIZE_BUCKETS_BYTES,
    })
  }

  record(o: RequestObservation): void {
    const labels = istioLabels(o)
    this.requests.inc(labels)
    this.duration.observe(labels, o.durationMs)
    this.requestBytes.observe(labels, o.requestBytes)
    this.responseBytes.observe(labels, o.responseBytes)
  }

  /** The exposition text Prometheus scrapes. */
  metrics(): Promise<string> {
    return this.registry.metrics()
  }
}
