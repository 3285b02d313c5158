// A lightweight ADS client for tests and benchmarks: one stream per simulated proxy, speaking the
// protocol directly (subscribe, ACK, NACK on demand) and decoding what it receives.
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { PROTO_INCLUDE_DIRS } from '../../server/xds/protos.ts'

type Value = { stringValue?: string; structValue?: { fields: Record<string, Value> } }

export interface ClientNode {
  id: string
  metadata?: Record<string, string | Record<string, string>>
  locality?: { region?: string; zone?: string; subZone?: string }
}

export interface Received {
  typeUrl: string
  versionInfo: string
  nonce: string
  resources: { type_url: string; value: Buffer }[]
  at: number
}

interface DiscoveryRequest {
  versionInfo?: string
  node?: unknown
  resourceNames?: string[]
  typeUrl: string
  responseNonce?: string
  errorDetail?: { code: number; message: string }
}

type AdsCall = grpc.ClientDuplexStream<DiscoveryRequest, Omit<Received, 'at'>>

let ctor: grpc.ServiceClientConstructor | undefined
export function adsClientConstructor(): grpc.ServiceClientConstructor {
  if (ctor) return ctor
  const def = grpc.loadPackageDefinition(protoLoader.loadSync('envoy/service/discovery/v3/ads.proto', {
    includeDirs: PROTO_INCLUDE_DIRS, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true,
  }))
  const ns = (((def.envoy as grpc.GrpcObject).service as grpc.GrpcObject).discovery as grpc.GrpcObject).v3 as grpc.GrpcObject
  ctor = ns.AggregatedDiscoveryService as grpc.ServiceClientConstructor
  return ctor
}

function toStruct(meta: Record<string, string | Record<string, string>>): { fields: Record<string, Value> } {
  const fields: Record<string, Value> = {}
  for (const [k, v] of Object.entries(meta)) {
    fields[k] = typeof v === 'string' ? { stringValue: v } : { structValue: toStruct(v) }
  }
  return { fields }
}

export function istioNode(opts: { namespace: string; pod: string; ip?: string; labels?: Record<string, string>; ports?: Record<string, number> }): ClientNode {
  const ip = opts.ip ?? '127.0.0.1'
  return {
    id: `sidecar~${ip}~${opts.pod}.${opts.namespace}~${opts.namespace}.svc.cluster.local`,
    metadata: {
      GENERATOR: 'grpc',
      NAMESPACE: opts.namespace,
      INSTANCE_IPS: ip,
      LABELS: opts.labels ?? {},
      POD_PORTS: JSON.stringify(Object.entries(opts.ports ?? {}).map(([name, containerPort]) => ({ name, containerPort, protocol: 'TCP' }))),
    },
    locality: {},
  }
}

/**
 * One ADS stream. `autoAck` answers every response with an ACK (the default) — set `nackNext`
 * to reject the next response of a type instead.
 */
export class AdsTestClient {
  readonly received: Received[] = []
  private readonly client: grpc.Client
  private readonly call: AdsCall
  private sentNode = false
  private readonly waiters: { pred: (r: Received) => boolean; resolve: (r: Received) => void }[] = []
  readonly nackNext = new Map<string, string>()
  readonly names = new Map<string, string[]>()
  ended: grpc.StatusObject | undefined
  private readonly endWaiters: ((s: grpc.StatusObject) => void)[] = []

  constructor(target: string, readonly node: ClientNode, private readonly autoAck = true, client?: grpc.Client) {
    const Ctor = adsClientConstructor()
    this.client = client ?? new Ctor(target, grpc.credentials.createInsecure())
    this.call = (this.client as unknown as { StreamAggregatedResources(): AdsCall }).StreamAggregatedResources()
    this.call.on('data', (msg) => this.onResponse({ ...msg, at: performance.now() }))
    this.call.on('status', (s) => {
      this.ended = s
      for (const w of this.endWaiters.splice(0)) w(s)
    })
    this.call.on('error', () => {})
  }

  /** Shares one HTTP/2 connection across many streams, as one process's channel would. */
  get grpcClient(): grpc.Client {
    return this.client
  }

  subscribe(typeUrl: string, names: string[] = []): void {
    this.names.set(typeUrl, names)
    this.send({ typeUrl, resourceNames: names, responseNonce: '', versionInfo: '' })
  }

  /** Changes the names of a type, sent as an ACK of the last response (as clients do). */
  resubscribe(typeUrl: string, names: string[]): void {
    this.names.set(typeUrl, names)
    const last = this.last(typeUrl)
    this.send({ typeUrl, resourceNames: names, responseNonce: last?.nonce ?? '', versionInfo: last?.versionInfo ?? '' })
  }

  send(req: DiscoveryRequest): void {
    if (!this.sentNode) {
      req = { ...req, node: { id: this.node.id, metadata: this.node.metadata ? toStruct(this.node.metadata) : undefined, locality: this.node.locality ?? {} } }
      this.sentNode = true
    }
    this.call.write(req)
  }

  last(typeUrl: string): Received | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) if (this.received[i].typeUrl === typeUrl) return this.received[i]
    return undefined
  }

  next(pred: (r: Received) => boolean = () => true, timeoutMs = 5000): Promise<Received> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching response within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.push({ pred, resolve: (r) => { clearTimeout(timer); resolve(r) } })
    })
  }

  whenEnded(timeoutMs = 5000): Promise<grpc.StatusObject> {
    if (this.ended) return Promise.resolve(this.ended)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream still open after ${timeoutMs} ms`)), timeoutMs)
      this.endWaiters.push((s) => { clearTimeout(timer); resolve(s) })
    })
  }

  close(): void {
    this.call.end()
    this.call.cancel()
  }

  closeChannel(): void {
    this.client.close()
  }

  private onResponse(r: Received): void {
    this.received.push(r)
    const nack = this.nackNext.get(r.typeUrl)
    if (nack !== undefined) {
      this.nackNext.delete(r.typeUrl)
      const prev = [...this.received].reverse().find((x) => x.typeUrl === r.typeUrl && x !== r)
      this.send({ typeUrl: r.typeUrl, resourceNames: this.names.get(r.typeUrl) ?? [], responseNonce: r.nonce, versionInfo: prev?.versionInfo ?? '', errorDetail: { code: 3, message: nack } })
    } else if (this.autoAck) {
      this.send({ typeUrl: r.typeUrl, resourceNames: this.names.get(r.typeUrl) ?? [], responseNonce: r.nonce, versionInfo: r.versionInfo })
    }
    for (let i = 0; i < this.waiters.length; i++) {
      if (this.waiters[i].pred(r)) {
        this.waiters[i].resolve(r)
        this.waiters.splice(i, 1)
        i--
      }
    }
  }
}
