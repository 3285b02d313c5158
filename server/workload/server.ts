// An xDS-enabled gRPC server (grpc-js-xds's XdsServer) for one workload.
//
// How XdsServer behaves (grpc-js-xds 1.14, build/src/server.js), which the control plane must meet:
// - bindAsync('IP:port') subscribes to the Listener `xds.istio.io/grpc/lds/inbound/IP:port` and
//   opens the port only once that Listener (and its route config, inline or by RDS) has arrived.
//   Until then nothing listens; if the Listener never comes, the bind never completes.
// - The Listener's socket_address must equal the bound IP and port exactly, or it is refused.
// - Its routes must use non_forwarding_action, or calls fail UNAVAILABLE "Routing error".
// - The port is non-zero (port 0 is refused), so a free port is picked here first.
// - It listens on every interface for that port; the IP only names the Listener.
import { createServer } from 'node:net'
import * as grpc from '@grpc/grpc-js'
import { inboundListenerName } from './bootstrap.ts'
import { currentRegistration } from './register.ts'

export interface ServiceBinding {
  definition: grpc.ServiceDefinition
  implementation: grpc.UntypedServiceImplementation
}

export interface XdsServerOptions {
  services: ServiceBinding[]
  /** 0 or absent: pick a free port. */
  port?: number
  /** The IP the Listener is named after; defaults to the registered workload's IP. */
  host?: string
  /**
   * `insecure`: plaintext whatever the Listener says. `xds`: the Listener's TLS context
   * (mTLS, once the bootstrap carries certificate providers), plaintext where it has none.
   */
  security?: 'insecure' | 'xds'
  /** How long to wait for the control plane's inbound Listener; default 30 s. */
  readyTimeoutMs?: number
  /**
   * When a new Listener replaces the current one, old connections get GOAWAY and this long to
   * finish; default 10 s (grpc-js-xds's own default is 10 min).
   */
  drainGraceTimeMs?: number
  /** Every serving status change (OK when serving; UNAVAILABLE with why, e.g. a Listener mismatch). */
  onServingStatus?: (status: { code: grpc.status; details: string }) => void
}

export interface RunningXdsServer {
  port: number
  /** `IP:port` as bound. */
  address: string
  /** The inbound Listener this server serves by. */
  listenerName: string
  /** Graceful shutdown; in-flight calls are cut after graceMs (default 2 s). */
  shutdown(graceMs?: number): Promise<void>
}

/** Starts serving once the control plane has sent this server's inbound Listener. */
export async function startXdsServer(opts: XdsServerOptions): Promise<RunningXdsServer> {
  const { xds, bootstrap } = currentRegistration()
  const host = opts.host ?? bootstrap.node.metadata.INSTANCE_IPS.split(',')[0]
  const port = opts.port ? opts.port : await pickFreePort()
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const listenerName = inboundListenerName(address)
  const timeoutMs = opts.readyTimeoutMs ?? 30_000

  const server = new xds.XdsServer({ drainGraceTimeMs: opts.drainGraceTimeMs ?? 10_000 })
  for (const s of opts.services) server.addService(s.definition, s.implementation)
  const insecure = grpc.ServerCredentials.createInsecure()
  const credentials = opts.security === 'xds' ? new xds.XdsServerCredentials(insecure) : insecure

  let lastStatus = 'no Listener received yet'
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.forceShutdown()
      reject(new Error(
        `xDS server ${address} (node ${bootstrap.node.id}) did not start serving within ${timeoutMs} ms: ` +
          `the control plane at ${bootstrap.xds_servers[0].server_uri} must send Listener '${listenerName}' ` +
          `(socket_address ${address}, non_forwarding_action routes); last status: ${lastStatus}`,
      ))
    }, timeoutMs)
    // XdsServer calls back only on success; failures arrive as serving status changes.
    server.bindAsync(address, credentials, (err) => {
      clearTimeout(timer)
      if (err) reject(err)
      else resolve()
    })
    server.addServingStateListener(address, (status) => {
      lastStatus = status.code === grpc.status.OK ? 'serving' : `${grpc.status[status.code]}: ${status.details}`
      opts.onServingStatus?.({ code: status.code, details: status.details })
    })
  })

  return {
    port,
    address,
    listenerName,
    shutdown: (graceMs = 2_000) => shutdown(server, graceMs),
  }
}

/**
 * A port free on every interface (as XdsServer listens). Another process may take it before it is
 * bound; the window is small, and a clash shows as EADDRINUSE.
 */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, () => {
      const addr = probe.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      probe.close(() => (port ? resolve(port) : reject(new Error('could not read the port the OS picked'))))
    })
  })
}

function shutdown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown()
      resolve()
    }, graceMs)
    server.tryShutdown(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
