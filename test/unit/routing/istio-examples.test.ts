// Config shaped like Istio's own task examples (traffic shifting, request timeouts, circuit
// breaking, mirroring): every wizard reads them and writes them back unchanged, and an edit through
// one wizard leaves what the others manage as it was.
import { describe, expect, it } from 'vitest'
import {
  applyCircuit, applyFaults, applyRules, applySplit, applyTimeouts, planWrites, readCircuit, readFaults, readRules,
  readSplit, readTimeouts, routingContext, routingFlags, setWeight,
} from '../../../shared/routing/index.ts'
import { objs } from './helpers.ts'

const TASKS = objs(`
# Traffic shifting task: half to v3.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: 50
    - destination: { host: reviews, subset: v3 }
      weight: 50
---
# Request timeouts task: v2 with half a second.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-timeouts, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v2 }
    timeout: 0.5s
---
# Mirroring task: v1 serves, v2 sees a copy.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-mirror, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: 100
    mirror: { host: reviews, subset: v2 }
    mirrorPercentage: { value: 100.0 }
`)

const CIRCUIT_BREAKER_DR = objs(`
# Circuit breaking task.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
      tcp: { maxConnections: 1 }
      http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 }
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 3m
      maxEjectionPercent: 100
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
  - { name: v3, labels: { version: v3 } }
`)[0]

const target = { namespace: 'bookinfo', service: 'reviews', hostname: 'reviews.bookinfo.svc.cluster.local' }
const workloads = ['v1', 'v2', 'v3'].map((v) => ({ name: `reviews-${v}`, labels: { app: 'reviews', version: v } }))
const ctxFor = (i: number) => routingContext({ target, virtualServices: [TASKS[i]], destinationRules: [CIRCUIT_BREAKER_DR], workloads })

describe('Istio task examples', () => {
  it('read and written back by every wizard, unchanged', () => {
    for (let i = 0; i < TASKS.length; i++) {
      const ctx = ctxFor(i)
      expect(planWrites(applySplit(ctx, readSplit(ctx))), `split ${i}`).toEqual([])
      expect(planWrites(applyRules(ctx, readRules(ctx))), `rules ${i}`).toEqual([])
      expect(planWrites(applyFaults(ctx, readFaults(ctx))), `faults ${i}`).toEqual([])
      expect(planWrites(applyTimeouts(ctx, readTimeouts(ctx))), `timeouts ${i}`).toEqual([])
      expect(planWrites(applyCircuit(ctx, readCircuit(ctx))), `circuit ${i}`).toEqual([])
    }
  })

  it('reads the traffic-shifting task as 50/50 and the timeouts task as one route with its timeout', () => {
    expect(readSplit(ctxFor(0)).rows.map((r) => [r.label, r.weight])).toEqual([['v1', 50], ['v3', 50], ['v2', 0]])
    expect(readTimeouts(ctxFor(1))[0].state.timeout).toBe('0.5s')
    expect(readCircuit(ctxFor(0))).toEqual({
      pool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
      outlier: { enabled: true, consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
    })
  })

  it('a shift on the mirroring example keeps the mirror, and flags it as before (not new)', () => {
    const ctx = ctxFor(2)
    const s = readSplit(ctx)
    const change = applySplit(ctx, { ...s, rows: setWeight(s.rows, 'reviews|v3', 20) })
    const route = (change.virtualService!.after!.spec!.http as Record<string, unknown>[])[0]
    expect(route.mirror).toEqual({ host: 'reviews', subset: 'v2' })
    expect(route.mirrorPercentage).toEqual({ value: 100 })
    const flags = routingFlags(change)
    expect(flags.map((f) => `${f.path} ${f.introduced}`)).toEqual(['spec/http[0]/mirror false', 'spec/http[0]/mirrorPercentage false'])
  })

  it('a timeout edit on the timeouts example changes only the timeout line', () => {
    const ctx = ctxFor(1)
    const routes = readTimeouts(ctx)
    routes[0].state.timeout = '2s'
    const [w] = planWrites(applyTimeouts(ctx, routes))
    expect(w.after!.spec).toEqual({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '2s' }] })
  })

  it('the circuit-breaking task\'s settings gRPC clients ignore are flagged, http2MaxRequests is not', () => {
    const ctx = ctxFor(0)
    const s = readCircuit(ctx)
    const flags = routingFlags(applyCircuit(ctx, { ...s, pool: { ...s.pool, http2MaxRequests: 10 } }))
    expect(flags.map((f) => `${f.severity} ${f.path}${f.introduced ? ' new' : ''}`)).toEqual([
      'warning spec/trafficPolicy/connectionPool/tcp/maxConnections',
      'warning spec/trafficPolicy/connectionPool/http/http1MaxPendingRequests',
      'warning spec/trafficPolicy/connectionPool/http/maxRequestsPerConnection',
      'info spec/trafficPolicy/outlierDetection',
    ])
  })
})
