import { describe, expect, it } from 'vitest'
import type { ProxyStatus, TypeStatus } from '../../../shared/xds.ts'
import {
  activeNacks,
  describeTypeStatus,
  isOutOfSync,
  podName,
  rollupStatus,
  typeStatusOf,
} from '../../../web/components/syncStatus.ts'

const ID = 'sidecar~127.0.0.1~reviews-v1-1.bookinfo~bookinfo.svc.cluster.local'

const synced: TypeStatus = { status: 'SYNCED', subscribed: 0, sentVersion: 'v3', sentNonce: 'n3', ackedVersion: 'v3' }
const stale: TypeStatus = { status: 'STALE', subscribed: 0, sentVersion: 'v4', sentNonce: 'n4', ackedVersion: 'v3' }
const nack = { version: 'v5', nonce: 'n5', message: 'listener has no filter chain', at: '2026-01-01T00:00:00.000Z' }
const error: TypeStatus = { status: 'ERROR', subscribed: 1, sentVersion: 'v5', sentNonce: 'n5', ackedVersion: 'v3', nack }

function proxy(types: ProxyStatus['types']): ProxyStatus {
  return { id: ID, workload: 'reviews-v1', namespace: 'bookinfo', address: '127.0.0.1', labels: {}, connectedAt: '2026-01-01T00:00:00.000Z', types }
}

describe('sync status rollup', () => {
  it('is the worst type: ERROR over STALE over SYNCED', () => {
    expect(rollupStatus(proxy({ CDS: synced, LDS: synced }))).toBe('SYNCED')
    expect(rollupStatus(proxy({ CDS: synced, LDS: stale }))).toBe('STALE')
    expect(rollupStatus(proxy({ CDS: stale, LDS: error, EDS: synced }))).toBe('ERROR')
  })

  it('does not count types never sent against a proxy: it did not ask for them', () => {
    expect(rollupStatus(proxy({ CDS: synced, EDS: { status: 'NOT SENT', subscribed: 0 } }))).toBe('SYNCED')
    expect(rollupStatus(proxy({}))).toBe('NOT SENT')
  })

  it('reads a type the server left out as NOT SENT', () => {
    expect(typeStatusOf(proxy({ CDS: synced }), 'RDS')).toEqual({ status: 'NOT SENT', subscribed: 0 })
  })

  it('calls STALE and ERROR out of sync, not SYNCED or NOT SENT', () => {
    expect(['SYNCED', 'STALE', 'NOT SENT', 'ERROR'].filter((s) => isOutOfSync(s as TypeStatus['status']))).toEqual(['STALE', 'ERROR'])
  })
})

describe('active NACKs', () => {
  it('lists the types whose latest response was rejected, in column order, with the message', () => {
    expect(activeNacks(proxy({ RDS: error, CDS: error, LDS: synced }))).toEqual([
      { type: 'CDS', ...nack },
      { type: 'RDS', ...nack },
    ])
  })

  it('leaves out a NACK that a newer send has superseded', () => {
    expect(activeNacks(proxy({ LDS: { ...stale, nack } }))).toEqual([])
  })
})

describe('pod name', () => {
  it('is the pod of an Istio node id', () => {
    expect(podName(ID)).toBe('reviews-v1-1')
    expect(podName('router~10.0.0.1~ingress-7f9.istio-system~istio-system.svc.cluster.local')).toBe('ingress-7f9')
  })

  it('keeps dots that belong to the pod, and falls back to what the id has', () => {
    expect(podName('sidecar~1.2.3.4~web.v2.prod~prod.svc.cluster.local')).toBe('web.v2')
    expect(podName('sidecar~1.2.3.4~lonely~prod.svc.cluster.local')).toBe('lonely')
    expect(podName('not-an-istio-id')).toBe('not-an-istio-id')
  })
})

describe('badge tooltip', () => {
  it('says what the state means and which versions are behind it', () => {
    expect(describeTypeStatus('LDS', stale)).toBe(
      'LDS STALE: Config was sent and the proxy has not answered yet · sent version v4 · ACKed version v3',
    )
    expect(describeTypeStatus('EDS', { status: 'NOT SENT', subscribed: 0 })).toMatch(/^EDS NOT SENT: [^·]+$/)
  })
})
