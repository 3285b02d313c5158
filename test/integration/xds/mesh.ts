// A small mesh for control-plane integration tests: Trellis (REST + ADS) over a temp config folder,
// xDS-enabled Echo workloads and long-lived Echo callers as child processes (real grpc-js-xds, one
// identity each), and what the ADS reported (ACKs, NACKs) with the time it happened. Tests change
// config through the REST API, as a user would, and assert what the callers observed.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { ProxyStatus } from '../../../shared/xds.ts'
import type { IstioValidation } from '../../../shared/validation.ts'
import { startTrellis, type RunningTrellis } from '../../../server/serve.ts'
import type { AckEvent, NackEvent } from '../../../server/xds/ads.ts'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { nodeId } from '../../../server/workload/bootstrap.ts'
import type { CallSummary, RunSpec } from '../../fixtures/workloads/call-stats.ts'
import { JsonLineChild, spawnEchoCaller, spawnEchoWorkload, type EchoCallerProcess, type EchoWorkloadProcess, type Flags } from '../../fixtures/workloads/spawn.ts'
import type { BurstOutcome } from './burst-caller.ts'
import { ECHO_PORT, namespace, type Obj } from './config.ts'

export const CDS = TYPE_URL.cluster
export const EDS = TYPE_URL.endpoint
export const LDS = TYPE_URL.listener
export const RDS = TYPE_URL.route
export type TypeUrl = typeof CDS | typeof EDS | typeof LDS | typeof RDS

/** The Echo service's one method, as a gRPC client puts it in the :path header. */
export const ECHO_METHOD = '/trellis.test.Echo/Call'
const IP = '127.0.0.1'

// ---- observations

/** Share (0..1) of a run's OK replies answered by a version. */
export function share(s: CallSummary, version: string): number {
  return s.ok === 0 ? 0 : (s.byVersion[version] ?? 0) / s.ok
}

/** A run's summary in one line, for assertion messages. */
export function show(s: CallSummary): string {
  return JSON.stringify({ calls: s.calls, ok: s.ok, byStatus: s.byStatus, byVersion: s.byVersion, byPod: s.byPod, errors: s.errors, latencyMs: s.latencyMs })
}

export interface Stamped {
  /** performance.now() when the ADS emitted the event. */
  at: number
}

export type AckRecord = AckEvent & Stamped
export type NackRecord = NackEvent & Stamped

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms))
}

/** Polls `check` until it returns a value (not undefined/false); the error names what was awaited. */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string | (() => string | Promise<string>),
): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${typeof what === 'string' ? what : await what()}`)
    await sleep(5)
  }
}

// ---- processes

export interface Workload {
  name: string
  pid: number
  port: number
  nodeId: string
  address: string
  /** Replaces the behaviour (latency, failures); returns the calls served so far. */
  behave(b: { latencyMs?: number; failEvery?: number; failAlways?: boolean; failCode?: string }): Promise<number>
  /** Calls this instance has served (or failed on purpose) so far. */
  calls(): Promise<number>
  stop(): Promise<number | null>
  kill(signal: NodeJS.Signals): Promise<void>
}

export interface Caller {
  name: string
  pid: number
  nodeId: string
  target: string
  run(spec: RunSpec, timeoutMs?: number): Promise<CallSummary>
  stop(): Promise<number | null>
}

/** burst-caller.ts: N calls in flight at once, each call's outcome reported. */
export interface BurstCaller {
  name: string
  nodeId: string
  burst(spec: { calls: number; deadlineMs?: number; sameTick?: boolean }): Promise<BurstOutcome[]>
  stop(): Promise<number | null>
}

export interface MeshOptions {
  namespace: string
  /** Objects written to the config folder before Trellis starts (the namespace is added). */
  objects: Obj[]
  debounceMs?: number
  graceMs?: number
}

export class Mesh {
  readonly acks: AckRecord[] = []
  readonly nacks: NackRecord[] = []
  private running: RunningTrellis | undefined
  private readonly workloads: Workload[] = []
  private readonly callers: Array<Caller | BurstCaller> = []
  private xdsPortValue = 0

  private constructor(readonly dir: string, readonly opts: MeshOptions) {}

  static async start(opts: MeshOptions): Promise<Mesh> {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-xds-it-'))
    await mkdir(join(dir, opts.namespace))
    const docs = [namespace(opts.namespace), ...opts.objects].map((o) => stringify(o)).join('---\n')
    await writeFile(join(dir, opts.namespace, 'mesh.yaml'), docs)
    const mesh = new Mesh(dir, opts)
    try {
      await mesh.startControlPlane()
    } catch (e) {
      await rm(dir, { recursive: true, force: true })
      throw e
    }
    return mesh
  }

  get ns(): string {
    return this.opts.namespace
  }

  get trellis(): RunningTrellis {
    if (!this.running) throw new Error('Trellis is not running')
    return this.running
  }

  get xdsPort(): number {
    return this.xdsPortValue
  }

  get xdsServer(): string {
    return `${IP}:${this.xdsPortValue}`
  }

  /** `xds:///<host>.<ns>.svc.cluster.local:7070` */
  target(host: string): string {
    return `xds:///${host}.${this.ns}.svc.cluster.local:${ECHO_PORT}`
  }

  /** Starts Trellis over the config folder; on the ADS port it had before, if it ran already. */
  async startControlPlane(): Promise<void> {
    if (this.running) throw new Error('Trellis is already running')
    const running = await startTrellis({
      configDir: this.dir, port: 0, host: IP, xdsPort: this.xdsPortValue, xdsHost: IP,
      webRoot: join(this.dir, 'no-web'), logLevel: 'silent',
      debounceMs: this.opts.debounceMs, graceMs: this.opts.graceMs,
    })
    const xds = running.trellis.xds
    if (!xds || running.trellis.xdsPort === undefined) throw new Error('Trellis started without its control plane')
    xds.on('ack', (ev) => this.acks.push({ ...ev, at: performance.now() }))
    xds.on('nack', (ev) => this.nacks.push({ ...ev, at: performance.now() }))
    this.xdsPortValue = running.trellis.xdsPort
    this.running = running
  }

  /**
   * Stops Trellis with close(), as `trellis serve` does on SIGTERM. close() waits for the ADS
   * streams to end, which connected proxies never do (a bug, see control-plane.test.ts): after
   * `forceAfterMs` the ADS server is shut down by force so that the test can go on. Says which.
   */
  async stopControlPlane(forceAfterMs = 1_000): Promise<{ closeMs: number; forced: boolean }> {
    const running = this.running
    this.running = undefined
    if (!running) return { closeMs: 0, forced: false }
    const t0 = performance.now()
    const closing = running.close()
    const closed = await Promise.race([closing.then(() => true), sleep(forceAfterMs).then(() => false)])
    if (!closed) (running.trellis.xds as unknown as { server: { forceShutdown(): void } }).server.forceShutdown()
    await closing
    return { closeMs: performance.now() - t0, forced: !closed }
  }

  // ---- REST API

  async api<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.trellis.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
  }

  private configPath(group: string, kind: string, name?: string): string {
    return `/api/namespaces/${this.ns}/istio/${group}/v1/${kind}${name ? `/${name}` : ''}`
  }

  /** POST an object; throws with the API's answer unless it was created. */
  async create(obj: Obj): Promise<void> {
    const kind = obj.kind as string
    const res = await this.api('POST', this.configPath('networking.istio.io', kind), obj)
    if (res.status !== 200) throw new Error(`POST ${kind}: ${res.status} ${JSON.stringify(res.body)}`)
  }

  /** JSON merge patch (RFC 7386) of an Istio networking object, as the console's editor sends it. */
  async mergePatch(kind: string, name: string, patch: Obj): Promise<{ status: number; body: unknown }> {
    return this.api('PATCH', this.configPath('networking.istio.io', kind, name), patch, 'application/merge-patch+json')
  }

  async mustMergePatch(kind: string, name: string, patch: Obj): Promise<void> {
    const res = await this.mergePatch(kind, name, patch)
    if (res.status !== 200) throw new Error(`PATCH ${kind}/${name}: ${res.status} ${JSON.stringify(res.body)}`)
  }

  async proxies(): Promise<ProxyStatus[]> {
    const res = await this.api<ProxyStatus[]>('GET', '/api/proxies')
    if (res.status !== 200) throw new Error(`GET /api/proxies: ${res.status}`)
    return res.body
  }

  async proxy(id: string): Promise<ProxyStatus | undefined> {
    return (await this.proxies()).find((p) => p.id === id)
  }

  async validations(): Promise<IstioValidation[]> {
    const res = await this.api<{ validations: IstioValidation[] }>('GET', `/api/istio/validations?namespaces=${this.ns}`)
    if (res.status !== 200) throw new Error(`GET /api/istio/validations: ${res.status}`)
    return res.body.validations
  }

  /** The endpoint addresses (`ip:port`) last sent to a proxy for one cluster. */
  async endpointsSent(proxyId: string, cluster: string): Promise<string[] | undefined> {
    const res = await this.api<{ types: Record<string, { resources: Obj[] }> }>('GET', `/api/proxies/${encodeURIComponent(proxyId)}/config`)
    if (res.status !== 200) return undefined
    const cla = res.body.types.EDS?.resources.find((r) => r.clusterName === cluster) as
      { endpoints?: { lbEndpoints?: { endpoint?: { address?: { socketAddress?: { address: string; portValue: number } } } }[] }[] } | undefined
    if (!cla) return undefined
    return (cla.endpoints ?? []).flatMap((l) => l.lbEndpoints ?? []).map((e) => {
      const sa = e.endpoint?.address?.socketAddress
      return `${sa?.address}:${sa?.portValue}`
    }).sort()
  }

  /** The first ACK of a type by a proxy stamped at or after `after` (performance.now()). */
  async ackAfter(proxy: string, typeUrl: TypeUrl, after: number, timeoutMs = 5_000, accept: (a: AckRecord) => boolean = () => true): Promise<AckRecord> {
    return until(() => this.acks.find((a) => a.proxy === proxy && a.typeUrl === typeUrl && a.at >= after && accept(a)), timeoutMs,
      () => `an ACK of ${typeUrl.split('.').pop()} from ${proxy}; NACKs: ${JSON.stringify(this.nacks.map((n) => n.message))}`)
  }

  /**
   * Applies a config change, waits until every listed proxy ACKed a response of the type sent
   * after the write, and then until they answered everything else: traffic measured afterwards
   * runs on the new config. Returns the milliseconds from the write to the last of those ACKs.
   */
  async change(proxies: readonly string[], typeUrl: TypeUrl, write: () => Promise<void>, timeoutMs = 5_000): Promise<number> {
    // Versions are content hashes (a reverted change gets the old version back): tell ACKs apart by nonce.
    const xds = this.trellis.trellis.xds
    const before = new Map(proxies.map((id) => [id, xds?.connectionOf(id)?.types.get(typeUrl)?.acked?.nonce]))
    const t0 = performance.now()
    await write()
    for (const id of proxies) await this.ackAfter(id, typeUrl, t0, timeoutMs, (a) => a.nonce !== before.get(id))
    const elapsed = performance.now() - t0
    await this.settled(proxies, timeoutMs)
    return elapsed
  }

  /**
   * Waits until the proxies have answered (ACK or NACK) everything sent to them, twice in a row
   * 20 ms apart. A route to a cluster the client had not subscribed to applies only once that
   * cluster's CDS and EDS arrived (grpc-js keeps its old config until then), and the requests for
   * them follow the RDS ACK.
   */
  async settled(proxies: readonly string[], timeoutMs = 5_000): Promise<void> {
    const synced = (): boolean => proxies.every((id) => {
      const conn = this.trellis.trellis.xds?.connectionOf(id)
      return conn !== undefined && [CDS, EDS, LDS, RDS].every((t) => conn.status(t) !== 'STALE')
    })
    await until(async () => {
      if (!synced()) return false
      await sleep(20)
      return synced()
    }, timeoutMs, `${proxies.join(', ')} answered every response`)
  }

  // ---- processes

  /** Starts one Echo workload instance, `pod` naming it (also its instance name in replies). */
  async workload(pod: string, opts: { version: string; app?: string; labels?: Record<string, string>; flags?: Flags }): Promise<Workload> {
    const labels = Object.entries(opts.labels ?? {}).map(([k, v]) => `${k}=${v}`)
    const p = await spawnEchoWorkload({
      xdsServer: this.xdsServer, namespace: this.ns, app: opts.app ?? 'echo', version: opts.version, pod,
      port: await freeListenPort(), ...(labels.length ? { label: labels } : {}), ...opts.flags,
    })
    const w = wrapWorkload(pod, p)
    this.workloads.push(w)
    return w
  }

  async caller(pod: string, host: string): Promise<Caller> {
    const target = this.target(host)
    const p = await spawnEchoCaller({ xdsServer: this.xdsServer, namespace: this.ns, app: 'caller', pod, target })
    const c = wrapCaller(pod, target, p, nodeId(IP, pod, this.ns))
    this.callers.push(c)
    return c
  }

  async burstCaller(pod: string, host: string): Promise<BurstCaller> {
    // JsonLineChild resolves the script next to spawn.ts.
    const child = new JsonLineChild('../../integration/xds/burst-caller.ts', {
      xdsServer: this.xdsServer, namespace: this.ns, app: 'burst-caller', pod, target: this.target(host),
    })
    const c: BurstCaller = {
      name: pod,
      nodeId: nodeId(IP, pod, this.ns),
      burst: async (spec) => (await child.ask('burst', spec, 'burst', 30_000)).burst as BurstOutcome[],
      stop: () => child.stop(),
    }
    this.callers.push(c)
    await child.ready(20_000)
    return c
  }

  /** Stops every child (by PID), Trellis, and removes the config folder. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.callers, ...this.workloads].map((p) => p.stop()))
    await this.stopControlPlane()
    await rm(this.dir, { recursive: true, force: true })
    const failed = results.filter((r) => r.status === 'rejected')
    if (failed.length) throw (failed[0] as PromiseRejectedResult).reason
  }
}

/**
 * A free port below the kernel's ephemeral range. An xDS server binds its port only once its
 * Listener came, seconds after the port was picked; a port from the ephemeral range (what binding
 * port 0 gives) may meanwhile become the source port of some outgoing connection (EADDRINUSE).
 */
async function freeListenPort(): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999')
  const firstEphemeral = Number(range.trim().split(/\s+/)[0]) || 32768
  const low = Math.min(20_000, firstEphemeral - 2_000)
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (firstEphemeral - low))
    // XdsServer listens on every interface, whatever the IP it was given.
    if (await canListen(port, '::').catch(() => canListen(port, '0.0.0.0')).catch(() => false)) return port
  }
  throw new Error(`no free port found in ${low}..${firstEphemeral - 1}`)
}

/** Resolves false when the port is taken; rejects when the host cannot be listened on at all (no IPv6). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' || e.code === 'EACCES' ? resolve(false) : reject(e)))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)))
  })
}

function wrapWorkload(name: string, p: EchoWorkloadProcess): Workload {
  // The behaviour command replaces every knob and answers with the call count; reading the count
  // re-sends the last behaviour so that it changes nothing.
  let current: Obj = {}
  const behave = async (b: Obj): Promise<number> => {
    const answer = await p.child.ask('behaviour', b, 'behaviour', 10_000)
    current = b
    return Number(answer.calls)
  }
  return {
    name,
    pid: p.pid,
    port: p.port,
    nodeId: p.nodeId,
    address: `${IP}:${p.port}`,
    behave,
    calls: () => behave(current),
    stop: () => p.stop(),
    kill: async (signal) => {
      const proc = p.child.proc
      const exited = proc.exitCode !== null || proc.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => proc.once('exit', () => resolve()))
      process.kill(p.pid, signal)
      await exited
    },
  }
}

function wrapCaller(name: string, target: string, p: EchoCallerProcess, id: string): Caller {
  return { name, pid: p.pid, nodeId: id, target, run: (spec, timeoutMs) => p.run(spec, timeoutMs), stop: () => p.stop() }
}
