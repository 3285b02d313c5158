// Istio's metrics for gRPC calls: a client interceptor (reporter="source") and a wrapper of a
// service implementation (reporter="destination"). The wrapper, rather than a server interceptor,
// because startXdsServer takes services; what grpc-js-xds's own server filters reject before a
// handler runs (RBAC denials, routing errors) is therefore seen only by the source side.
import * as grpc from '@grpc/grpc-js'
import type { ServiceBinding } from './server.ts'
import { PEER_HEADER, encodePeer, peerFromMetadata } from './telemetry-peer.ts'
import { UNKNOWN, UNKNOWN_PEER, hostOf, type IstioMetrics, type PeerIdentity } from './telemetry.ts'

/** gRPC's 5-byte message prefix: Istio counts the HTTP/2 body, which includes it. */
const FRAME_PREFIX = 5

/** The details grpc-js-xds's fault filter gives an injected abort. */
const FAULT_INJECTED = 'Fault injected'

/**
 * The HTTP status a gRPC status stands for when no server answered (the call failed in the
 * client: a fault, a timeout, no endpoint), as Envoy would have answered it.
 */
export function httpStatusOf(code: grpc.status): number {
  switch (code) {
    case grpc.status.OK: return 200
    case grpc.status.CANCELLED: return 499
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.FAILED_PRECONDITION:
    case grpc.status.OUT_OF_RANGE: return 400
    case grpc.status.DEADLINE_EXCEEDED: return 504
    case grpc.status.NOT_FOUND: return 404
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.ABORTED: return 409
    case grpc.status.PERMISSION_DENIED: return 403
    case grpc.status.RESOURCE_EXHAUSTED: return 429
    case grpc.status.UNIMPLEMENTED: return 501
    case grpc.status.UNAVAILABLE: return 503
    case grpc.status.UNAUTHENTICATED: return 401
    default: return 500
  }
}

/**
 * Envoy's response flags for a call as the client saw it: `FI` for a fault-injected abort, and
 * for a call no server answered `UT` (timed out), `UF` (upstream unreachable), `DC` (cancelled).
 */
export function clientResponseFlags(status: { code: grpc.status; details: string }, answered: boolean): string {
  if (status.details === FAULT_INJECTED) return 'FI'
  if (answered || status.code === grpc.status.OK) return '-'
  switch (status.code) {
    case grpc.status.DEADLINE_EXCEEDED: return 'UT'
    case grpc.status.UNAVAILABLE: return 'UF'
    case grpc.status.CANCELLED: return 'DC'
    default: return '-'
  }
}

export interface ClientTelemetryOptions {
  metrics: IstioMetrics
  self: PeerIdentity
  /** The channel target, `xds:///reviews.bookinfo.svc.cluster.local:9080` or `host:port`. */
  target: string
  /** The service definitions called on this channel, to size responses (clients only see them decoded). */
  services?: grpc.ServiceDefinition[]
}

/** Host of a channel target: `xds:///reviews.bookinfo.svc.cluster.local:9080` → `reviews.bookinfo.svc.cluster.local`. */
export function targetHost(target: string): string {
  return hostOf(target.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/]*)?\/?/i, ''))
}

/** A client interceptor recording every call as reporter="source" and sending this workload's identity. */
export function metricsClientInterceptor(opts: ClientTelemetryOptions): grpc.Interceptor {
  const service = targetHost(opts.target)
  const encodedSelf = encodePeer(opts.self)
  const serializers = new Map<string, (value: unknown) => Buffer>()
  for (const svc of opts.services ?? []) {
    for (const def of Object.values(svc)) serializers.set(def.path, def.responseSerialize as (value: unknown) => Buffer)
  }

  return (options, nextCall) => {
    const def = options.method_definition
    const responseSerialize = serializers.get(def.path)
    let t0 = 0
    let requestBytes = 0
    let responseBytes = 0
    let peer: PeerIdentity | undefined
    let answered = false
    return new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        t0 = performance.now()
        metadata.set(PEER_HEADER, encodedSelf)
        next(metadata, {
          onReceiveMetadata(md, nextMd) {
            // grpc-js also calls this for calls that never reached a server (empty metadata):
            // only the peer's identity (or a message) proves an answer.
            peer ??= peerFromMetadata(md)
            nextMd(md)
          },
          onReceiveMessage(message, nextMessage) {
            // grpc-js delivers null before the status of a unary call that got no message.
            if (message !== null && message !== undefined) answered = true
            responseBytes += sizeOf(responseSerialize, message)
            nextMessage(message)
          },
          onReceiveStatus(status, nextStatus) {
            peer ??= peerFromMetadata(status.metadata)
            // A server that sent its identity answered: HTTP 200, as Envoy reports any gRPC
            // response; otherwise the call ended in the client (or at a server outside the mesh).
            const serverAnswered = answered || peer !== undefined
            opts.metrics.record({
              reporter: 'source',
              source: opts.self,
              destination: peer ?? UNKNOWN_PEER,
              sourcePrincipal: UNKNOWN,
              destinationPrincipal: UNKNOWN,
              service,
              protocol: 'grpc',
              responseCode: serverAnswered ? 200 : httpStatusOf(status.code),
              grpcStatus: status.code,
              responseFlags: clientResponseFlags(status, serverAnswered),
              securityPolicy: 'unknown',
              durationMs: performance.now() - t0,
              requestBytes,
              responseBytes,
            })
            nextStatus(status)
          },
        })
      },
      sendMessage(message, next) {
        requestBytes += sizeOf(def.requestSerialize as (value: unknown) => Buffer, message)
        next(message)
      },
    })
  }
}

export interface ServerTelemetryOptions {
  metrics: IstioMetrics
  self: PeerIdentity
  /** This workload's principal when a call comes over mTLS. */
  selfPrincipal: string
  /** destination_service when the :authority is not a service FQDN (a call by IP). */
  defaultService: string
}

/** The service with each unary handler recording reporter="destination" and answering with this workload's identity. */
export function metricsService(binding: ServiceBinding, opts: ServerTelemetryOptions): ServiceBinding {
  const implementation: grpc.UntypedServiceImplementation = { ...binding.implementation }
  for (const [name, def] of Object.entries(binding.definition)) {
    const key = name in implementation ? name : def.originalName
    const handler = key === undefined ? undefined : implementation[key]
    // Streaming methods pass through unrecorded: the demo and tests use unary calls only.
    if (key === undefined || !handler || def.requestStream || def.responseStream) continue
    implementation[key] = wrapUnary(handler as grpc.handleUnaryCall<unknown, unknown>, def, opts)
  }
  return { definition: binding.definition, implementation }
}

function wrapUnary(
  handler: grpc.handleUnaryCall<unknown, unknown>,
  def: grpc.MethodDefinition<unknown, unknown>,
  opts: ServerTelemetryOptions,
): grpc.handleUnaryCall<unknown, unknown> {
  const encodedSelf = encodePeer(opts.self)
  return (call, callback) => {
    const t0 = performance.now()
    const source = peerFromMetadata(call.metadata) ?? UNKNOWN_PEER
    const requestBytes = sizeOf(def.requestSerialize as (value: unknown) => Buffer, call.request)
    const peerPrincipal = principalOf(call.getAuthContext())
    const host = hostOf(call.getHost())
    const service = /\.svc(\.|$)/.test(host) ? host : opts.defaultService

    let recorded = false
    const record = (code: grpc.status, responseCode: number, flags: string, responseBytes: number): void => {
      if (recorded) return
      recorded = true
      opts.metrics.record({
        reporter: 'destination',
        source,
        destination: opts.self,
        sourcePrincipal: peerPrincipal ?? UNKNOWN,
        destinationPrincipal: peerPrincipal ? opts.selfPrincipal : UNKNOWN,
        service,
        protocol: 'grpc',
        responseCode,
        grpcStatus: code,
        responseFlags: flags,
        securityPolicy: peerPrincipal ? 'mutual_tls' : 'none',
        durationMs: performance.now() - t0,
        requestBytes,
        responseBytes,
      })
    }
    // The caller gave up (deadline, cancel): Envoy reports a downstream disconnect.
    call.once('cancelled', () => record(grpc.status.CANCELLED, 0, 'DC', 0))
    handler(call, (err, value, trailer, flags) => {
      // The identity goes with the response headers, not before: a caller that gave up before
      // the answer (its deadline) must see no answer, as with a sidecar.
      const answer = new grpc.Metadata()
      answer.set(PEER_HEADER, encodedSelf)
      if (!call.cancelled) call.sendMetadata(answer)
      if (err) record(typeof err.code === 'number' ? err.code : grpc.status.UNKNOWN, 200, '-', 0)
      else record(grpc.status.OK, 200, '-', sizeOf(def.responseSerialize as (value: unknown) => Buffer, value))
      callback(err, value, trailer, flags)
    })
  }
}

/** The SPIFFE id in the peer certificate's URI SAN, when the call came over (m)TLS. */
function principalOf(auth: { transportSecurityType?: string; sslPeerCertificate?: { subjectaltname?: string } } | undefined): string | undefined {
  if (auth?.transportSecurityType !== 'ssl') return undefined
  const san = auth.sslPeerCertificate?.subjectaltname ?? ''
  const m = /URI:(spiffe:\/\/[^,\s]+)/.exec(san)
  return m ? m[1] : undefined
}

function sizeOf(serialize: ((value: unknown) => Buffer) | undefined, message: unknown): number {
  if (!serialize || message === undefined || message === null) return 0
  try {
    return serialize(message).length + FRAME_PREFIX
  } catch {
    return 0
  }
}
