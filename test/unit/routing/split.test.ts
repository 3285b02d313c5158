import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { applySplit, planWrites, readSplit, setLocked, setWeight, splitProblems, type SplitState } from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS, obj, REVIEWS_DR, workloads } from './helpers.ts'

/** A VirtualService with everything the traffic-shifting wizard must not touch. */
const BUSY_VS = obj(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews-route
  namespace: bookinfo
  labels: { team: reviews, tier: backend }
  annotations: { owner: "reviews-team@example.com", kubectl.kubernetes.io/last-applied-configuration: "{}" }
  resourceVersion: "42"
spec:
  exportTo: [".", istio-system]
  hosts: [reviews, reviews.example.com]
  gateways: [mesh, bookinfo-gateway]
  x-team-notes: kept as written
  http:
  - name: api-v2
    match:
    - uri: { prefix: /api/v2 }
      sourceLabels: { app: productpage }
      queryParams: { debug: { exact: "1" } }
    rewrite: { uri: /api }
    route:
    - destination: { host: reviews, subset: v2, port: { number: 9080 } }
    timeout: 2s
  - name: default
    corsPolicy: { allowOrigins: [{ exact: "https://example.com" }] }
    retries: { attempts: 3, perTryTimeout: 1s, retryOn: "5xx,connect-failure" }
    route:
    - destination: { host: reviews, subset: v1 }
      weight: 90
      headers: { response: { set: { x-served-by: v1 } } }
    - destination: { host: reviews-legacy.legacy.svc.cluster.local }
      weight: 10
    mirror: { host: reviews, subset: v3 }
    mirrorPercentage: { value: 5 }
  tcp:
  - route: [{ destination: { host: reviews, port: { number: 9090 } } }]
  tls:
  - match: [{ sniHosts: [reviews.example.com] }]
    route: [{ destination: { host: reviews } }]
`)

const weights = (s: SplitState) => Object.fromEntries(s.rows.map((r) => [r.label, r.weight]))

describe('traffic shifting reads the route that takes every other call', () => {
  it('on the demo: v1 100 %, after the test-users rule, which it keeps', () => {
    const s = readSplit(ctxOf())
    expect(s.routeIndex).toBe(1)
    expect(weights(s)).toEqual({ v1: 100, v2: 0, v3: 0 })
    expect(s.preceding).toEqual([{ index: 0, summary: 'test-users: header end-user = jason → v2' }])
    expect(s.rows.find((r) => r.label === 'v3')).toMatchObject({ subset: 'v3', needsSubset: false, workloads: 1 })
  })

  it('slides v3 to 50 %: only the weights of that route change, and the test users still see v2', () => {
    const ctx = ctxOf()
    const s = readSplit(ctx)
    const after = applySplit(ctx, { ...s, rows: setWeight(s.rows, 'reviews|v3', 50) })
    expect(after.destinationRule).toBeUndefined()
    const vs = after.virtualService!.after!
    expect(vs.spec).toEqual({
      hosts: ['reviews'],
      http: [
        DEMO_VS.spec!.http && (DEMO_VS.spec!.http as unknown[])[0],
        { name: 'everyone-else', route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
          { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
        ] },
      ],
    })
    expect(vs.metadata).toEqual(DEMO_VS.metadata)
    expect(planWrites(after).map((w) => `${w.op} ${w.kind}`)).toEqual(['update VirtualService'])
  })

  it('covers every call when asked: the rules before it go, the diff shows it', () => {
    const ctx = ctxOf()
    const s = readSplit(ctx)
    const vs = applySplit(ctx, { ...s, scope: 'all', rows: setWeight(s.rows, 'reviews|v3', 50) }).virtualService!.after!
    expect((vs.spec!.http as { name?: string }[]).map((r) => r.name)).toEqual(['everyone-else'])
  })

  it('keeps every field it does not manage, in place, on a busy hand-written VirtualService', () => {
    const ctx = ctxOf({ virtualServices: [BUSY_VS] })
    const s = readSplit(ctx)
    expect(s.routeIndex).toBe(1)
    expect(weights(s)).toEqual({ v1: 90, 'reviews-legacy.legacy.svc.cluster.local': 10, v2: 0, v3: 0 })
    // The legacy share is locked: v3's 30 % comes out of v1 alone.
    const rows = setWeight(setLocked(s.rows, 'reviews-legacy.legacy.svc.cluster.local|', true), 'reviews|v3', 30)
    const vs = applySplit(ctx, { ...s, rows }).virtualService!.after!
    const expected = structuredClone(BUSY_VS) as ConfigObject & { spec: { http: { route: unknown[] }[] } }
    expected.spec.http[1].route = [
      { destination: { host: 'reviews', subset: 'v1' }, weight: 60, headers: { response: { set: { 'x-served-by': 'v1' } } } },
      { destination: { host: 'reviews-legacy.legacy.svc.cluster.local' }, weight: 10 },
      { destination: { host: 'reviews', subset: 'v3' }, weight: 30 },
    ]
    expect(vs).toEqual(expected)
    // Key order too: the YAML a person wrote keeps its shape.
    expect(JSON.stringify(Object.keys(vs.spec!))).toBe(JSON.stringify(Object.keys(BUSY_VS.spec!)))
    expect(Object.keys((vs.spec!.http as object[])[1])).toEqual(Object.keys((BUSY_VS.spec!.http as object[])[1]))
    expect(BUSY_VS.spec!['x-team-notes']).toBe('kept as written')
  })

  it('changes nothing when the weights are applied as read', () => {
    for (const vs of [DEMO_VS, BUSY_VS]) {
      const ctx = ctxOf({ virtualServices: [vs] })
      expect(planWrites(applySplit(ctx, readSplit(ctx)))).toEqual([])
    }
  })

  it('adds a subset for a version that has none, to the same DestinationRule, before the VirtualService', () => {
    const ctx = ctxOf({ workloads: workloads('v1', 'v2', 'v3', 'v4') })
    const s = readSplit(ctx)
    expect(s.rows.find((r) => r.label === 'v4')).toMatchObject({ needsSubset: true, key: 'version|v4' })
    const change = applySplit(ctx, { ...s, rows: setWeight(s.rows, 'version|v4', 10) })
    const dr = change.destinationRule!.after!
    expect((dr.spec!.subsets as unknown[]).at(-1)).toEqual({ name: 'v4', labels: { version: 'v4' } })
    expect(dr.metadata).toEqual(REVIEWS_DR.metadata)
    expect(((change.virtualService!.after!.spec!.http as { route: unknown[] }[])[1].route).at(-1)).toEqual({ destination: { host: 'reviews', subset: 'v4' }, weight: 10 })
    expect(planWrites(change).map((w) => `${w.op} ${w.kind}`)).toEqual(['update DestinationRule', 'update VirtualService'])
  })

  it('creates both objects for a service nobody routes yet, starting from an even split', () => {
    const ctx = ctxOf({ virtualServices: [], destinationRules: [] })
    const s = readSplit(ctx)
    expect(s.routeIndex).toBeUndefined()
    expect(weights(s)).toEqual({ v1: 34, v2: 33, v3: 33 })
    expect(s.notices[0].message).toMatch(/No VirtualService routes reviews yet/)
    const change = applySplit(ctx, { ...s, rows: setWeight(s.rows, 'version|v1', 100) })
    expect(change.destinationRule!.after).toEqual({
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    })
    expect(change.virtualService!.after).toEqual({
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
    })
    expect(planWrites(change).map((w) => `${w.op} ${w.kind}`)).toEqual(['create DestinationRule', 'create VirtualService'])
  })

  it('refuses weights that do not sum to 100', () => {
    const s = readSplit(ctxOf())
    expect(splitProblems(s)).toEqual([])
    const bad = { ...s, rows: s.rows.map((r) => ({ ...r, weight: 30 })) }
    expect(splitProblems(bad)).toEqual([{ field: 'weights', message: 'The weights sum to 90; they must be whole percentages summing to 100' }])
  })

  it('warns when the route as written does not sum to 100, and when traffic goes to a version nothing runs', () => {
    const vs = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 30 }
    - { destination: { host: reviews, subset: v3 }, weight: 30 }
`)
    const s = readSplit(ctxOf({ virtualServices: [vs], workloads: workloads('v1', 'v2') }))
    expect(s.notices.map((n) => n.message)).toEqual([
      'The weights of route 1: every call → v1 30%, v3 30% sum to 60, not 100; move a slider to rebalance',
      'v3 gets 30% but no workload runs it',
    ])
  })

  it('will not add a split after a route that takes every call without forwarding it', () => {
    const vs = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - redirect: { uri: /v2/reviews }
`)
    const s = readSplit(ctxOf({ virtualServices: [vs] }))
    expect(splitProblems(s)[0].message).toBe('route 1: every call → redirect takes every call without forwarding it, so a split after it would never apply; change that route first (Request routing)')
  })
})
