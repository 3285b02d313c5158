// The HTTP side of workload telemetry: the /metrics endpoint Prometheus scrapes, and Istio's
// metrics for plain HTTP requests a workload serves (productpage's page).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PEER_HEADER, encodePeer, peerFromHeaders } from './telemetry-peer.ts'
import { UNKNOWN, UNKNOWN_PEER, hostOf, type IstioMetrics, type PeerIdentity } from './telemetry.ts'

export interface MetricsEndpoint {
  port: number
  /** `http://host:port/metrics` */
  url: string
  close(): Promise<void>
}

/**
 * Serves the registry on `GET /metrics` (port 0: a free port, read back from `port`). Advertise
 * the port in POD_PORTS as `http-metrics`: the control plane's file_sd writer looks for that name.
 */
export async function serveMetrics(metrics: IstioMetrics, opts: { port?: number; host?: string } = {}): Promise<MetricsEndpoint> {
  const host = opts.host ?? '127.0.0.1'
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are on GET /metrics\n')
      return
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${e instanceof Error ? e.message : String(e)}\n`),
    )
  })
  const port = await listen(server, opts.port ?? 0, host)
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export interface HttpTelemetryOptions {
  metrics: IstioMetrics
  self: PeerIdentity
  /** destination_service for requests whose Host is not a service FQDN (the usual case here). */
  defaultService: string
}

/**
 * Records one HTTP request this workload serves as reporter="destination" when its response
 * ends (or the client goes away: response_code 0, flag DC), and answers with this workload's
 * identity. Call it first thing in the request handler.
 */
export function observeHttpRequest(req: IncomingMessage, res: ServerResponse, opts: HttpTelemetryOptions): void {
  const t0 = performance.now()
  const source = peerFromHeaders(req.headers) ?? UNKNOWN_PEER
  const host = hostOf(req.headers.host ?? '')
  const service = /\.svc(\.|$)/.test(host) ? host : opts.defaultService
  const requestBytes = Number(req.headers['content-length']) || 0
  res.setHeader(PEER_HEADER, encodePeer(opts.self))

  let responseBytes = 0
  const count = (chunk: unknown, encoding?: unknown): void => {
    if (typeof chunk === 'string') responseBytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
    else if (chunk instanceof Uint8Array) responseBytes += chunk.byteLength
  }
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.write = ((...args: unknown[]) => { count(args[0], args[1]); return write(...args) }) as ServerResponse['write']
  res.end = ((...args: unknown[]) => { if (typeof args[0] !== 'function') count(args[0], args[1]); return end(...args) }) as ServerResponse['end']

  let recorded = false
  const record = (responseCode: number, flags: string): void => {
    if (recorded) return
    recorded = true
    opts.metrics.record({
      reporter: 'destination',
      source,
      destination: opts.self,
      sourcePrincipal: UNKNOWN,
      destinationPrincipal: UNKNOWN,
      service,
      protocol: 'http',
      responseCode,
      responseFlags: flags,
      securityPolicy: 'none',
      durationMs: performance.now() - t0,
      requestBytes,
      responseBytes,
    })
  }
  res.once('finish', () => record(res.statusCode, '-'))
  res.once('close', () => record(0, 'DC'))
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use`) : e)
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    })
  })
}
