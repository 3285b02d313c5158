// Proxy status as /api/proxies serves it (istioctl proxy-status, per xDS type).
import Type from 'typebox'

export const XDS_TYPES = ['CDS', 'EDS', 'LDS', 'RDS'] as const
export type XdsTypeName = (typeof XDS_TYPES)[number]

export const SyncStatus = Type.Union([
  Type.Literal('SYNCED'), Type.Literal('STALE'), Type.Literal('NOT SENT'), Type.Literal('ERROR'),
])
export type SyncStatus = Type.Static<typeof SyncStatus>

export const TypeStatus = Type.Object({
  status: SyncStatus,
  /** Names the proxy subscribed to (empty for a wildcard subscription). */
  subscribed: Type.Integer(),
  sentVersion: Type.Optional(Type.String()),
  sentNonce: Type.Optional(Type.String()),
  sentAt: Type.Optional(Type.String()),
  ackedVersion: Type.Optional(Type.String()),
  ackedAt: Type.Optional(Type.String()),
  /** The last NACK: the proxy's own message. */
  nack: Type.Optional(Type.Object({ version: Type.String(), nonce: Type.String(), message: Type.String(), at: Type.String() })),
})
export type TypeStatus = Type.Static<typeof TypeStatus>

export const ProxyStatus = Type.Object({
  id: Type.String(),
  workload: Type.String(),
  namespace: Type.String(),
  address: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  connectedAt: Type.String(),
  types: Type.Record(Type.String(), TypeStatus),
})
export type ProxyStatus = Type.Static<typeof ProxyStatus>

/** GET /api/proxies/{id}/config: what was last sent per type, decoded, and what the proxy acked. */
export const ProxyConfigDump = Type.Object({
  id: Type.String(),
  types: Type.Record(Type.String(), Type.Object({
    typeUrl: Type.String(),
    sentVersion: Type.Optional(Type.String()),
    ackedVersion: Type.Optional(Type.String()),
    resources: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  })),
})
export type ProxyConfigDump = Type.Static<typeof ProxyConfigDump>

/**
 * `event: xds-push` on /api/events: the progress of one push (one batch of config changes reaching
 * the proxies), sent as it starts, while ACKs arrive (throttled) and when every proxy answered.
 */
export const PushProgress = Type.Object({
  push: Type.Integer(),
  startedAt: Type.String(),
  /** What triggered it: `VirtualService bookinfo/reviews`, `workload bookinfo/reviews-v2-1`, … */
  causes: Type.Array(Type.String()),
  types: Type.Array(Type.String()),
  /** Proxies a response was sent to, and how many of them have ACKed or NACKed every response. */
  pushed: Type.Integer(),
  acked: Type.Integer(),
  nacked: Type.Integer(),
  nacks: Type.Array(Type.Object({ proxy: Type.String(), type: Type.String(), message: Type.String() })),
  /** Milliseconds from the start of the push to the last ACK so far. */
  elapsedMs: Type.Number(),
  done: Type.Boolean(),
})
export type PushProgress = Type.Static<typeof PushProgress>

/**
 * What a write would change on the wire, from a server-side dry run (`?dryRun=true` on a write):
 * the proxies that would get a push, and every xDS resource that would be added, removed or changed
 * (before and after as the proxy would receive them, decoded to JSON). Absent when the embedded
 * control plane is off.
 */
export const PushPreview = Type.Object({
  proxies: Type.Array(Type.Object({
    id: Type.String(),
    workload: Type.String(),
    namespace: Type.String(),
    /** The xDS types this proxy would be sent (CDS, EDS, LDS, RDS). */
    types: Type.Array(Type.String()),
  })),
  resources: Type.Array(Type.Object({
    type: Type.String(),
    name: Type.String(),
    change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
    before: Type.Optional(Type.Unknown()),
    after: Type.Optional(Type.Unknown()),
    /** How many of the proxies above receive this resource. */
    proxies: Type.Integer(),
  })),
})
export type PushPreview = Type.Static<typeof PushPreview>
