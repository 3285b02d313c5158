// The Proxies list's rows: each proxy with its pod name and rolled-up status, filtered and sorted. Pure.
import type { ProxyStatus, SyncStatus } from '../../../shared/xds.ts'
import type { ProxyFilters } from '../../app/url/proxies.ts'
import { activeNacks, isOutOfSync, podName, rollupStatus, type ActiveNack } from '../../components/syncStatus.ts'

export interface ProxyRow {
  proxy: ProxyStatus
  pod: string
  status: SyncStatus
  nacks: ActiveNack[]
}

/** Sorted by namespace then pod, so rows keep their place as statuses change. */
export function buildProxyRows(list: readonly ProxyStatus[]): ProxyRow[] {
  return list
    .map((proxy) => ({ proxy, pod: podName(proxy.id), status: rollupStatus(proxy), nacks: activeNacks(proxy) }))
    .sort(
      (a, b) =>
        a.proxy.namespace.localeCompare(b.proxy.namespace) || a.pod.localeCompare(b.pod) || a.proxy.id.localeCompare(b.proxy.id),
    )
}

function matchesText(r: ProxyRow, needle: string): boolean {
  const { proxy } = r
  return [r.pod, proxy.workload, proxy.namespace, proxy.address, proxy.id].some((v) => v.toLowerCase().includes(needle))
}

export function filterProxyRows(rows: readonly ProxyRow[], f: ProxyFilters): ProxyRow[] {
  const needle = f.text.trim().toLowerCase()
  return rows.filter(
    (r) =>
      (needle === '' || matchesText(r, needle)) &&
      (f.sync === undefined || (f.sync === 'error' ? r.status === 'ERROR' : isOutOfSync(r.status))),
  )
}

export interface ProxyCounts {
  total: number
  /** STALE or ERROR. */
  outOfSync: number
  errors: number
}

export function countProxies(rows: readonly ProxyRow[]): ProxyCounts {
  return {
    total: rows.length,
    outOfSync: rows.filter((r) => isOutOfSync(r.status)).length,
    errors: rows.filter((r) => r.status === 'ERROR').length,
  }
}
