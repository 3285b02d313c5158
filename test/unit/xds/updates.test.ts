// grpc-js-xds applies an update only when its resourcesEqual(cached, update) says it changed, and
// that compare walks the cached resource's keys only. Every change between these variants must
// still be seen, or a client would keep routing by the old config.
import { describe, expect, it } from 'vitest'
import { TYPE_URL, type ResourceTypeUrl } from '../../../server/xds/protos.ts'
import { GENERATORS } from '../../../server/xds/generate/index.ts'
import { check, mesh, proxy, REVIEWS, unchangedForClient, type Checked } from './helpers.ts'

const SUBSETS = 'subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]'

function vs(http: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
${http}`
}

function dr(policy: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec: { host: reviews, ${policy}${policy ? ', ' : ''}${SUBSETS} }
`
}

const ROUTES = [
  '',
  vs('  - route: [{ destination: { host: reviews, subset: v1 } }]'),
  vs('  - route: [{ destination: { host: reviews, subset: v1 }, weight: 80 }, { destination: { host: reviews, subset: v2 }, weight: 20 }]'),
  vs('  - route: [{ destination: { host: reviews, subset: v1 }, weight: 50 }, { destination: { host: reviews, subset: v2 }, weight: 50 }]'),
  vs(`  - match: [{ headers: { end-user: { exact: tester } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]`),
  vs(`  - fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 50 } } }
    route: [{ destination: { host: reviews, subset: v1 } }]`),
  vs(`  - fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 50 } }, delay: { fixedDelay: 1s, percentage: { value: 50 } } }
    route: [{ destination: { host: reviews, subset: v1 } }]`),
  vs(`  - timeout: 2s
    retries: { attempts: 4, retryOn: unavailable }
    route: [{ destination: { host: reviews, subset: v1 } }]`),
]

const POLICIES = [
  '',
  'trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user } } }',
  'trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user, minimumRingSize: 4096 } } }',
  'trafficPolicy: { connectionPool: { http: { http2MaxRequests: 10 } } }',
  'trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } }',
  'trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, interval: 5s } }',
  'trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, interval: 5s, maxEjectionPercent: 50 } }',
]

function versions(typeUrl: ResourceTypeUrl, name: string, configs: string[][]): Checked[] {
  return configs.map((docs) => check(typeUrl, GENERATORS[typeUrl](mesh(...docs), proxy(), [name])[0]))
}

function expectEveryChangeSeen(typeUrl: ResourceTypeUrl, list: Checked[]): void {
  const hex = list.map((c) => Buffer.from(c.bytes).toString('hex'))
  let pairs = 0
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      if (hex[i] === hex[j]) continue
      pairs++
      expect(unchangedForClient(typeUrl, list[i], list[j]), `version ${i} → ${j}`).toBe(false)
    }
  }
  expect(pairs).toBeGreaterThan(list.length)
}

describe('every change reaches grpc-js-xds clients', () => {
  it('RouteConfigurations', () => {
    const configs = ROUTES.flatMap((r) => [[r, dr('')], [r, dr(POLICIES[1])]])
    expectEveryChangeSeen(TYPE_URL.route, versions(TYPE_URL.route, `outbound|9080||${REVIEWS}`, configs))
  })

  it('Clusters', () => {
    const configs = POLICIES.map((p) => [dr(p)])
    expectEveryChangeSeen(TYPE_URL.cluster, versions(TYPE_URL.cluster, `outbound|9080|v1|${REVIEWS}`, configs))
  })
})
