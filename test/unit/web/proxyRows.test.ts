import { describe, expect, it } from 'vitest'
import type { ProxyStatus, TypeStatus } from '../../../shared/xds.ts'
import { DEFAULT_PROXY_FILTERS } from '../../../web/app/url/proxies.ts'
import { buildProxyRows, countProxies, filterProxyRows } from '../../../web/pages/Proxies/rows.ts'

const SYNCED: TypeStatus = { status: 'SYNCED', subscribed: 0, sentVersion: '1', ackedVersion: '1' }
const STALE: TypeStatus = { status: 'STALE', subscribed: 0, sentVersion: '2', ackedVersion: '1' }
const ERROR: TypeStatus = {
  status: 'ERROR',
  subscribed: 0,
  sentVersion: '2',
  nack: { version: '2', nonce: 'n', message: 'bad route', at: '2026-01-01T00:00:00.000Z' },
}

function proxy(pod: string, namespace: string, address: string, types: ProxyStatus['types']): ProxyStatus {
  return {
    id: `sidecar~${address}~${pod}.${namespace}~${namespace}.svc.cluster.local`,
    workload: pod.replace(/-\d+$/, ''),
    namespace,
    address,
    labels: {},
    connectedAt: '2026-01-01T00:00:00.000Z',
    types,
  }
}

const LIST = [
  proxy('reviews-v2-0', 'bookinfo', '10.0.0.2', { CDS: SYNCED, LDS: STALE }),
  proxy('ingress-0', 'istio-system', '10.0.0.9', { CDS: SYNCED }),
  proxy('ratings-v1-0', 'bookinfo', '10.0.0.3', { CDS: SYNCED, RDS: ERROR }),
  proxy('reviews-v1-0', 'bookinfo', '10.0.0.1', { CDS: SYNCED, LDS: SYNCED }),
]

const rows = buildProxyRows(LIST)
const pods = (rs: readonly { pod: string }[]) => rs.map((r) => r.pod)

describe('proxy rows', () => {
  it('sorts by namespace then pod, with each row rolled up', () => {
    expect(pods(rows)).toEqual(['ratings-v1-0', 'reviews-v1-0', 'reviews-v2-0', 'ingress-0'])
    expect(rows.map((r) => r.status)).toEqual(['ERROR', 'SYNCED', 'STALE', 'SYNCED'])
    expect(rows[0].nacks).toEqual([{ type: 'RDS', version: '2', nonce: 'n', message: 'bad route', at: '2026-01-01T00:00:00.000Z' }])
  })

  it('keeps every row without filters', () => {
    expect(filterProxyRows(rows, DEFAULT_PROXY_FILTERS)).toHaveLength(4)
  })

  it('matches the text against pod, workload, namespace, address and id, ignoring case and outer spaces', () => {
    expect(pods(filterProxyRows(rows, { text: ' REVIEWS ', sync: undefined }))).toEqual(['reviews-v1-0', 'reviews-v2-0'])
    expect(pods(filterProxyRows(rows, { text: 'istio-sys', sync: undefined }))).toEqual(['ingress-0'])
    expect(pods(filterProxyRows(rows, { text: '10.0.0.3', sync: undefined }))).toEqual(['ratings-v1-0'])
    expect(pods(filterProxyRows(rows, { text: 'sidecar~10.0.0.1~', sync: undefined }))).toEqual(['reviews-v1-0'])
  })

  it('"out of sync" keeps STALE and ERROR proxies; "errors" keeps only those that NACKed', () => {
    expect(pods(filterProxyRows(rows, { text: '', sync: 'out-of-sync' }))).toEqual(['ratings-v1-0', 'reviews-v2-0'])
    expect(pods(filterProxyRows(rows, { text: '', sync: 'error' }))).toEqual(['ratings-v1-0'])
    expect(pods(filterProxyRows(rows, { text: 'reviews', sync: 'out-of-sync' }))).toEqual(['reviews-v2-0'])
  })

  it('counts proxies out of sync and with errors', () => {
    expect(countProxies(rows)).toEqual({ total: 4, outOfSync: 2, errors: 1 })
    expect(countProxies([])).toEqual({ total: 0, outOfSync: 0, errors: 0 })
  })
})
