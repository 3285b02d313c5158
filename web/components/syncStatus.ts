// A proxy's xDS sync state, per type and rolled up, as the Proxies pages show it. Pure.
import type { ProxyStatus, SyncStatus, TypeStatus, XdsTypeName } from '../../shared/xds.ts'

/** Column order, as istioctl proxy-status prints them. */
export const TYPE_COLUMNS = ['CDS', 'LDS', 'EDS', 'RDS'] as const satisfies readonly XdsTypeName[]

export const TYPE_TITLES: Record<XdsTypeName, string> = {
  CDS: 'Clusters',
  LDS: 'Listeners',
  EDS: 'Endpoints',
  RDS: 'Routes',
}

const NOT_SENT: TypeStatus = { status: 'NOT SENT', subscribed: 0 }

/** A type the server did not list has never been sent. */
export function typeStatusOf(proxy: ProxyStatus, type: XdsTypeName): TypeStatus {
  return proxy.types[type] ?? NOT_SENT
}

/**
 * Worst first. NOT SENT ranks below SYNCED: a proxyless client that never asked for a type (no
 * routes to fetch) is not out of sync, so one SYNCED type makes the proxy SYNCED overall.
 */
const RANK: Record<SyncStatus, number> = { ERROR: 0, STALE: 1, SYNCED: 2, 'NOT SENT': 3 }

export function compareStatus(a: SyncStatus, b: SyncStatus): number {
  return RANK[a] - RANK[b]
}

/** The proxy's state in one word: its worst type's. */
export function rollupStatus(proxy: ProxyStatus): SyncStatus {
  return TYPE_COLUMNS.map((t) => typeStatusOf(proxy, t).status).reduce((worst, s) => (compareStatus(s, worst) < 0 ? s : worst), 'NOT SENT')
}

/** Sent but not (yet) ACKed, or NACKed. */
export function isOutOfSync(status: SyncStatus): boolean {
  return status === 'STALE' || status === 'ERROR'
}

export interface ActiveNack {
  type: XdsTypeName
  version: string
  nonce: string
  message: string
  at: string
}

/**
 * The NACKs the proxy still stands by: a type is ERROR while its latest response is the one the
 * proxy rejected. An older NACK that a later ACK superseded is history, not a problem.
 */
export function activeNacks(proxy: ProxyStatus): ActiveNack[] {
  const out: ActiveNack[] = []
  for (const type of TYPE_COLUMNS) {
    const s = typeStatusOf(proxy, type)
    if (s.status === 'ERROR' && s.nack) out.push({ type, ...s.nack })
  }
  return out
}

/**
 * The pod of an Istio node id: `reviews-v1-1` of
 * `sidecar~127.0.0.1~reviews-v1-1.bookinfo~bookinfo.svc.cluster.local`; the whole id when it is
 * not in that form.
 */
export function podName(id: string): string {
  const [, , podDotNs, domain] = id.split('~')
  if (!podDotNs) return id
  const suffix = `.${domain?.split('.')[0] ?? ''}`
  return suffix.length > 1 && podDotNs.endsWith(suffix) && podDotNs.length > suffix.length
    ? podDotNs.slice(0, -suffix.length)
    : podDotNs
}

/** A badge's tooltip: what the state means and the versions behind it. */
export function describeTypeStatus(type: XdsTypeName, s: TypeStatus): string {
  const parts = [`${type} ${s.status}: ${STATUS_MEANING[s.status]}`]
  if (s.sentVersion) parts.push(`sent version ${s.sentVersion}`)
  if (s.ackedVersion) parts.push(`ACKed version ${s.ackedVersion}`)
  return parts.join(' · ')
}

export const STATUS_CLASS: Record<SyncStatus, string> = {
  SYNCED: 'synced',
  STALE: 'stale',
  'NOT SENT': 'not-sent',
  ERROR: 'error',
}

export const STATUS_GLYPH: Record<SyncStatus, string> = { SYNCED: '✓', STALE: '⟳', 'NOT SENT': '–', ERROR: '✗' }

/** What each state means, for tooltips and the legend. */
export const STATUS_MEANING: Record<SyncStatus, string> = {
  SYNCED: 'The proxy ACKed the latest config sent to it',
  STALE: 'Config was sent and the proxy has not answered yet',
  'NOT SENT': 'Nothing of this type has been sent (the proxy has not asked for it)',
  ERROR: 'The proxy rejected (NACKed) the latest config sent to it',
}
