// The ADS server (state of the world): per-stream, per-type subscriptions with Istio's ACK / NACK /
// stale-nonce rules, pushes in CDS → EDS → LDS → RDS order after a debounce, registration of
// connecting proxies as workloads, and the proxy status derived from nonces.
import { EventEmitter } from 'node:events'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import type { Logger } from 'pino'
import type { MeshModel, SnapshotChange } from '../mesh/model.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { ResourceCache, versionOf } from './cache.ts'
import { Connection, type AdsStream, type PackedResource } from './connection.ts'
import { NodeError, proxyFromNode, proxyWorkloadKey, workloadOfProxy, type NodeMessage } from './node.ts'
import { parseInboundListenerName } from './generate/names.ts'
import { PROTO_INCLUDE_DIRS, PUSH_ORDER, TYPE_URL, type ResourceTypeUrl } from './protos.ts'
import { changeScope, describeChange } from './push.ts'
import { PushTracker } from './progress.ts'
import type { Generators } from './types.ts'

export interface AdsOptions {
  model: MeshModel
  generators: Generators
  logger: Logger
  /** Quiet time before a push, and the longest a push may wait (Istio: 100 ms / 10 s). */
  debounceMs?: number
  debounceMaxMs?: number
  /** How long a disconnected proxy's workload stays registered, so a reconnect doesn't flap. */
  graceMs?: number
  /**
   * After a (re)start, how long clients that come back with config from before are not told a
   * cluster has no endpoints: its workloads are reconnecting too (default 10 s).
   */
  startupGraceMs?: number
}

interface DiscoveryRequest {
  versionInfo?: string
  node?: NodeMessage
  resourceNames?: string[]
  typeUrl?: string
  responseNonce?: string
  errorDetail?: { code?: number; message?: string }
}

export interface AckEvent {
  proxy: string
  typeUrl: ResourceTypeUrl
  version: string
  nonce: string
  latencyMs: number
  push: number | undefined
}

export interface NackEvent extends AckEvent {
  message: string
  names: string[]
}

const MAX_NAMES = 10_000
const MAX_NAME_LENGTH = 1024
const KNOWN_TYPES = new Set<string>(PUSH_ORDER)
/** For these types a response carries only the resources that changed (RDS/EDS may carry a subset). */
const PARTIAL_TYPES = new Set<string>([TYPE_URL.route, TYPE_URL.endpoint])

let adsDefinition: grpc.GrpcObject | undefined
function adsService(): grpc.ServiceDefinition {
  adsDefinition ??= grpc.loadPackageDefinition(protoLoader.loadSync('envoy/service/discovery/v3/ads.proto', {
    includeDirs: PROTO_INCLUDE_DIRS, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true,
  }))
  const pkg = adsDefinition.envoy as grpc.GrpcObject
  const svc = (((pkg.service as grpc.GrpcObject).discovery as grpc.GrpcObject).v3 as grpc.GrpcObject).AggregatedDiscoveryService
  return (svc as grpc.ServiceClientConstructor).service
}

export interface AdsEvents {
  ack: [AckEvent]
  nack: [NackEvent]
  push: [{ push: number; proxies: number }]
  /** A proxy connected or its stream ended. */
  connection: [{ proxy: string; connected: boolean }]
}

export class AdsServer extends EventEmitter<AdsEvents> {
  private readonly server = new grpc.Server({ 'grpc.max_concurrent_streams': 100_000 })
  private readonly connections = new Map<string, Connection>()
  private readonly graceTimers = new Map<string, NodeJS.Timeout>()
  private connCounter = 0
  private cache: ResourceCache
  private pending = new Set<ResourceTypeUrl>()
  private pendingCauses: string[] = []
  private pendingSince = 0
  private timer: NodeJS.Timeout | undefined
  private pushCounter = 0
  readonly progress: PushTracker
  private readonly debounceMs: number
  private readonly debounceMaxMs: number
  private readonly graceMs: number
  private readonly warmUntil: number
  private readonly warmTimer: NodeJS.Timeout
  private readonly onChange = (change: SnapshotChange) => this.schedule(change)

  constructor(private readonly opts: AdsOptions) {
    super()
    this.debounceMs = opts.debounceMs ?? 10
    this.debounceMaxMs = opts.debounceMaxMs ?? 1000
    this.graceMs = opts.graceMs ?? 3000
    const startupGraceMs = opts.startupGraceMs ?? 10_000
    this.warmUntil = Date.now() + startupGraceMs
    // When the window closes, clients that were spared empty endpoint lists get the full state.
    this.warmTimer = setTimeout(() => {
      for (const c of this.connections.values()) if (c.types.get(TYPE_URL.endpoint)?.resumed) this.respond(c, TYPE_URL.endpoint, undefined, false)
    }, startupGraceMs).unref()
    this.cache = new ResourceCache(opts.model.snapshot, opts.generators)
    this.progress = new PushTracker()
    opts.model.on('change', this.onChange)
    this.server.addService(adsService(), {
      StreamAggregatedResources: (call: AdsStream) => this.handleStream(call),
      DeltaAggregatedResources: (call: AdsStream) => {
        call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'Trellis serves state-of-the-world ADS; use StreamAggregatedResources' })
      },
    })
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)))
    })
  }

  async close(): Promise<void> {
    this.opts.model.off('change', this.onChange)
    clearTimeout(this.timer)
    clearTimeout(this.warmTimer)
    for (const t of this.graceTimers.values()) clearTimeout(t)
    this.graceTimers.clear()
    // ADS streams never end by themselves: end them, so proxies reconnect and shutdown completes.
    for (const c of this.connections.values()) c.end(grpc.status.UNAVAILABLE, 'Trellis is shutting down')
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000)
      this.server.tryShutdown(() => {
        clearTimeout(timer)
        resolve()
      })
    })
    this.server.forceShutdown()
  }

  list(): Connection[] {
    return [...this.connections.values()]
  }

  /** The latest connection of a proxy (a reconnect may briefly overlap the old stream). */
  connectionOf(proxyId: string): Connection | undefined {
    let found: Connection | undefined
    for (const c of this.connections.values()) if (c.proxy.id === proxyId && (!found || c.connectedAt >= found.connectedAt)) found = c
    return found
  }

  // ---- streams

  private handleStream(call: AdsStream): void {
    let conn: Connection | undefined
    const fail = (code: grpc.status, details: string) => {
      this.opts.logger.warn({ proxy: conn?.proxy.id, details }, 'ADS stream rejected')
      call.emit('error', { code, details })
    }
    call.on('data', (req: DiscoveryRequest) => {
      try {
        if (!conn) {
          conn = this.open(call, proxyFromNode(req.node))
        }
        this.onRequest(conn, req)
      } catch (err) {
        if (err instanceof NodeError || err instanceof RequestError) fail(grpc.status.INVALID_ARGUMENT, err.message)
        else {
          this.opts.logger.error({ err, proxy: conn?.proxy.id }, 'ADS request failed')
          fail(grpc.status.INTERNAL, `Trellis could not answer: ${(err as Error).message}`)
        }
      }
    })
    const end = () => {
      if (conn && !conn.closed) this.closeConnection(conn)
    }
    call.on('end', () => {
      end()
      call.end()
    })
    call.on('error', end)
    call.on('cancelled', end)
    call.on('close', end)
  }

  private open(call: AdsStream, proxy: ReturnType<typeof proxyFromNode>): Connection {
    const conn = new Connection(`${++this.connCounter}`, proxy, call)
    this.connections.set(conn.id, conn)
    clearTimeout(this.graceTimers.get(proxy.id))
    this.graceTimers.delete(proxy.id)
    this.opts.logger.info({ proxy: proxy.id, namespace: proxy.namespace }, 'proxy connected')
    // Not serving anywhere until it ACKs an inbound listener: no client is sent to it before.
    this.opts.model.upsertWorkload({ ...workloadOfProxy(proxy), servingPorts: [] })
    this.emit('connection', { proxy: proxy.id, connected: true })
    return conn
  }

  private closeConnection(conn: Connection): void {
    conn.closed = true
    this.connections.delete(conn.id)
    this.progress.forget(conn.id)
    const id = conn.proxy.id
    this.opts.logger.info({ proxy: id }, 'proxy disconnected')
    this.emit('connection', { proxy: id, connected: false })
    if (this.connectionOf(id)) return
    clearTimeout(this.graceTimers.get(id))
    this.graceTimers.set(id, setTimeout(() => {
      this.graceTimers.delete(id)
      if (!this.connectionOf(id)) this.opts.model.removeWorkload(proxyWorkloadKey(id))
    }, this.graceMs).unref())
  }

  private onRequest(conn: Connection, req: DiscoveryRequest): void {
    const typeUrl = req.typeUrl ?? ''
    if (!KNOWN_TYPES.has(typeUrl)) throw new RequestError(`unknown type URL "${typeUrl.slice(0, 200)}"; Trellis serves ${PUSH_ORDER.join(', ')}`)
    const type = typeUrl as ResourceTypeUrl
    const names = req.resourceNames ?? []
    if (names.length > MAX_NAMES) throw new RequestError(`${names.length} resource names in one request; at most ${MAX_NAMES} are accepted`)
    for (const n of names) {
      if (n.length > MAX_NAME_LENGTH || /[\u0000-\u001f]/.test(n)) throw new RequestError(`resource name "${n.slice(0, 80)}…" is not acceptable: at most ${MAX_NAME_LENGTH} printable characters`)
    }
    const st = conn.state(type)
    const nonce = req.responseNonce ?? ''
    const sameNames = names.length === st.names.size && names.every((n) => st.names.has(n))
    const subscribe = () => {
      st.names = new Set(names)
      st.wildcard = names.length === 0 && !PARTIAL_TYPES.has(type)
    }

    if (req.errorDetail) {
      if (st.sent && nonce === st.sent.nonce) {
        const message = req.errorDetail.message ?? `error code ${req.errorDetail.code ?? 'unknown'}`
        st.nack = { version: st.sent.version, nonce, message, at: Date.now() }
        const ev: NackEvent = {
          proxy: conn.proxy.id, typeUrl: type, version: st.sent.version, nonce, latencyMs: Date.now() - st.sent.at,
          push: st.sent.push, message, names: [...st.sent.resources.keys()],
        }
        this.opts.logger.warn({ proxy: conn.proxy.id, type, version: st.sent.version, message }, 'proxy rejected config (NACK)')
        this.progress.answered(conn.id, type, st.sent.push, { nack: { proxy: conn.proxy.id, type, message } })
        this.emit('nack', ev)
      }
      // The old state stays; only a change of subscription gets an answer (never the same version again).
      if (!sameNames) {
        subscribe()
        this.respond(conn, type, undefined, false)
      }
      return
    }
    if (nonce && st.sent && nonce !== st.sent.nonce) return // stale: an answer to an older response
    if (!nonce || !st.sent) {
      // A new subscription or a reconnect: the full state at once.
      if (req.versionInfo && Date.now() < this.warmUntil) st.resumed = true
      subscribe()
      this.respond(conn, type, undefined, true)
      return
    }
    // An ACK of the last response.
    st.acked = { version: req.versionInfo ?? st.sent.version, nonce, at: Date.now() }
    st.nack = undefined
    const ev: AckEvent = { proxy: conn.proxy.id, typeUrl: type, version: st.acked.version, nonce, latencyMs: st.acked.at - st.sent.at, push: st.sent.push }
    this.progress.answered(conn.id, type, st.sent.push, {})
    this.emit('ack', ev)
    if (type === TYPE_URL.listener) this.updateServing(conn, st.sent.resources)
    if (!sameNames) {
      subscribe()
      this.respond(conn, type, undefined, true)
    }
  }

  /** The ports of the inbound listeners a proxy has ACKed are the ports it serves on. */
  private updateServing(conn: Connection, listeners: Map<string, PackedResource>): void {
    const ports: number[] = []
    for (const name of listeners.keys()) {
      const inbound = parseInboundListenerName(name)
      if (inbound && conn.proxy.ips.includes(inbound.ip)) ports.push(inbound.port)
    }
    ports.sort((a, b) => a - b)
    if (ports.join() === conn.servingPorts.join() || this.connectionOf(conn.proxy.id) !== conn) return
    conn.servingPorts = ports
    this.opts.model.upsertWorkload({ ...workloadOfProxy(conn.proxy), servingPorts: ports })
  }

  /** Generates what the connection subscribed to and sends it if it differs from what it has. */
  private respond(conn: Connection, type: ResourceTypeUrl, push: number | undefined, force: boolean): boolean {
    const st = conn.state(type)
    const cache = this.currentCache()
    const all = new Map<string, PackedResource>()
    if (st.wildcard) {
      for (const r of cache.wildcard(type, conn.proxy)) all.set(r.name, r)
    } else {
      // A client that came back during the startup window keeps its endpoints until theirs return.
      const spareEmpty = st.resumed === true && Date.now() < this.warmUntil
      for (const name of st.names) {
        const r = cache.get(type, conn.proxy, name)
        if (r && !(spareEmpty && r.empty)) all.set(name, r)
      }
    }
    const version = versionOf(all)
    if (!force && (st.sent?.version === version || st.nack?.version === version)) return false
    let payload = [...all.values()]
    if (!force && PARTIAL_TYPES.has(type) && st.sent) {
      const before = st.sent.resources
      payload = payload.filter((r) => before.get(r.name)?.hash !== r.hash)
      if (payload.length === 0) return false
    }
    conn.send(type, version, all, payload, push)
    if (push !== undefined) this.progress.sent(conn.id, type, push)
    return true
  }

  /**
   * The resources of a snapshot as pushes generate and pack them: the live cache for the model's
   * current snapshot (so a dry run diffs against what proxies are sent), a fresh one otherwise.
   */
  resourcesFor(snapshot: MeshSnapshot): ResourceCache {
    return snapshot === this.opts.model.snapshot ? this.currentCache() : new ResourceCache(snapshot, this.opts.generators)
  }

  private currentCache(): ResourceCache {
    const snap = this.opts.model.snapshot
    if (this.cache.snapshot !== snap) this.cache = new ResourceCache(snap, this.opts.generators)
    return this.cache
  }

  // ---- push pipeline

  private schedule(change: SnapshotChange): void {
    const scope = changeScope(change)
    if (this.cache.snapshot === change.previous) this.cache = this.cache.next(change.snapshot, scope)
    const types = new Set(scope.keys())
    if (types.size === 0) return
    for (const t of types) this.pending.add(t)
    for (const ch of change.changes) if (this.pendingCauses.length < 20) this.pendingCauses.push(describeChange(ch))
    const now = Date.now()
    if (!this.timer) this.pendingSince = now
    clearTimeout(this.timer)
    const wait = Math.max(0, Math.min(this.debounceMs, this.pendingSince + this.debounceMaxMs - now))
    this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Pushes pending changes now (also what the debounce timer calls). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.size === 0) return
    const types = this.pending
    const causes = this.pendingCauses
    this.pending = new Set()
    this.pendingCauses = []
    const push = ++this.pushCounter
    this.progress.start(push, causes, PUSH_ORDER.filter((t) => types.has(t)))
    let proxies = 0
    for (const conn of this.connections.values()) {
      let sentAny = false
      for (const type of PUSH_ORDER) {
        if (types.has(type) && conn.types.has(type) && this.respond(conn, type, push, false)) sentAny = true
      }
      if (sentAny) proxies++
    }
    this.progress.launched(push)
    this.emit('push', { push, proxies })
  }
}

class RequestError extends Error {}
