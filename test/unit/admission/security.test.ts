import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary } from './helpers.ts'

describe('security admission', () => {
  it('admits Istio documentation examples', () => {
    const strict = fromYaml(`
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: { name: default, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews } }
  mtls: { mode: STRICT }
  portLevelMtls:
    9080: { mode: PERMISSIVE }
`)
    const allow = fromYaml(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: reviews-viewer, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews } }
  action: ALLOW
  rules:
  - from:
    - source: { principals: [cluster.local/ns/bookinfo/sa/bookinfo-productpage] }
    to:
    - operation: { methods: [GET] }
    when:
    - key: request.headers[version]
      values: [v1, v2]
`)
    const custom = obj('AuthorizationPolicy', { action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })
    const jwt = obj('RequestAuthentication', { selector: { matchLabels: { app: 'productpage' } }, jwtRules: [{ issuer: 'testing@secure.istio.io', jwksUri: 'https://example.com/jwks.json' }] })
    for (const o of [strict, allow, custom, jwt]) expect(admitNew(o)).toEqual([])
  })

  it('rejects invalid selector labels on each kind', () => {
    const selector = { matchLabels: { 'app/x/y': 'reviews' } }
    for (const kind of ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication']) {
      expect(summary(admitNew(obj(kind, { selector }))), kind).toEqual([error('invalidLabel', 'spec/selector/matchLabels/app/x/y')])
    }
  })

  it('needs a provider for CUSTOM and refuses one otherwise', () => {
    const custom = admitNew(obj('AuthorizationPolicy', { action: 'CUSTOM', rules: [{}] }))
    expect(summary(custom)).toEqual([error('invalidField', 'spec/provider')])
    expect(custom[0].message).toContain('action CUSTOM needs provider.name')
    const deny = admitNew(obj('AuthorizationPolicy', { action: 'DENY', provider: { name: 'ext-authz' }, rules: [{}] }))
    expect(summary(deny)).toEqual([error('invalidField', 'spec/provider')])
    expect(deny[0].message).toContain('action is DENY')
  })

  it('rejects an empty when.key and a condition without values', () => {
    const checks = admitNew(obj('AuthorizationPolicy', { rules: [{ when: [{ key: '', values: ['x'] }, { key: 'source.ip' }] }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/rules[0]/when[0]/key'), error('invalidField', 'spec/rules[0]/when[1]')])
  })

  it('requires a jwtRules issuer', () => {
    expect(summary(admitNew(obj('RequestAuthentication', { jwtRules: [{ issuer: '' }] })))).toEqual([error('invalidField', 'spec/jwtRules[0]/issuer')])
    expect(summary(admitNew(obj('RequestAuthentication', { jwtRules: [{ jwksUri: 'https://x' }] })))).toEqual([error('schema', 'spec/jwtRules[0]/issuer')])
  })

  it('checks port-level mTLS ports and that they come with a selector', () => {
    const checks = admitNew(obj('PeerAuthentication', { portLevelMtls: { 0: { mode: 'DISABLE' } } }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/portLevelMtls'), error('invalidField', 'spec/portLevelMtls/0')])
  })
})
