// The ramp's routing edits are round trips: only the catch-all route's destinations and the two
// subsets change; every other field of the user's VirtualService and DestinationRule survives.
import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { buildSnapshot } from '../../../server/mesh/model.ts'
import { catchAllRoute, rampRule, rampTarget, rampVirtualService, TrafficEditError, withSubsets, withWeights } from '../../../server/canary/traffic.ts'

const service: ConfigObject = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: { selector: { app: 'reviews' }, ports: [{ name: 'grpc', port: 9080 }] },
}

const vs: ConfigObject = {
  apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', labels: { team: 'reviews' }, annotations: { owner: 'alice' }, resourceVersion: '7' },
  spec: {
    hosts: ['reviews'],
    gateways: ['mesh'],
    http: [
      { name: 'test-users', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      {
        name: 'everyone-else',
        match: [{ uri: { prefix: '/' } }],
        timeout: '3s',
        retries: { attempts: 2, retryOn: 'unavailable' },
        fault: { delay: { fixedDelay: '5ms', percentage: { value: 1 } } },
        route: [
          { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1', port: { number: 9080 } }, weight: 90, headers: { request: { set: { x: '1' } } } },
          { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2', port: { number: 9080 } }, weight: 10 },
        ],
      },
      { name: 'never-reached', route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
    ],
    tcp: [{ route: [{ destination: { host: 'reviews' } }] }],
    exportTo: ['.'],
  },
}

const dr: ConfigObject = {
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
  metadata: { name: 'reviews-rule', namespace: 'bookinfo', resourceVersion: '3' },
  spec: {
    host: 'reviews.bookinfo.svc.cluster.local',
    trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, outlierDetection: { consecutive5xxErrors: 3 } },
    subsets: [
      { name: 'v1', labels: { version: 'v1', track: 'stable' }, trafficPolicy: { connectionPool: { http: { http2MaxRequests: 10 } } } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
}

const snapshot = buildSnapshot([service, vs, dr])
const target = rampTarget(snapshot, 'bookinfo', { service: 'reviews', stable: 'v1', canary: 'v3' })

describe('the ramp’s DestinationRule edit', () => {
  it('adds the missing subset from the version label and keeps everything else', () => {
    const next = withSubsets(dr, target)
    const expected = structuredClone(dr) as unknown as { spec: { subsets: unknown[] } }
    expected.spec.subsets.push({ name: 'v3', labels: { version: 'v3' } })
    expect(next).toEqual(expected)
    // Already there: the same content, so the controller writes nothing.
    expect(withSubsets(next, target)).toEqual(next)
    expect(dr.spec?.subsets).toHaveLength(2)
  })

  it('finds the rule by its resolved host and creates one when there is none', () => {
    expect(rampRule(snapshot, target)?.object.metadata.name).toBe('reviews-rule')
    expect(withSubsets(undefined, target)).toEqual({
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v3', labels: { version: 'v3' } }] },
    })
  })
})

describe('the ramp’s VirtualService edit', () => {
  it('changes only the destinations of the catch-all route, keeping route and destination fields', () => {
    expect(rampVirtualService(snapshot, target)?.object.metadata.name).toBe('reviews')
    const http = vs.spec?.http as Parameters<typeof catchAllRoute>[0]
    expect(catchAllRoute(http)).toBe(1)
    const next = withWeights(vs, target, 25)
    const expected = structuredClone(vs) as unknown as { spec: { http: Record<string, unknown>[] } }
    expected.spec.http[1].route = [
      { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1', port: { number: 9080 } }, weight: 75, headers: { request: { set: { x: '1' } } } },
      { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3', port: { number: 9080 } }, weight: 25 },
    ]
    expect(next).toEqual(expected)
    // The input is not touched, and applying the same weight again changes nothing.
    expect((vs.spec?.http as { route: unknown[] }[])[1].route).toHaveLength(2)
    expect(withWeights(next, target, 25)).toEqual(next)
    const back = withWeights(next, target, 0)
    expect((back.spec?.http as { route: { weight: number }[] }[])[1].route.map((d) => d.weight)).toEqual([100, 0])
  })

  it('appends a catch-all route when every route has conditions', () => {
    const only = structuredClone(vs)
    only.spec = { hosts: ['reviews'], http: [(vs.spec?.http as unknown[])[0]] }
    const next = withWeights(only, target, 10)
    expect(next.spec?.http).toEqual([
      (vs.spec?.http as unknown[])[0],
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 10 }] },
    ])
  })

  it('creates a VirtualService when the host has none', () => {
    expect(withWeights(undefined, target, 10)).toEqual({
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 10 }] }] },
    })
  })

  it('refuses to turn a catch-all redirect into destinations', () => {
    const redirecting = structuredClone(vs)
    redirecting.spec = { hosts: ['reviews'], http: [{ redirect: { uri: '/v2' } }] }
    expect(() => withWeights(redirecting, target, 10)).toThrow(TrafficEditError)
    expect(() => withWeights(redirecting, target, 10)).toThrow(/spec\/http\[0\] of VirtualService bookinfo\/reviews has a redirect/)
  })
})
