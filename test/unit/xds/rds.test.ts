import { describe, expect, it } from 'vitest'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { generate, mesh, one, proxy, RATINGS, REVIEWS, REVIEWS_SUBSETS, routedCluster, unchangedForClient } from './helpers.ts'

const ROUTE = TYPE_URL.route
const REVIEWS_ROUTE = `outbound|9080||${REVIEWS}`
const v = (subset: string) => `outbound|9080|${subset}|${REVIEWS}`

function vs(http: string, extra = ''): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
${extra}
  http:
${http}
`
}

type Json = Record<string, any>
const routesOf = (json: Json): Json[] => json.virtualHosts[0].routes

describe('RDS: route configurations', () => {
  it('routes every call to the whole service when no VirtualService applies, with Istio\'s default retries', () => {
    const rc = one(ROUTE, mesh(), `outbound|9080||${RATINGS}`)
    expect(rc.json.name).toBe(`outbound|9080||${RATINGS}`)
    const vh = (rc.json as Json).virtualHosts[0]
    expect(vh.domains).toEqual([
      `${RATINGS}:9080`, 'ratings.bookinfo.svc:9080', 'ratings.bookinfo:9080', 'ratings:9080',
    ])
    expect(vh.routes).toEqual([{
      name: 'default',
      match: { prefix: '/' },
      route: {
        cluster: `outbound|9080||${RATINGS}`,
        retryPolicy: {
          retryOn: 'cancelled,unavailable',
          numRetries: { value: 2 },
          retryBackOff: { baseInterval: { nanos: 25_000_000 } },
        },
      },
    }])
    expect(routedCluster(rc.parsed, '/ratings.Ratings/Get')).toBe(`outbound|9080||${RATINGS}`)
  })

  it('lists only the spellings a client in another namespace can dial', () => {
    const rc = one(ROUTE, mesh(), REVIEWS_ROUTE, proxy({ namespace: 'shop' }))
    expect((rc.json as Json).virtualHosts[0].domains).toEqual([`${REVIEWS}:9080`, 'reviews.bookinfo.svc:9080', 'reviews.bookinfo:9080'])
  })

  it('splits traffic 80/20 between subsets', () => {
    const rc = one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 80 }
    - { destination: { host: reviews, subset: v2 }, weight: 20 }
`)), REVIEWS_ROUTE)
    expect(routesOf(rc.json)[0].route.weightedClusters).toEqual({
      clusters: [{ name: v('v1'), weight: { value: 80 } }, { name: v('v2'), weight: { value: 20 } }],
    })
  })

  it('leaves out zero-weight destinations while others carry weight, and never sends weights summing to 0', () => {
    const single = one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 100 }
    - { destination: { host: reviews, subset: v2 }, weight: 0 }
`)), REVIEWS_ROUTE)
    expect(routesOf(single.json)[0].route).toMatchObject({ cluster: v('v1') })
    const even = one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - route:
    - { destination: { host: reviews, subset: v1 } }
    - { destination: { host: reviews, subset: v2 } }
`)), REVIEWS_ROUTE)
    expect(routesOf(even.json)[0].route.weightedClusters.clusters.map((c: Json) => c.weight.value)).toEqual([1, 1])
  })

  it('sends a tester to v2 by header and everyone else to v1, ignoring routes after the catch-all', () => {
    const rc = one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - match: [{ headers: { end-user: { exact: tester } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
  - route: [{ destination: { host: reviews, subset: v3 } }]
`)), REVIEWS_ROUTE)
    const routes = routesOf(rc.json)
    expect(routes).toHaveLength(2)
    expect(routes[0].match).toEqual({ prefix: '/', headers: [{ name: 'end-user', stringMatch: { exact: 'tester' } }] })
    expect(routes[1].match).toEqual({ prefix: '/' })
    expect(routedCluster(rc.parsed, '/reviews.Reviews/Get', { 'end-user': 'tester' })).toBe(v('v2'))
    expect(routedCluster(rc.parsed, '/reviews.Reviews/Get', { 'end-user': 'someone' })).toBe(v('v1'))
    expect(routedCluster(rc.parsed, '/reviews.Reviews/Get')).toBe(v('v1'))
  })

  it('translates uri matches, case-insensitivity, withoutHeaders and one route per match entry', () => {
    const rc = one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - match:
    - { uri: { prefix: /reviews.Reviews/ }, ignoreUriCase: true }
    - { uri: { exact: /reviews.Admin/Drain } }
    - { uri: { regex: '/reviews\\.Reviews/(Get|List)' }, withoutHeaders: { x-canary: {} } }
    route: [{ destination: { host: reviews, subset: v3 } }]
`)), REVIEWS_ROUTE)
    expect(routesOf(rc.json).map((r) => r.match)).toEqual([
      { prefix: '/reviews.Reviews/', caseSensitive: { value: false } },
      { path: '/reviews.Admin/Drain' },
      { safeRegex: { regex: '/reviews\\.Reviews/(Get|List)' }, headers: [{ name: 'x-canary', presentMatch: true, invertMatch: true }] },
    ])
    expect(routedCluster(rc.parsed, '/REVIEWS.REVIEWS/Get')).toBe(v('v3'))
    expect(routedCluster(rc.parsed, '/ratings.Ratings/Get')).toBeUndefined()
  })

  it('sets the timeout and retries, mapping Istio conditions to gRPC statuses', () => {
    const rc = one(ROUTE, mesh(vs(`
  - timeout: 1.5s
    retries: { attempts: 3, perTryTimeout: 500ms, retryOn: '5xx,gateway-error,reset,deadline-exceeded,retriable-4xx' }
    route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    const route = routesOf(rc.json)[0].route
    expect(route.maxStreamDuration).toEqual({ maxStreamDuration: { seconds: '1', nanos: 500_000_000 } })
    expect(route.retryPolicy).toEqual({
      retryOn: 'deadline-exceeded,unavailable',
      numRetries: { value: 3 },
      perTryTimeout: { nanos: 500_000_000 },
      retryBackOff: { baseInterval: { nanos: 25_000_000 } },
    })
  })

  it('sends no retry policy when attempts is 0 or no condition has a gRPC meaning', () => {
    const rc = one(ROUTE, mesh(vs(`
  - match: [{ uri: { prefix: /a } }]
    retries: { attempts: 0 }
    route: [{ destination: { host: reviews } }]
  - retries: { attempts: 2, retryOn: retriable-4xx }
    route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    for (const r of routesOf(rc.json)) expect(r.route.retryPolicy).toBeUndefined()
  })

  it('injects an abort for half the calls and a fixed delay, per route', () => {
    const rc = one(ROUTE, mesh(vs(`
  - fault:
      abort: { grpcStatus: UNAVAILABLE, percentage: { value: 50 } }
      delay: { fixedDelay: 5s, percentage: { value: 0.1 } }
    route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    expect(routesOf(rc.json)[0].typedPerFilterConfig).toEqual({
      'envoy.filters.http.fault': {
        '@type': TYPE_URL.fault,
        delay: { fixedDelay: { seconds: '5' }, percentage: { numerator: 1000, denominator: 'MILLION' } },
        abort: { grpcStatus: 14, percentage: { numerator: 50, denominator: 'HUNDRED' } },
      },
    })
  })

  it('writes an unset fault percentage as 0% (grpc-js NACKs a fault without one)', () => {
    const rc = one(ROUTE, mesh(vs(`
  - fault: { abort: { httpStatus: 503 } }
    route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    expect(routesOf(rc.json)[0].typedPerFilterConfig['envoy.filters.http.fault'].abort).toEqual({
      httpStatus: 503, percentage: { numerator: 0, denominator: 'HUNDRED' },
    })
  })

  it('hashes on the header of the destination rule\'s consistent hash', () => {
    const rc = one(ROUTE, mesh(vs(`
  - route: [{ destination: { host: reviews, subset: v1 } }]
`), `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user } } }
  subsets: [{ name: v1, labels: { version: v1 } }]
`), REVIEWS_ROUTE)
    expect(routesOf(rc.json)[0].route.hashPolicy).toEqual([{ header: { headerName: 'x-user' } }])
  })

  it('settles source and port conditions for this proxy, and leaves out entries a gRPC client cannot evaluate', () => {
    const routes = (p = proxy()) => routesOf(one(ROUTE, mesh(REVIEWS_SUBSETS, vs(`
  - match: [{ sourceLabels: { app: productpage } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - match: [{ port: 9443 }]
    route: [{ destination: { host: reviews, subset: v3 } }]
  - match: [{ method: { exact: POST } }]
    route: [{ destination: { host: reviews, subset: v3 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
`)), REVIEWS_ROUTE, p).json).map((r) => r.route.cluster)
    expect(routes()).toEqual([v('v2')])
    expect(routes(proxy({ labels: { app: 'details' } }))).toEqual([v('v1')])
  })

  it('gives a port the destination port of the route, else the service\'s only port, else its own', () => {
    const rc = one(ROUTE, mesh(vs(`
  - match: [{ uri: { prefix: /a } }]
    route: [{ destination: { host: ratings } }]
  - match: [{ uri: { prefix: /b } }]
    route: [{ destination: { host: reviews, port: { number: 9443 } } }]
  - route: [{ destination: { host: reviews } }]
`)), `outbound|9443||${REVIEWS}`)
    expect(routesOf(rc.json).map((r) => r.route.cluster)).toEqual([
      `outbound|9080||${RATINGS}`, `outbound|9443||${REVIEWS}`, `outbound|9443||${REVIEWS}`,
    ])
  })

  it('falls back to the default route when none of the VirtualService\'s routes applies', () => {
    const rc = one(ROUTE, mesh(vs(`
  - match: [{ port: 9443 }]
    route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    expect(routesOf(rc.json).map((r) => r.name)).toEqual(['default'])
  })

  it('makes every change visible to grpc-js-xds, whose update check misses a route gaining a fault', () => {
    const config = (fault: string) => one(ROUTE, mesh(vs(`
  - ${fault}route: [{ destination: { host: reviews } }]
`)), REVIEWS_ROUTE)
    const versions = [
      config(''),
      config('fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 100 } } }\n    '),
      config('fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 100 } }, delay: { fixedDelay: 1s, percentage: { value: 5 } } }\n    '),
      config(''),
    ]
    for (let i = 1; i < versions.length; i++) expect(unchangedForClient(ROUTE, versions[i - 1], versions[i])).toBe(false)
    expect(unchangedForClient(ROUTE, versions[0], config(''))).toBe(true)
    expect((versions[0].json as Json).virtualHosts[0].name).toMatch(new RegExp(`^${REVIEWS}:9080#[0-9a-f]{12}$`))
  })

  it('leaves out unknown and malformed names, and serves every service port to a wildcard request', () => {
    const snapshot = mesh()
    expect(generate(ROUTE, snapshot, [
      `outbound|9999||${REVIEWS}`, 'outbound|9080||nope.bookinfo.svc.cluster.local', `outbound|9080|v1|${REVIEWS}`, 'reviews:9080',
    ])).toEqual([])
    expect(generate(ROUTE, snapshot, []).map((r) => r.name)).toEqual([
      'outbound|9080||details.bookinfo.svc.cluster.local',
      'outbound|9080||productpage.bookinfo.svc.cluster.local',
      `outbound|9080||${RATINGS}`,
      REVIEWS_ROUTE,
      `outbound|9443||${REVIEWS}`,
    ])
  })
})
