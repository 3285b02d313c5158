import { describe, expect, it } from 'vitest'
import type { IstioConfigList } from '../../../shared/api.ts'
import { DEFAULT_FILTERS } from '../../../web/app/url/istioConfig.ts'
import { buildRows, countRows, filterRows, sortRows } from '../../../web/pages/IstioConfigList/rows.ts'

const NET = 'networking.istio.io'

function obj(kind: string, namespace: string, name: string) {
  return { apiVersion: `${NET}/v1`, kind, metadata: { name, namespace }, spec: {} }
}

function validation(kind: string, namespace: string, name: string, severities: ('error' | 'warning')[]) {
  return {
    name,
    namespace,
    objectGVK: { group: NET, version: 'v1', kind },
    valid: !severities.includes('error'),
    checks: severities.map((severity) => ({ code: 'X', message: 'm', severity, path: '' })),
  }
}

const LIST: IstioConfigList = {
  items: [
    obj('VirtualService', 'bookinfo', 'reviews'),
    obj('DestinationRule', 'bookinfo', 'reviews'),
    obj('Gateway', 'istio-system', 'ingress'),
    obj('VirtualService', 'bookinfo', 'ratings'),
  ],
  validations: [
    validation('VirtualService', 'bookinfo', 'reviews', ['error']),
    validation('DestinationRule', 'bookinfo', 'reviews', ['warning']),
    // v1beta1 validation of a v1 object still matches: versions do not identify objects.
    { ...validation('Gateway', 'istio-system', 'ingress', []), objectGVK: { group: NET, version: 'v1beta1', kind: 'Gateway' } },
  ],
}

const names = (rows: ReturnType<typeof buildRows>) => rows.map((r) => `${r.ref.kind}/${r.ref.name}`)

describe('rows', () => {
  const rows = buildRows(LIST)

  it('joins each object with its validation', () => {
    expect(rows.map((r) => r.state)).toEqual(['error', 'warning', 'valid', 'unknown'])
    expect(rows[0].ref).toEqual({ group: NET, version: 'v1', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' })
    expect(countRows(rows)).toEqual({ total: 4, errors: 1, warnings: 1 })
  })

  it('filters by kind, name and validation state together', () => {
    expect(names(filterRows(rows, { ...DEFAULT_FILTERS, kinds: ['VirtualService'] }))).toEqual([
      'VirtualService/reviews',
      'VirtualService/ratings',
    ])
    expect(names(filterRows(rows, { ...DEFAULT_FILTERS, name: 'REV' }))).toEqual(['VirtualService/reviews', 'DestinationRule/reviews'])
    expect(names(filterRows(rows, { ...DEFAULT_FILTERS, validation: ['valid', 'warning'] }))).toEqual([
      'DestinationRule/reviews',
      'Gateway/ingress',
    ])
  })

  it('sorts by a column with a stable tie-break, worst first by validation', () => {
    expect(names(sortRows(rows, 'name', false))).toEqual([
      'Gateway/ingress',
      'VirtualService/ratings',
      'DestinationRule/reviews',
      'VirtualService/reviews',
    ])
    expect(names(sortRows(rows, 'validation', false))[0]).toBe('VirtualService/reviews')
    expect(names(sortRows(rows, 'namespace', true))[0]).toBe('Gateway/ingress')
  })
})
