// Peer metadata exchange, as Istio's metadata-exchange filter does it between sidecars: the client
// sends its identity in a request header, the server answers with its own in the response headers,
// so that each reporter can fill the other side's labels. A peer that never answers (connection
// failure, timeout, fault injected before the call left) stays `unknown`, as in Istio.
import type * as grpc from '@grpc/grpc-js'
import { UNKNOWN, UNKNOWN_PEER, type PeerIdentity } from './telemetry.ts'

/** The header carrying base64 JSON of a PeerIdentity (Istio's is `x-envoy-peer-metadata`). */
export const PEER_HEADER = 'x-trellis-peer'

const FIELDS = ['workload', 'namespace', 'app', 'version', 'canonicalService', 'canonicalRevision', 'cluster'] as const
const MAX_VALUE = 253
const MAX_ENCODED = 4096

export function encodePeer(identity: PeerIdentity): string {
  const compact: Record<string, string> = {}
  for (const f of FIELDS) compact[f] = identity[f]
  return Buffer.from(JSON.stringify(compact)).toString('base64')
}

/**
 * The identity in a header value, or undefined when absent or malformed. A field missing or not a
 * short string becomes `unknown`: labels must never carry arbitrary caller-supplied bulk.
 */
export function decodePeer(value: unknown): PeerIdentity | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ENCODED) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const obj = parsed as Record<string, unknown>
  const out: Record<string, string> = { ...UNKNOWN_PEER }
  for (const f of FIELDS) {
    const v = obj[f]
    if (typeof v === 'string' && v.length > 0 && v.length <= MAX_VALUE) out[f] = v
  }
  return out as unknown as PeerIdentity
}

/** The peer identity in gRPC metadata, if it carries one. */
export function peerFromMetadata(metadata: grpc.Metadata | undefined): PeerIdentity | undefined {
  const values = metadata?.get(PEER_HEADER) ?? []
  return decodePeer(values[0])
}

/** The peer identity in HTTP request headers (node:http lower-cases names). */
export function peerFromHeaders(headers: Record<string, string | string[] | undefined>): PeerIdentity | undefined {
  const v = headers[PEER_HEADER]
  return decodePeer(Array.isArray(v) ? v[0] : v)
}

export function isUnknown(p: PeerIdentity): boolean {
  return p.workload === UNKNOWN
}
