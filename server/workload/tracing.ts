// Traces from workloads: an OpenTelemetry server span for every request a workload serves and a
// client span for every call it makes, with the trace context passed downstream in W3C
// `traceparent` (B3, single or multi header, is accepted on the way in, as Istio's Envoy does).
// Spans go to an OTLP/HTTP endpoint when one is given; without it they are still made, so the
// context keeps flowing through every hop.
import * as grpc from '@grpc/grpc-js'
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, context, defaultTextMapGetter, defaultTextMapSetter, trace,
  type Attributes, type Context, type Span, type TextMapGetter, type TextMapSetter, type Tracer,
} from '@opentelemetry/api'
import { CompositePropagator, ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core'
import { B3Propagator } from '@opentelemetry/propagator-b3'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { XdsBootstrap } from './bootstrap.ts'
import type { ServiceBinding } from './server.ts'
import { targetHost } from './telemetry-grpc.ts'
import { installContextManager } from './tracing-context.ts'

export interface WorkloadTracingOptions {
  /** The service name spans are reported under; Istio's default is `<app>.<namespace>`. */
  serviceName: string
  /** Extra resource attributes (service.version, k8s.namespace.name, k8s.pod.name, …). */
  attributes?: Attributes
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces` (a bare origin gets `/v1/traces`). */
  otlpUrl?: string
  /** Where spans go instead of (or without) OTLP, e.g. an InMemorySpanExporter in tests; exported at once. */
  exporter?: SpanExporter
}

export interface WorkloadTracing {
  tracer: Tracer
  /** Client interceptor: a CLIENT span per call, child of the active context, its context sent as traceparent. */
  clientInterceptor(target: string): grpc.Interceptor
  /** The service with each unary handler run in a SERVER span continuing the caller's trace. */
  service(binding: ServiceBinding): ServiceBinding
  /** Runs `handle` in a SERVER span for one HTTP request; the span ends with the response. */
  httpServer(req: IncomingMessage, res: ServerResponse, handle: () => void): void
  /** Writes the active context's trace headers (traceparent) into outgoing HTTP headers. */
  inject(headers: Record<string, string>): void
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>
}

// Extraction: B3 first, then W3C, so traceparent wins when a caller sends both.
const extractor = new CompositePropagator({ propagators: [new B3Propagator(), new W3CTraceContextPropagator()] })
const injector = new W3CTraceContextPropagator()

const metadataGetter: TextMapGetter<grpc.Metadata> = {
  keys: (md) => Object.keys(md.getMap()),
  get: (md, key) => {
    const v = md.get(key)[0]
    return typeof v === 'string' ? v : undefined
  },
}
const metadataSetter: TextMapSetter<grpc.Metadata> = { set: (md, key, value) => md.set(key, value) }

/** Spans as Istio names the workload: service `<app>.<namespace>`, with version, pod and namespace. */
export function tracingOptionsFromBootstrap(bootstrap: XdsBootstrap, otlpUrl?: string): WorkloadTracingOptions {
  const meta = bootstrap.node.metadata
  const app = meta.LABELS.app ?? meta.WORKLOAD_NAME
  return {
    serviceName: `${app}.${meta.NAMESPACE}`,
    attributes: {
      'service.version': meta.LABELS.version ?? '',
      'service.namespace': meta.NAMESPACE,
      'k8s.namespace.name': meta.NAMESPACE,
      'k8s.pod.name': meta.NAME,
      'k8s.deployment.name': meta.WORKLOAD_NAME,
      'istio.canonical_service': meta.LABELS['service.istio.io/canonical-name'] ?? app,
      'istio.canonical_revision': meta.LABELS['service.istio.io/canonical-revision'] ?? 'latest',
    },
    otlpUrl,
  }
}

/** `http://h:4318` → `http://h:4318/v1/traces`; a URL with a path is used as written. */
export function tracesEndpoint(url: string): string {
  const u = new URL(url)
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--otlp-url must be an http(s) URL, got '${url}'`)
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1/traces'
  return u.toString()
}

export function createWorkloadTracing(opts: WorkloadTracingOptions): WorkloadTracing {
  installContextManager()
  const spanProcessors = []
  if (opts.otlpUrl) spanProcessors.push(new BatchSpanProcessor(new LazyOtlpExporter(tracesEndpoint(opts.otlpUrl))))
  if (opts.exporter) spanProcessors.push(new SimpleSpanProcessor(opts.exporter))
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName, ...opts.attributes }),
    spanProcessors,
  })
  const tracer = provider.getTracer('trellis-workload')

  return {
    tracer,
    clientInterceptor: (target) => clientInterceptor(tracer, target),
    service: (binding) => tracedService(tracer, binding),
    httpServer: (req, res, handle) => httpServer(tracer, req, res, handle),
    inject: (headers) => injector.inject(context.active(), headers, defaultTextMapSetter),
    shutdown: () => provider.shutdown(),
  }
}

function rpcAttributes(path: string): Attributes {
  const [, service = '', method = ''] = path.split('/')
  return { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method }
}

function endRpcSpan(span: Span, code: grpc.status, details: string): void {
  span.setAttribute('rpc.grpc.status_code', code)
  if (code !== grpc.status.OK) span.setStatus({ code: SpanStatusCode.ERROR, message: `${grpc.status[code] ?? code}: ${details}` })
  span.end()
}

function clientInterceptor(tracer: Tracer, target: string): grpc.Interceptor {
  const host = targetHost(target)
  const port = Number(/:(\d+)$/.exec(target)?.[1] ?? 0)
  return (options, nextCall) => {
    // The interceptor runs synchronously inside the call: the active context is the caller's.
    const parent = context.active()
    const path = options.method_definition.path
    const span = tracer.startSpan(path.slice(1), {
      kind: SpanKind.CLIENT,
      attributes: { ...rpcAttributes(path), 'server.address': host, ...(port ? { 'server.port': port } : {}) },
    }, parent)
    return new grpc.InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        injector.inject(trace.setSpan(parent, span), metadata, metadataSetter)
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            endRpcSpan(span, status.code, status.details)
            nextStatus(status)
          },
        })
      },
    })
  }
}

function tracedService(tracer: Tracer, binding: ServiceBinding): ServiceBinding {
  const implementation: grpc.UntypedServiceImplementation = { ...binding.implementation }
  for (const [name, def] of Object.entries(binding.definition)) {
    const key = name in implementation ? name : def.originalName
    const handler = key === undefined ? undefined : implementation[key]
    if (key === undefined || !handler || def.requestStream || def.responseStream) continue
    const unary = handler as grpc.handleUnaryCall<unknown, unknown>
    implementation[key] = ((call, callback) => {
      const parent = extractor.extract(ROOT_CONTEXT, call.metadata, metadataGetter)
      const span = tracer.startSpan(def.path.slice(1), { kind: SpanKind.SERVER, attributes: rpcAttributes(def.path) }, parent)
      let ended = false
      const end = (code: grpc.status, details: string): void => {
        if (ended) return
        ended = true
        endRpcSpan(span, code, details)
      }
      call.once('cancelled', () => end(grpc.status.CANCELLED, 'the caller cancelled'))
      context.with(trace.setSpan(parent, span), () => unary(call, (err, value, trailer, flags) => {
        if (err) end(typeof err.code === 'number' ? err.code : grpc.status.UNKNOWN, err.details ?? ('message' in err ? String(err.message) : ''))
        else end(grpc.status.OK, '')
        callback(err, value, trailer, flags)
      }))
    }) satisfies grpc.handleUnaryCall<unknown, unknown>
  }
  return { definition: binding.definition, implementation }
}

function httpServer(tracer: Tracer, req: IncomingMessage, res: ServerResponse, handle: () => void): void {
  const parent: Context = extractor.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter)
  const path = (req.url ?? '/').split('?')[0]
  const span = tracer.startSpan(`${req.method ?? 'GET'} ${path}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path, ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}) },
  }, parent)
  let ended = false
  const end = (status: number): void => {
    if (ended) return
    ended = true
    span.setAttribute('http.response.status_code', status)
    if (status === 0 || status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: status ? `HTTP ${status}` : 'the client went away' })
    span.end()
  }
  res.once('finish', () => end(res.statusCode))
  res.once('close', () => end(0))
  context.with(trace.setSpan(parent, span), handle)
}

/**
 * The OTLP/HTTP exporter, loaded only when a workload exports: the package costs every process
 * about a second of CPU at start-up, and exporting is off by default.
 */
class LazyOtlpExporter implements SpanExporter {
  private readonly exporter: Promise<SpanExporter>

  constructor(url: string) {
    this.exporter = import('@opentelemetry/exporter-trace-otlp-http').then((m) => new m.OTLPTraceExporter({ url }))
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exporter.then(
      (e) => e.export(spans, done),
      (error: unknown) => done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    )
  }

  async shutdown(): Promise<void> {
    await (await this.exporter).shutdown()
  }

  async forceFlush(): Promise<void> {
    await (await this.exporter).forceFlush?.()
  }
}
