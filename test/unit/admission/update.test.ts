import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { admit } from '../../../server/validation/admission/index.ts'
import { error, obj, summary } from './helpers.ts'

const existing = obj('DestinationRule', { host: 'reviews' }, { apiVersion: 'networking.istio.io/v1beta1', name: 'reviews' })
const edit = (change: (o: ConfigObject) => void): ConfigObject => {
  const o = structuredClone(existing)
  change(o)
  return o
}

describe('update admission', () => {
  it('admits a spec change and a move to another accepted version', () => {
    expect(admit(edit((o) => { o.spec = { host: 'reviews', subsets: [{ name: 'v1' }] } }), existing)).toEqual([])
    expect(admit(edit((o) => { o.apiVersion = 'networking.istio.io/v1' }), existing)).toEqual([])
  })

  it('rejects a renamed object', () => {
    const checks = admit(edit((o) => { o.metadata.name = 'reviews-v2' }), existing)
    expect(summary(checks)).toEqual([error('invalidField', 'metadata/name')])
    expect(checks[0].message).toContain('was "reviews", now "reviews-v2"')
  })

  it('rejects a move to another namespace, or out of one', () => {
    expect(summary(admit(edit((o) => { o.metadata.namespace = 'default' }), existing))).toEqual([error('invalidField', 'metadata/namespace')])
    expect(summary(admit(edit((o) => { delete o.metadata.namespace }), existing))).toEqual([error('invalidField', 'metadata/namespace')])
  })

  it('rejects a change of kind', () => {
    const checks = admit(edit((o) => { o.kind = 'VirtualService'; o.spec = { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] } }), existing)
    expect(summary(checks)).toEqual([error('invalidField', 'kind')])
  })
})
