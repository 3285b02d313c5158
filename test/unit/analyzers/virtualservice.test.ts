import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO, withCode } from './helpers.ts'

const REVIEWS_DR = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
  - { name: v3, labels: { version: v3 } }
`

function vs(name: string, body: string, ns = 'bookinfo'): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${ns} }
spec:
${body}`
}

const GOOD = vs('reviews', `
  hosts: [reviews]
  http:
  - match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 80 }
    - { destination: { host: reviews.bookinfo.svc.cluster.local, subset: v3 }, weight: 20 }
`)

describe('VirtualService analyzers', () => {
  it('finds nothing wrong with routes to existing hosts, subsets and weights summing to 100', () => {
    expect(analyze(BOOKINFO, REVIEWS_DR, GOOD).checks('VirtualService bookinfo/reviews')).toEqual([])
  })

  it('reports a destination host that no Service or ServiceEntry defines', () => {
    const m = analyze(BOOKINFO, vs('reviews', `
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reveiws } }]
`))
    const [c] = m.checks('VirtualService bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA1101', severity: 'error', path: 'spec/http[0]/route[0]/destination/host' })
    expect(c.message).toContain('"reveiws" (reveiws.bookinfo.svc.cluster.local)')
    expect(c.message).toContain('spec/http[0]/route[0]/destination/host')
  })

  it('accepts hosts covered by a wildcard ServiceEntry, and wildcard destinations that match a service', () => {
    const m = analyze(BOOKINFO, `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wikipedia, namespace: bookinfo }
spec:
  hosts: ["*.wikipedia.org"]
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: NONE
`, vs('external', `
  hosts: [en.wikipedia.org]
  tls:
  - match: [{ sniHosts: [en.wikipedia.org] }]
    route: [{ destination: { host: en.wikipedia.org } }]
  http:
  - route: [{ destination: { host: "*.bookinfo.svc.cluster.local" } }]
`))
    expect(m.checks('VirtualService bookinfo/external')).toEqual([])
  })

  it('checks mirrors and tcp routes too', () => {
    const m = analyze(BOOKINFO, vs('reviews', `
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reviews } }]
    mirror: { host: shadow }
  tcp:
  - route: [{ destination: { host: mongo } }]
`))
    expect(m.checks('VirtualService bookinfo/reviews').map((c) => c.path)).toEqual([
      'spec/tcp[0]/route[0]/destination/host',
      'spec/http[0]/mirror/host',
    ])
  })

  it('reports a subset the applicable DestinationRule does not define, naming the subsets it has', () => {
    const m = analyze(BOOKINFO, REVIEWS_DR, vs('reviews', `
  hosts: [reviews]
  http:
  - route: [{ destination: { host: reviews, subset: v4 } }]
`))
    const [c] = withCode(m.checks('VirtualService bookinfo/reviews'), 'KIA1107')
    expect(c).toMatchObject({ severity: 'error', path: 'spec/http[0]/route[0]/destination/subset' })
    expect(c.message).toBe(
      'Subset not found: subset "v4" at spec/http[0]/route[0]/destination/subset of host reviews.bookinfo.svc.cluster.local ' +
      'is defined by no DestinationRule (DestinationRule bookinfo/reviews has v1, v2, v3); ' +
      'add the subset to the DestinationRule or route to an existing one')
  })

  it('reports a subset when no DestinationRule applies from the VirtualService namespace', () => {
    const hidden = REVIEWS_DR.replace('host: reviews', 'host: reviews\n  exportTo: ["."]')
    const m = analyze(BOOKINFO, hidden, vs('reviews', `
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route: [{ destination: { host: reviews.bookinfo.svc.cluster.local, subset: v1 } }]
`, 'frontend'))
    const [c] = withCode(m.checks('VirtualService frontend/reviews'), 'KIA1107')
    expect(c.message).toContain('no DestinationRule for this host applies in namespace frontend')
    expect(analyze(BOOKINFO, REVIEWS_DR, vs('reviews', `
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route: [{ destination: { host: reviews.bookinfo.svc.cluster.local, subset: v1 } }]
`, 'frontend')).checks('VirtualService frontend/reviews')).toEqual([])
  })

  it('warns when route weights do not add up to 100, showing the sum', () => {
    const m = analyze(BOOKINFO, REVIEWS_DR, vs('reviews', `
  hosts: [reviews]
  http:
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 80 }
    - { destination: { host: reviews, subset: v2 }, weight: 30 }
`))
    const [c] = m.checks('VirtualService bookinfo/reviews')
    expect(c).toMatchObject({ code: 'KIA1103', severity: 'warning', path: 'spec/http[0]/route' })
    expect(c.message).toContain('add up to 110 (80 + 30)')
  })

  it('reports a gateway that does not exist, in spec and in matches, and accepts mesh and existing ones', () => {
    const m = analyze(BOOKINFO, `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: bookinfo-gateway, namespace: bookinfo }
spec: { selector: { istio: ingressgateway } }
`, vs('productpage', `
  hosts: ["*"]
  gateways: [bookinfo-gateway, mesh, istio-system/missing]
  http:
  - match: [{ gateways: [bookinfo/bookinfo-gateway] }, { gateways: [other] }]
    route: [{ destination: { host: productpage } }]
`))
    const checks = withCode(m.checks('VirtualService bookinfo/productpage'), 'KIA1102')
    expect(checks.map((c) => [c.severity, c.path])).toEqual([
      ['error', 'spec/gateways[2]'],
      ['error', 'spec/http[0]/match[1]/gateways[0]'],
    ])
    expect(checks[0].message).toContain('names Gateway istio-system/missing, which does not exist')
    expect(checks[1].message).toContain('Gateway bookinfo/other')
  })

  it('warns on each mesh VirtualService claiming the same host, naming the others', () => {
    const second = vs('reviews-canary', `
  hosts: [reviews.bookinfo.svc.cluster.local]
  http: [{ route: [{ destination: { host: reviews } }] }]
`)
    const m = analyze(BOOKINFO, REVIEWS_DR, GOOD, second)
    const [a] = withCode(m.checks('VirtualService bookinfo/reviews'), 'KIA1106')
    const [b] = withCode(m.checks('VirtualService bookinfo/reviews-canary'), 'KIA1106')
    expect(a).toMatchObject({ severity: 'warning', path: 'spec/hosts[0]' })
    expect(a.message).toContain('is also claimed by VirtualService bookinfo/reviews-canary')
    expect(b.message).toContain('is also claimed by VirtualService bookinfo/reviews')
  })

  it('does not count gateway-only VirtualServices or ones no namespace sees together', () => {
    const gatewayOnly = vs('reviews-gw', `
  hosts: [reviews]
  gateways: [bookinfo-gateway]
  http: [{ route: [{ destination: { host: reviews } }] }]
`)
    const privateElsewhere = vs('reviews', `
  hosts: [reviews.bookinfo.svc.cluster.local]
  exportTo: ["."]
  http: [{ route: [{ destination: { host: reviews.bookinfo.svc.cluster.local } }] }]
`, 'other')
    const mine = GOOD.replace('hosts: [reviews]', 'hosts: [reviews]\n  exportTo: ["."]')
    const m = analyze(BOOKINFO, REVIEWS_DR, mine, gatewayOnly, privateElsewhere)
    expect(withCode(m.checks('VirtualService bookinfo/reviews'), 'KIA1106')).toEqual([])
  })
})
