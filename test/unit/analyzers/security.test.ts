import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO, withCode } from './helpers.ts'

function ap(body: string, name = 'reviews', ns = 'bookinfo'): string {
  return `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec:
${body}`
}

const FRONTEND = `
apiVersion: v1
kind: Namespace
metadata: { name: frontend }
`

describe('AuthorizationPolicy analyzers', () => {
  it('finds nothing wrong with existing namespaces, principals, patterns and a matching selector', () => {
    const m = analyze(BOOKINFO, FRONTEND, ap(`
  selector: { matchLabels: { app: reviews } }
  rules:
  - from:
    - source:
        namespaces: [bookinfo, frontend, "front*"]
        principals: [cluster.local/ns/bookinfo/sa/bookinfo-productpage, "*/sa/bookinfo-ratings", "cluster.local/ns/other/*"]
`))
    expect(m.checks('AuthorizationPolicy bookinfo/reviews')).toEqual([])
  })

  it('warns about a source namespace that does not exist', () => {
    const m = analyze(BOOKINFO, ap(`
  rules:
  - from: [{ source: { principals: ["*"] } }, { source: { namespaces: [bookinfo, frontnd] } }]
`))
    const [c] = m.checks('AuthorizationPolicy bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA0101', severity: 'warning', path: 'spec/rules[0]/from[1]/source/namespaces[1]' })
    expect(c.message).toContain('namespace "frontnd" at spec/rules[0]/from[1]/source/namespaces[1] does not exist')
  })

  it('reports a principal no workload runs as, suggesting the service accounts in use', () => {
    const m = analyze(BOOKINFO, ap(`
  rules:
  - from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/productpage, example.org/ns/bookinfo/sa/bookinfo-reviews] } }]
`))
    const checks = withCode(m.checks('AuthorizationPolicy bookinfo/reviews'), 'KIA0106')
    expect(checks.map((c) => [c.severity, c.path])).toEqual([
      ['error', 'spec/rules[0]/from[0]/source/principals[0]'],
      ['error', 'spec/rules[0]/from[0]/source/principals[1]'],
    ])
    expect(checks[0].message).toContain('"cluster.local/ns/bookinfo/sa/productpage"')
    expect(checks[0].message).toContain('bookinfo-details, bookinfo-productpage, bookinfo-ratings, bookinfo-reviews')
    expect(checks[1].message).toContain("the mesh's trust domain is cluster.local, not example.org")
  })

  it('warns when the selector matches no workload in the namespace', () => {
    const m = analyze(BOOKINFO, ap('  selector: { matchLabels: { app: reviewz } }'))
    const [c] = m.checks('AuthorizationPolicy bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA0004', severity: 'warning', path: 'spec/selector/matchLabels' })
    expect(c.message).toContain('app=reviewz')
    expect(c.message).toContain('namespace bookinfo')
  })
})

describe('PeerAuthentication and RequestAuthentication selectors', () => {
  it('warn when the selector matches no workload, and accept one that does', () => {
    const m = analyze(BOOKINFO, `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: strict, namespace: bookinfo }
spec: { selector: { matchLabels: { app: reviews, version: v9 } }, mtls: { mode: STRICT } }
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: nope } }
  jwtRules: [{ issuer: https://issuer.example.com }]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ok, namespace: bookinfo }
spec: { selector: { matchLabels: { app: reviews } } }
`)
    expect(m.checks('PeerAuthentication bookinfo/strict')).toMatchObject([{ code: 'KIA0004', path: 'spec/selector/matchLabels' }])
    expect(m.checks('PeerAuthentication bookinfo/strict')[0].message).toContain('app=reviews, version=v9')
    expect(m.checks('RequestAuthentication bookinfo/jwt')).toMatchObject([{ code: 'KIA0004' }])
    expect(m.checks('PeerAuthentication bookinfo/ok')).toEqual([])
  })
})
