import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO, withCode } from './helpers.ts'

function dr(name: string, body: string, ns = 'bookinfo'): string {
  return `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${ns} }
spec:
${body}`
}

describe('DestinationRule analyzers', () => {
  it('finds nothing wrong with a rule whose host and subsets exist', () => {
    const m = analyze(BOOKINFO, dr('reviews', `
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
`))
    expect(m.checks('DestinationRule bookinfo/reviews')).toEqual([])
  })

  it('reports a host missing from the registry', () => {
    const m = analyze(BOOKINFO, dr('reviews', '  host: reviewz'))
    const [c] = m.checks('DestinationRule bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA0202', severity: 'error', path: 'spec/host' })
    expect(c.message).toContain('"reviewz" (reviewz.bookinfo.svc.cluster.local)')
  })

  it('accepts a wildcard host that covers a service, and reports one that covers none', () => {
    expect(analyze(BOOKINFO, dr('all', '  host: "*.bookinfo.svc.cluster.local"')).checks('DestinationRule bookinfo/all')).toEqual([])
    const [c] = analyze(BOOKINFO, dr('all', '  host: "*.example.com"')).checks('DestinationRule bookinfo/all')
    expect(c).toMatchObject({ code: 'KIA0202', path: 'spec/host' })
  })

  it('warns when a subset selects no workload of the host, listing the values present', () => {
    const m = analyze(BOOKINFO, dr('reviews', `
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v4, labels: { version: v4 } }
`))
    const [c] = m.checks('DestinationRule bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA0203', severity: 'warning', path: 'spec/subsets[1]/labels' })
    expect(c.message).toContain('subset "v4" at spec/subsets[1]/labels selects version=v4')
    expect(c.message).toContain('its workloads have version=v1, version=v2, version=v3')
  })

  it('requires the service selector and the subset labels to hold together', () => {
    // ratings-v2 carries version=v2 but is not a reviews workload.
    const m = analyze(BOOKINFO.replace('app: ratings, version: v1', 'app: ratings, version: v9'), dr('ratings', `
  host: ratings
  subsets: [{ name: v2, labels: { version: v2 } }]
`))
    expect(withCode(m.checks('DestinationRule bookinfo/ratings'), 'KIA0203')).toHaveLength(1)
  })

  it('checks subsets of a ServiceEntry against its inline endpoints', () => {
    const m = analyze(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db, namespace: data }
spec:
  hosts: [db.example.internal]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{ number: 5432, name: tcp, protocol: TCP }]
  endpoints:
  - { address: 10.1.0.1, labels: { role: primary } }
`, dr('db', `
  host: db.example.internal
  subsets:
  - { name: primary, labels: { role: primary } }
  - { name: replica, labels: { role: replica } }
`, 'data'))
    const checks = m.checks('DestinationRule data/db')
    expect(checks.map((c) => [c.code, c.path])).toEqual([['KIA0203', 'spec/subsets[1]/labels']])
  })

  it('warns about a subset without labels', () => {
    const m = analyze(BOOKINFO, dr('reviews', `
  host: reviews
  subsets: [{ name: all }]
`))
    const [c] = m.checks('DestinationRule bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA0209', severity: 'warning', path: 'spec/subsets[0]' })
    expect(c.message).toContain('subset "all" at spec/subsets[0] has no labels')
  })

  it('warns on each of two rules for the same host in one namespace, naming the shared subsets', () => {
    const m = analyze(BOOKINFO, dr('reviews', `
  host: reviews
  subsets: [{ name: v1, labels: { version: v1 } }]
`), dr('reviews-2', `
  host: reviews.bookinfo.svc.cluster.local
  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]
`), dr('reviews', '  host: reviews.bookinfo.svc.cluster.local', 'frontend'))
    const [a] = withCode(m.checks('DestinationRule bookinfo/reviews'), 'KIA0201')
    expect(a).toMatchObject({ severity: 'warning', path: 'spec/host' })
    expect(a.message).toContain('is also the host of DestinationRule bookinfo/reviews-2 in namespace bookinfo; both define subset v1')
    expect(withCode(m.checks('DestinationRule bookinfo/reviews-2'), 'KIA0201')[0].message).toContain('DestinationRule bookinfo/reviews ')
    expect(withCode(m.checks('DestinationRule frontend/reviews'), 'KIA0201')).toEqual([])
  })
})
