import { describe, expect, it } from 'vitest'
import {
  applyCircuit, applyFaults, applyRemove, applyTimeouts, circuitProblems, defaultRemoveOptions, faultProblems,
  planWrites, readCircuit, readFaults, readTimeouts, timeoutProblems,
} from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS, obj, REVIEWS_DR } from './helpers.ts'

/** Istio's fault-injection task, with a legacy integer percent. */
const RATINGS_STYLE_FAULT = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - match: [{ headers: { end-user: { exact: jason } } }]
    fault:
      delay: { percent: 100, fixedDelay: 7s }
    route: [{ destination: { host: reviews, subset: v1 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
    timeout: 3s
    retries: { attempts: 3, perTryTimeout: 2s, retryOn: "gateway-error,connect-failure,refused-stream", retryRemoteLocalities: true }
`)

const DR_WITH_POLICY = obj(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo, annotations: { note: keep } }
spec:
  host: reviews
  trafficPolicy:
    loadBalancer: { simple: ROUND_ROBIN }
    connectionPool:
      tcp: { maxConnections: 100, tcpKeepalive: { time: 7200s } }
      http: { http2MaxRequests: 1000, idleTimeout: 30s }
    tls: { mode: ISTIO_MUTUAL }
  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy: { connectionPool: { http: { http2MaxRequests: 5 } } }
  exportTo: ["."]
`)

describe('fault injection', () => {
  it('reads each forwarding route\'s fault, the legacy percent included, and writes back nothing when unchanged', () => {
    const ctx = ctxOf({ virtualServices: [RATINGS_STYLE_FAULT] })
    const routes = readFaults(ctx)
    expect(routes.map((r) => [r.index, r.state.delay.enabled, r.state.delay.fixedDelay, r.state.delay.percent])).toEqual([
      [0, true, '7s', 100], [1, false, '5s', 100],
    ])
    expect(planWrites(applyFaults(ctx, routes))).toEqual([])
  })

  it('writes a delay and an abort on one route, percentage instead of the legacy percent, other fields untouched', () => {
    const ctx = ctxOf({ virtualServices: [RATINGS_STYLE_FAULT] })
    const routes = readFaults(ctx)
    routes[0].state.delay.percent = 50
    routes[1].state.abort = { enabled: true, kind: 'grpc', httpStatus: 503, grpcStatus: 'UNAVAILABLE', percent: 10 }
    const http = applyFaults(ctx, routes).virtualService!.after!.spec!.http as Record<string, unknown>[]
    expect(http[0].fault).toEqual({ delay: { fixedDelay: '7s', percentage: { value: 50 } } })
    expect(http[1]).toEqual({ ...(RATINGS_STYLE_FAULT.spec!.http as object[])[1], fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 10 } } } })
    // Turning both off removes the fault entirely.
    routes[0].state.delay.enabled = false
    const cleared = applyFaults(ctx, routes).virtualService!.after!.spec!.http as Record<string, unknown>[]
    expect(cleared[0]).not.toHaveProperty('fault')
  })

  it('with no VirtualService, adds one route to the whole service carrying the fault', () => {
    const ctx = ctxOf({ virtualServices: [] })
    const routes = readFaults(ctx)
    expect(routes).toHaveLength(1)
    expect(routes[0].index).toBeUndefined()
    routes[0].state.abort = { enabled: true, kind: 'http', httpStatus: 503, grpcStatus: '', percent: 100 }
    expect(applyFaults(ctx, routes).virtualService!.after!.spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }], fault: { abort: { httpStatus: 503, percentage: { value: 100 } } } }],
    })
  })

  it('names bad values', () => {
    const routes = readFaults(ctxOf())
    routes[1].state.delay = { enabled: true, fixedDelay: 'soon', percent: 120 }
    routes[1].state.abort = { enabled: true, kind: 'http', httpStatus: 99, grpcStatus: '', percent: 5 }
    expect(faultProblems(routes).map((p) => p.message)).toEqual([
      'everyone-else: every call → v1: the delay "soon" is not a duration such as 1.5s, 100ms or 1h2m3s',
      'everyone-else: every call → v1: the share of delayed calls must be a percentage from 0 to 100, got 120',
      'everyone-else: every call → v1: the abort status must be an HTTP status from 200 to 599, got 99',
    ])
  })
})

describe('timeouts and retries', () => {
  it('reads default, off and custom retries; unchanged writes nothing', () => {
    const ctx = ctxOf({ virtualServices: [RATINGS_STYLE_FAULT] })
    const routes = readTimeouts(ctx)
    expect(routes[0].state).toEqual({ timeout: '', retries: { mode: 'default', attempts: 2, perTryTimeout: '', retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'] } })
    expect(routes[1].state).toEqual({ timeout: '3s', retries: { mode: 'custom', attempts: 3, perTryTimeout: '2s', retryOn: ['gateway-error', 'connect-failure', 'refused-stream'] } })
    expect(planWrites(applyTimeouts(ctx, routes))).toEqual([])
  })

  it('edits attempts and conditions, keeping the fields it does not show; off writes attempts 0; default removes retries', () => {
    const ctx = ctxOf({ virtualServices: [RATINGS_STYLE_FAULT] })
    const routes = readTimeouts(ctx)
    routes[1].state.retries.attempts = 5
    routes[1].state.retries.retryOn = ['unavailable']
    routes[1].state.timeout = ''
    routes[0].state.retries.mode = 'off'
    const http = applyTimeouts(ctx, routes).virtualService!.after!.spec!.http as Record<string, unknown>[]
    expect(http[1]).toEqual({ route: [{ destination: { host: 'reviews', subset: 'v1' } }], retries: { attempts: 5, perTryTimeout: '2s', retryOn: 'unavailable', retryRemoteLocalities: true } })
    expect(http[0].retries).toEqual({ attempts: 0 })
    routes[1].state.retries.mode = 'default'
    expect((applyTimeouts(ctx, routes).virtualService!.after!.spec!.http as Record<string, unknown>[])[1]).not.toHaveProperty('retries')
  })

  it('names bad values', () => {
    const routes = readTimeouts(ctxOf({ virtualServices: [DEMO_VS] }))
    routes[0].state.timeout = '10 seconds'
    routes[0].state.retries = { mode: 'custom', attempts: 0, perTryTimeout: '1s', retryOn: ['Bad Condition'] }
    expect(timeoutProblems(routes).map((p) => p.field)).toEqual(['routes[0].timeout', 'routes[0].retries.attempts', 'routes[0].retries.retryOn'])
  })
})

describe('circuit breaking and outlier detection', () => {
  it('edits only the pool settings and outlier detection it shows', () => {
    const ctx = ctxOf({ destinationRules: [DR_WITH_POLICY] })
    const s = readCircuit(ctx)
    expect(s).toEqual({ pool: { maxConnections: 100, http2MaxRequests: 1000 }, outlier: { enabled: false } })
    expect(planWrites(applyCircuit(ctx, s))).toEqual([])
    const dr = applyCircuit(ctx, {
      pool: { http2MaxRequests: 10, http1MaxPendingRequests: 1 },
      outlier: { enabled: true, consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
    }).destinationRule!.after!
    expect(dr).toEqual({
      ...DR_WITH_POLICY,
      spec: {
        host: 'reviews',
        trafficPolicy: {
          loadBalancer: { simple: 'ROUND_ROBIN' },
          connectionPool: {
            tcp: { tcpKeepalive: { time: '7200s' } },
            http: { http2MaxRequests: 10, idleTimeout: '30s', http1MaxPendingRequests: 1 },
          },
          tls: { mode: 'ISTIO_MUTUAL' },
          outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
        },
        subsets: (DR_WITH_POLICY.spec as { subsets: unknown }).subsets,
        exportTo: ['.'],
      },
    })
  })

  it('creates the rule when there is none, the policy right after the host', () => {
    const ctx = ctxOf({ destinationRules: [] })
    const dr = applyCircuit(ctx, { pool: { http2MaxRequests: 1 }, outlier: { enabled: false } }).destinationRule!.after!
    expect(dr.spec).toEqual({ host: 'reviews', trafficPolicy: { connectionPool: { http: { http2MaxRequests: 1 } } } })
    expect(planWrites(applyCircuit(ctx, readCircuit(ctx)))).toEqual([])
  })

  it('names bad values', () => {
    expect(circuitProblems({ pool: { maxConnections: -1, connectTimeout: '1 s' }, outlier: { enabled: true, maxEjectionPercent: 150 } }).map((p) => p.message)).toEqual([
      'maxConnections must be a whole number of at least 0, got -1',
      'connectTimeout: "1 s" is not a duration such as 1.5s, 100ms or 1h2m3s',
      'maxEjectionPercent is a percentage (0–100), got 150',
    ])
  })
})

describe('removing routing', () => {
  it('deletes a VirtualService that only routes this service, by default', () => {
    const ctx = ctxOf()
    expect(defaultRemoveOptions(ctx)).toEqual({ virtualService: 'delete', destinationRule: 'keep' })
    expect(planWrites(applyRemove(ctx, defaultRemoveOptions(ctx))).map((w) => `${w.op} ${w.kind}`)).toEqual(['delete VirtualService'])
  })

  it('takes out only this service\'s routes from a VirtualService that does more', () => {
    const shared = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shared, namespace: bookinfo }
spec:
  hosts: [reviews, ratings]
  http:
  - match: [{ headers: { x-ratings: { exact: "1" } } }]
    route: [{ destination: { host: ratings } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
`)
    const ctx = ctxOf({ virtualServices: [shared] })
    expect(defaultRemoveOptions(ctx).virtualService).toBe('routes')
    const [w] = planWrites(applyRemove(ctx, defaultRemoveOptions(ctx)))
    expect(w.op).toBe('update')
    expect(w.after!.spec!.http).toEqual([(shared.spec!.http as unknown[])[0]])
  })

  it('removes the DestinationRule\'s circuit breaking and outlier detection, or the rule, after the VirtualService', () => {
    const ctx = ctxOf({ destinationRules: [DR_WITH_POLICY] })
    const policy = planWrites(applyRemove(ctx, { virtualService: 'keep', destinationRule: 'policy' }))
    expect(policy[0].after!.spec!.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' }, tls: { mode: 'ISTIO_MUTUAL' } })
    expect(planWrites(applyRemove(ctxOf({ destinationRules: [REVIEWS_DR] }), { virtualService: 'delete', destinationRule: 'delete' })).map((w) => `${w.op} ${w.kind}`))
      .toEqual(['delete VirtualService', 'delete DestinationRule'])
  })
})
