// The Proxies pages' URL state: the list's filters `?q=reviews&sync=out-of-sync`, and the detail
// path /proxies/{id} with the proxy's node id as one encoded segment (a deep link to a proxy).
import { withParam } from './params.ts'

/** `out-of-sync`: some type STALE or ERROR; `error`: some type NACKed (ERROR). */
export const SYNC_FILTERS = ['out-of-sync', 'error'] as const
export type SyncFilter = (typeof SYNC_FILTERS)[number]

export interface ProxyFilters {
  /**
   * Case-insensitive substring of the pod, workload, namespace, address or node id. Kept as typed
   * (matching trims it), so that a space typed before the next word is not taken away.
   */
  text: string
  /** Absent: every proxy. */
  sync: SyncFilter | undefined
}

export const DEFAULT_PROXY_FILTERS: ProxyFilters = { text: '', sync: undefined }

export const PROXY_DETAIL_ROUTE = '/proxies/:id'

function isSyncFilter(v: string | null): v is SyncFilter {
  return (SYNC_FILTERS as readonly (string | null)[]).includes(v)
}

/** Unknown values are dropped rather than failing: an old bookmark still opens. */
export function parseProxyFilters(params: URLSearchParams): ProxyFilters {
  const sync = params.get('sync')
  return { text: params.get('q') ?? '', sync: isSyncFilter(sync) ? sync : undefined }
}

/** Writes the filters over `params`, leaving the others (the namespace selection) alone; defaults are omitted. */
export function writeProxyFilters(params: URLSearchParams, f: ProxyFilters): URLSearchParams {
  return withParam(withParam(params, 'q', f.text.trim() ? f.text : ''), 'sync', f.sync)
}

export function hasActiveProxyFilters(f: ProxyFilters): boolean {
  return f.text.trim() !== '' || f.sync !== undefined
}

/** react-router decodes the segment again for `useParams().id`. */
export function proxyPath(id: string): string {
  return `/proxies/${encodeURIComponent(id)}`
}
