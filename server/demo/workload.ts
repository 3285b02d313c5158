// One Bookinfo workload instance, one process (one workload identity, as grpc-js-xds requires):
//
//   node --import tsx server/demo/workload.ts --role reviews --version v2 --xds-server 127.0.0.1:15010 \
//     [--namespace bookinfo] [--otlp-url URL] [--exit-on-stdin-close]
//
// details, reviews and ratings serve their gRPC service on an xDS-enabled server; productpage
// serves its page over HTTP. Every upstream is an `xds:///<svc>.bookinfo.svc.cluster.local:9080`
// channel routed by the control plane. Each instance serves Istio's metrics on /metrics
// (advertised in POD_PORTS as `http-metrics`) and makes spans for every hop.
//
// stdout: one line `{"ready":true,"role":…,"ports":{…},"pid":…}` once serving, or
// `{"ready":false,"error":…}` and exit 1. SIGTERM/SIGINT: graceful stop, exit 0.
import { createServer } from 'node:http'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type * as grpc from '@grpc/grpc-js'
import {
  createWorkloadTelemetry, createWorkloadTracing, createXdsClient, IstioMetrics, makeBootstrap, METRICS_PORT_NAME,
  pickFreePort, registerWorkload, serveMetrics, startXdsServer, tracingOptionsFromBootstrap,
  type ServiceBinding, type WorkloadTelemetry, type WorkloadTracing,
} from '../workload/index.ts'
import { listen } from '../workload/telemetry-http.ts'
import {
  DetailsClient, NAMESPACE, RatingsClient, ReviewsClient, SERVICE_PORT,
  detailsService, ratingsService, reviewsService, type Identity,
} from './bookinfo.ts'
import { productPageHandler } from './productpage.ts'

export const ROLES = ['productpage', 'details', 'reviews', 'ratings'] as const
export type Role = (typeof ROLES)[number]

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    version: { type: 'string', default: 'v1' },
    'xds-server': { type: 'string' },
    namespace: { type: 'string', default: NAMESPACE },
    'otlp-url': { type: 'string' },
    'exit-on-stdin-close': { type: 'boolean', default: false },
  },
  strict: true,
})

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

async function main(): Promise<void> {
  const role = values.role as Role
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got '${values.role}'`)
  const xdsServer = values['xds-server'] ?? process.env.TRELLIS_XDS_SERVER
  if (!xdsServer) throw new Error('--xds-server host:port (or $TRELLIS_XDS_SERVER) is required')
  const version = values.version
  const namespace = values.namespace
  const stops: Array<() => Promise<void>> = []

  // The metrics port must be known before the bootstrap, which advertises it.
  const metrics = new IstioMetrics()
  const metricsEndpoint = await serveMetrics(metrics)
  stops.push(() => metricsEndpoint.close())

  const http = role === 'productpage' ? createServer() : undefined
  const servingPort = http ? await listen(http, 0, '127.0.0.1') : await pickFreePort()
  const ports = { [role === 'productpage' ? 'http' : 'grpc']: servingPort, [METRICS_PORT_NAME]: metricsEndpoint.port }
  const bootstrap = makeBootstrap({
    xdsServer, namespace, workloadName: `${role}-${version}`, app: role, version,
    serviceAccount: `bookinfo-${role}`, ports,
  })
  await registerWorkload(bootstrap)
  const self: Identity = { workload: bootstrap.node.metadata.WORKLOAD_NAME, version, pod: bootstrap.node.metadata.NAME }
  const telemetry = createWorkloadTelemetry(bootstrap, { metrics })
  const tracing = createWorkloadTracing(tracingOptionsFromBootstrap(bootstrap, values['otlp-url']))
  stops.push(() => tracing.shutdown())

  const upstream = (Ctor: grpc.ServiceClientConstructor, app: string): grpc.Client => {
    const target = `xds:///${app}.${namespace}.svc.cluster.local:${SERVICE_PORT}`
    const client = createXdsClient(Ctor, target, {
      channelOptions: { interceptors: [telemetry.clientInterceptor(target, [Ctor.service]), tracing.clientInterceptor(target)] },
    })
    stops.push(async () => client.close())
    return client
  }

  if (http) {
    const details = upstream(DetailsClient, 'details')
    const reviews = upstream(ReviewsClient, 'reviews')
    // Channels connect lazily; connecting now opens the ADS stream, which registers this workload.
    details.getChannel().getConnectivityState(true)
    http.on('request', productPageHandler({
      self, details, reviews,
      observe: (req, res) => telemetry.observeHttp(req, res),
      serve: (req, res, handle) => tracing.httpServer(req, res, handle),
    }))
    stops.unshift(() => new Promise<void>((resolve) => {
      http.close(() => resolve())
      http.closeAllConnections()
    }))
  } else {
    const binding = role === 'details' ? detailsService()
      : role === 'ratings' ? ratingsService(self)
        : reviewsService(self, version === 'v1' ? undefined : upstream(RatingsClient, 'ratings'))
    const server = await startXdsServer({
      services: [instrument(binding, telemetry, tracing)],
      port: servingPort,
      onServingStatus: (s) => { if (s.code !== 0) process.stderr.write(`serving status ${s.code}: ${s.details}\n`) },
    })
    stops.unshift(() => server.shutdown())
  }

  let stopping = false
  const stop = (why: string): void => {
    if (stopping) return
    stopping = true
    process.stderr.write(`${self.workload} (${self.pod}) stopping: ${why}\n`)
    const timer = setTimeout(() => process.exit(0), 5_000).unref()
    void stops.reduce((p, s) => p.then(s).catch(() => undefined), Promise.resolve()).finally(() => {
      clearTimeout(timer)
      process.exit(0)
    })
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  // The launcher holds our stdin: when it goes away, so do we (no orphans left listening).
  if (values['exit-on-stdin-close']) createInterface({ input: process.stdin }).on('close', () => stop('the launcher went away'))

  emit({ ready: true, role, version, workload: self.workload, pod: self.pod, pid: process.pid, ports, nodeId: bootstrap.node.id })
}

function instrument(binding: ServiceBinding, telemetry: WorkloadTelemetry, tracing: WorkloadTracing): ServiceBinding {
  return tracing.service(telemetry.service(binding))
}

main().catch((e: unknown) => {
  emit({ ready: false, error: e instanceof Error ? e.message : String(e) })
  process.exit(1)
})
