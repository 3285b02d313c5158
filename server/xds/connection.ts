// One ADS stream: the proxy on it, and per resource type what it subscribed to, what was sent,
// what it acked or NACKed. Sends are serialized and respect the stream's backpressure.
import type { ServerDuplexStream } from '@grpc/grpc-js'
import type { SyncStatus, TypeStatus } from '../../shared/xds.ts'
import type { ResourceTypeUrl } from './protos.ts'
import type { ProxyInfo } from './types.ts'

/** A resource packed once and shared by every stream it is sent on. */
export interface PackedResource {
  name: string
  /** Content hash of the encoded resource. */
  hash: string
  bytes: Buffer
  /** A ClusterLoadAssignment without endpoints. */
  empty?: boolean
}

export interface Sent {
  version: string
  nonce: string
  at: number
  /** Every subscribed resource as of this send (also those not re-sent because unchanged). */
  resources: Map<string, PackedResource>
  push: number | undefined
}

export interface TypeState {
  /** Subscribed names; empty with `wildcard` for a wildcard subscription. */
  names: Set<string>
  wildcard: boolean
  sent?: Sent
  acked?: { version: string; nonce: string; at: number }
  nack?: { version: string; nonce: string; message: string; at: number }
  /** The client came with config from an earlier control plane (its first request had a version). */
  resumed?: boolean
}

export interface DiscoveryResponseMessage {
  versionInfo: string
  typeUrl: string
  nonce: string
  /** google.protobuf.Any keeps its snake_case field names under proto-loader, unlike Envoy's types. */
  resources: { type_url: string; value: Buffer }[]
}

export type AdsStream = ServerDuplexStream<unknown, DiscoveryResponseMessage>

export class Connection {
  readonly types = new Map<ResourceTypeUrl, TypeState>()
  readonly connectedAt = Date.now()
  private nonceCounter = 0
  private writing: Promise<void> = Promise.resolve()
  closed = false
  /** Ports whose inbound listener the proxy has ACKed: it serves there. */
  servingPorts: number[] = []

  constructor(readonly id: string, readonly proxy: ProxyInfo, private readonly stream: AdsStream) {}

  state(typeUrl: ResourceTypeUrl): TypeState {
    let s = this.types.get(typeUrl)
    if (!s) {
      s = { names: new Set(), wildcard: true }
      this.types.set(typeUrl, s)
    }
    return s
  }

  /**
   * Sends one response. `all` is the whole subscribed set as of now (recorded as sent); `payload`
   * is what goes on the wire (a subset for RDS/EDS when only some resources changed).
   */
  send(typeUrl: ResourceTypeUrl, version: string, all: Map<string, PackedResource>, payload: PackedResource[], push: number | undefined): Sent {
    const nonce = `${this.id}-${++this.nonceCounter}`
    const sent: Sent = { version, nonce, at: Date.now(), resources: all, push }
    this.state(typeUrl).sent = sent
    const message: DiscoveryResponseMessage = {
      versionInfo: version,
      typeUrl,
      nonce,
      resources: payload.map((r) => ({ type_url: typeUrl, value: r.bytes })),
    }
    this.writing = this.writing.then(() => this.write(message))
    return sent
  }

  /** Ends the stream with a status (the client reconnects, to this or another control plane). */
  end(code: number, details: string): void {
    if (this.closed) return
    this.closed = true
    this.stream.emit('error', { code, details })
  }

  private write(message: DiscoveryResponseMessage): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const ok = this.stream.write(message)
      if (ok) resolve()
      else this.stream.once('drain', () => resolve())
    })
  }

  status(typeUrl: ResourceTypeUrl): SyncStatus {
    const s = this.types.get(typeUrl)
    if (!s?.sent) return 'NOT SENT'
    if (s.nack && s.nack.nonce === s.sent.nonce) return 'ERROR'
    if (s.acked && s.acked.nonce === s.sent.nonce) return 'SYNCED'
    return 'STALE'
  }

  typeStatus(typeUrl: ResourceTypeUrl): TypeStatus {
    const s = this.types.get(typeUrl)
    const iso = (t: number) => new Date(t).toISOString()
    return {
      status: this.status(typeUrl),
      subscribed: s ? s.names.size : 0,
      ...(s?.sent ? { sentVersion: s.sent.version, sentNonce: s.sent.nonce, sentAt: iso(s.sent.at) } : {}),
      ...(s?.acked ? { ackedVersion: s.acked.version, ackedAt: iso(s.acked.at) } : {}),
      ...(s?.nack ? { nack: { version: s.nack.version, nonce: s.nack.nonce, message: s.nack.message, at: iso(s.nack.at) } } : {}),
    }
  }
}
