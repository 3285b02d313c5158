import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { KINDS, apiVersionOf } from '../../../shared/kinds.ts'
import { SPEC_CHECKS } from '../../../server/validation/admission/specs.ts'
import { CODES } from '../../../server/validation/codes.ts'
import { admitNew, error, obj, summary } from './helpers.ts'

const withMeta = (metadata: Record<string, unknown>, kind = 'DestinationRule', apiVersion = 'networking.istio.io/v1'): ConfigObject =>
  ({ apiVersion, kind, metadata, spec: kind === 'DestinationRule' ? { host: 'reviews' } : {} }) as ConfigObject

describe('envelope admission', () => {
  it('knows every kind Trellis stores', () => {
    expect(Object.keys(SPEC_CHECKS).sort()).toEqual(KINDS.map((k) => k.kind).sort())
  })

  it('rejects an apiVersion the kind is not served at, listing the accepted ones', () => {
    const checks = admitNew(obj('VirtualService', { hosts: ['reviews'] }, { apiVersion: 'networking.istio.io/v2' }))
    expect(summary(checks)).toEqual([error('unknownKind', 'apiVersion')])
    expect(checks[0].message).toContain('networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3')
    expect(checks[0].message).toContain('got "networking.istio.io/v2"')
  })

  it('rejects a security kind in the networking group', () => {
    const checks = admitNew(obj('PeerAuthentication', {}, { apiVersion: 'networking.istio.io/v1' }))
    expect(summary(checks)).toEqual([error('unknownKind', 'apiVersion')])
    expect(checks[0].message).toContain('security.istio.io/v1, security.istio.io/v1beta1')
  })

  it('rejects an unknown kind, suggesting the right spelling', () => {
    const checks = admitNew(obj('Virtualservice', {}, { apiVersion: 'networking.istio.io/v1' }))
    expect(summary(checks)).toEqual([error('unknownKind', 'kind')])
    expect(checks[0].message).toContain('did you mean VirtualService?')
    expect(summary(admitNew(obj('EnvoyFilter', {}, { apiVersion: 'networking.istio.io/v1alpha3' })))).toEqual([error('unknownKind', 'kind')])
  })

  it('accepts every kind at every accepted version (name and envelope wise)', () => {
    for (const info of KINDS) {
      for (const version of info.versions) {
        const o: ConfigObject = {
          apiVersion: apiVersionOf(info, version),
          kind: info.kind,
          metadata: info.namespaced ? { name: 'ok', namespace: 'bookinfo' } : { name: 'ok' },
        }
        const codes = admitNew(o).map((c) => c.code)
        expect(codes, `${info.kind} ${version}`).not.toContain(CODES.unknownKind.code)
        expect(codes, `${info.kind} ${version}`).not.toContain(CODES.invalidName.code)
      }
    }
  })

  it('requires metadata.name', () => {
    expect(summary(admitNew(withMeta({ namespace: 'bookinfo' })))).toEqual([error('invalidName', 'metadata/name')])
    expect(summary(admitNew(withMeta({ name: '', namespace: 'bookinfo' })))).toEqual([error('invalidName', 'metadata/name')])
  })

  it.each([
    ['Reviews', 'upper-case'],
    ['reviews_v1', '"_"'],
    ['../etc/passwd', '"/"'],
    ['a..b', 'empty part'],
    ['..', 'empty part'],
    ['a\\b', '"\\\\"'],
    ['-reviews', 'start and end'],
    ['x'.repeat(254), '254 characters'],
  ])('rejects the object name %j (%s)', (name, why) => {
    const checks = admitNew(withMeta({ name, namespace: 'bookinfo' }))
    expect(summary(checks)).toEqual([error('invalidName', 'metadata/name')])
    expect(checks[0].message).toContain(why)
  })

  it('accepts dotted names for most kinds but not for Services and Namespaces', () => {
    expect(admitNew(withMeta({ name: 'reviews.v1', namespace: 'bookinfo' }))).toEqual([])
    const svc = admitNew(obj('Service', {}, { apiVersion: 'v1', name: 'reviews.v1' }))
    expect(summary(svc)).toEqual([error('invalidName', 'metadata/name')])
    expect(svc[0].message).toContain('DNS-1123 label')
    const ns: ConfigObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a'.repeat(64) } }
    expect(summary(admitNew(ns))).toEqual([error('invalidName', 'metadata/name')])
  })

  it('requires a DNS-1123 label namespace', () => {
    const checks = admitNew(withMeta({ name: 'reviews', namespace: 'book.info' }))
    expect(summary(checks)).toEqual([error('invalidName', 'metadata/namespace')])
    expect(checks[0].message).toContain('contains "."')
  })

  it('rejects a namespace on a cluster-scoped kind', () => {
    const ns: ConfigObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', namespace: 'default' } }
    expect(summary(admitNew(ns))).toEqual([error('invalidField', 'metadata/namespace')])
    expect(admitNew({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } } })).toEqual([])
  })

  it('accepts Kubernetes-style labels and annotations', () => {
    const checks = admitNew(withMeta({
      name: 'reviews',
      namespace: 'bookinfo',
      labels: { app: 'reviews', 'app.kubernetes.io/version': 'v1.2_beta-3', empty: '' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"any": "text at all"}' },
    }))
    expect(checks).toEqual([])
  })

  it.each([
    [{ 'Example.com/app': 'x' }, 'metadata/labels/Example.com/app', 'invalid prefix'],
    [{ 'a/b/c': 'x' }, 'metadata/labels/a/b/c', "more than one '/'"],
    [{ '-app': 'x' }, 'metadata/labels/-app', 'invalid name'],
    [{ ['k'.repeat(64)]: 'x' }, `metadata/labels/${'k'.repeat(64)}`, 'invalid name'],
    [{ app: 'has space' }, 'metadata/labels/app', 'value "has space"'],
    [{ app: 'v'.repeat(64) }, 'metadata/labels/app', 'is invalid'],
    [{ version: 1 }, 'metadata/labels/version', 'quote it'],
  ])('rejects labels %j', (labels, path, why) => {
    const checks = admitNew(withMeta({ name: 'reviews', namespace: 'bookinfo', labels }))
    expect(summary(checks)).toEqual([error('invalidLabel', path)])
    expect(checks[0].message).toContain(why)
  })

  it('rejects invalid annotation keys and non-map labels', () => {
    const checks = admitNew(withMeta({ name: 'reviews', namespace: 'bookinfo', annotations: { 'bad key': 'x' }, labels: ['app'] }))
    expect(summary(checks)).toEqual([error('invalidLabel', 'metadata/labels'), error('invalidLabel', 'metadata/annotations/bad key')])
  })
})
