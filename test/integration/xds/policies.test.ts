// Traffic policies as a caller observes them: fault injection (abort, delay), route timeouts,
// retries, outlier detection and circuit breaking. Two Echo workloads (echo-a, echo-b, both v1)
// whose behaviour the tests set (latency, failures), and one long-lived caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallSummary } from '../../fixtures/workloads/call-stats.ts'
import { destinationRule, service, to, virtualService, type Obj } from './config.ts'
import { CDS, Mesh, RDS, show, sleep, type Caller, type Workload } from './mesh.ts'

const NS = 'policies'
const HOST = 'echo'

describe('traffic policies observed by a proxyless gRPC caller', () => {
  let mesh: Mesh
  let caller: Caller
  let a: Workload
  let b: Workload

  /** Replaces the VirtualService's one http route (merge patch) and waits for the caller's ACK. */
  const route = (http: Obj) => mesh.change([caller.nodeId], RDS, () =>
    mesh.mustMergePatch('VirtualService', HOST, { spec: { http: [{ route: [to(HOST)], ...http }] } }))
  /** Replaces the DestinationRule's traffic policy and waits for the caller's ACK of its clusters. */
  const policy = (trafficPolicy: Obj | null) => mesh.change([caller.nodeId], CDS, () =>
    mesh.mustMergePatch('DestinationRule', HOST, { spec: { trafficPolicy } }))
  /** Calls that reached either backend (served or failed on purpose) while `run` ran. */
  const backendCalls = async (run: () => Promise<CallSummary>): Promise<{ summary: CallSummary; reached: number }> => {
    const before = (await a.calls()) + (await b.calls())
    const summary = await run()
    return { summary, reached: (await a.calls()) + (await b.calls()) - before }
  }

  beforeAll(async () => {
    mesh = await Mesh.start({
      namespace: NS,
      objects: [
        service(NS, HOST),
        destinationRule(NS, HOST, { subsets: [{ name: 'a', labels: { instance: 'a' } }, { name: 'b', labels: { instance: 'b' } }] }),
        virtualService(NS, HOST, [{ route: [to(HOST)] }]),
      ],
    })
    ;[caller, a, b] = await Promise.all([
      mesh.caller('policies-caller', HOST),
      mesh.workload('echo-a', { version: 'v1', labels: { instance: 'a' } }),
      mesh.workload('echo-b', { version: 'v1', labels: { instance: 'b' } }),
    ])
    const warm = await caller.run({ calls: 20, concurrency: 4, deadlineMs: 5_000 })
    expect(warm.ok, show(warm)).toBe(20)
  })

  afterAll(async () => {
    await mesh?.close()
  })

  it('a 50% abort fault fails 50% ±7% of 1,000 calls with UNAVAILABLE, before they reach a backend', async () => {
    await route({ fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 50 } } } })
    const { summary: s, reached } = await backendCalls(() => caller.run({ calls: 1_000, concurrency: 10 }))
    console.info(`[policies] abort 50%: ${JSON.stringify(s.byStatus)}, ${reached} reached a backend; ${JSON.stringify(s.errors)}`)
    expect(Object.keys(s.byStatus).sort(), show(s)).toEqual(['OK', 'UNAVAILABLE'])
    expect(s.byStatus.UNAVAILABLE / s.calls, show(s)).toBeGreaterThanOrEqual(0.43)
    expect(s.byStatus.UNAVAILABLE / s.calls, show(s)).toBeLessThanOrEqual(0.57)
    expect(reached).toBe(s.ok)
  }, 20_000)

  it('a 200 ms fixed delay at 100% shows in every call\'s latency', async () => {
    await route({})
    const plain = await caller.run({ calls: 50, concurrency: 10 })
    await route({ fault: { delay: { fixedDelay: '200ms', percentage: { value: 100 } } } })
    const delayed = await caller.run({ calls: 50, concurrency: 10 })
    console.info(`[policies] latency without delay ${JSON.stringify(plain.latencyMs)}, with 200ms delay ${JSON.stringify(delayed.latencyMs)}`)
    expect(plain.ok, show(plain)).toBe(50)
    expect(delayed.ok, show(delayed)).toBe(50)
    expect(plain.latencyMs.p90).toBeLessThan(100)
    expect(delayed.latencyMs.p50).toBeGreaterThanOrEqual(200)
    expect(delayed.latencyMs.max).toBeLessThan(200 + 300)
    // The summary has no minimum: a deadline just under the delay shows that no call escapes it.
    const quick = await caller.run({ calls: 20, concurrency: 10, deadlineMs: 190 })
    expect(quick.byStatus, show(quick)).toEqual({ DEADLINE_EXCEEDED: 20 })
  }, 20_000)

  it('a 100 ms route timeout against a backend answering in 500 ms surfaces DEADLINE_EXCEEDED at ~100 ms', async () => {
    await Promise.all([a.behave({ latencyMs: 500 }), b.behave({ latencyMs: 500 })])
    try {
      await route({ timeout: '100ms' })
      const s = await caller.run({ calls: 20, concurrency: 10, deadlineMs: 5_000 })
      console.info(`[policies] timeout 100ms vs 500ms backend: ${JSON.stringify(s.byStatus)} latency ${JSON.stringify(s.latencyMs)}`)
      expect(s.byStatus, show(s)).toEqual({ DEADLINE_EXCEEDED: 20 })
      expect(s.latencyMs.p50).toBeGreaterThanOrEqual(95)
      expect(s.latencyMs.max).toBeLessThan(400)
    } finally {
      await Promise.all([a.behave({}), b.behave({})])
    }
  }, 20_000)

  it('retries (attempts 3 on unavailable) recover from a backend failing every other call; without retries half fail', async () => {
    await a.behave({ failEvery: 2 })
    try {
      // One backend, one call at a time: "every other call" is then exactly every other call the
      // backend gets, retries included. (Two such backends with 4 calls in flight make each attempt
      // a coin toss: 1 - 1/2^4 ≈ 94% succeed with 3 retries, whatever the control plane does.)
      // attempts: 0 turns retries off; leaving `retries` out would give Istio's default policy.
      await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, {
        spec: { http: [{ route: [to(HOST, 'a')], retries: { attempts: 0 } }] },
      }))
      const without = await caller.run({ calls: 100 })
      await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, {
        spec: { http: [{ route: [to(HOST, 'a')], retries: { attempts: 3, retryOn: 'unavailable' } }] },
      }))
      const withRetries = await caller.run({ calls: 100 })
      console.info(`[policies] failEvery 2: without retries ${JSON.stringify(without.byStatus)}, with retries ${JSON.stringify(withRetries.byStatus)}`)
      expect(without.ok / without.calls, show(without)).toBeGreaterThanOrEqual(0.45)
      expect(without.ok / without.calls, show(without)).toBeLessThanOrEqual(0.55)
      expect(without.byStatus.UNAVAILABLE, show(without)).toBe(without.failed)
      expect(withRetries.ok / withRetries.calls, show(withRetries)).toBeGreaterThanOrEqual(0.99)
      expect(withRetries.byPod, show(withRetries)).toEqual({ [a.name]: withRetries.ok })
    } finally {
      await a.behave({})
    }
  }, 30_000)

  it('outlier detection ejects the endpoint that always fails: the tail of the calls has no failures', async () => {
    await route({ retries: { attempts: 0 } })
    await b.behave({ failAlways: true })
    try {
      await policy({ outlierDetection: { consecutive5xxErrors: 3, interval: '1s', baseEjectionTime: '30s', maxEjectionPercent: 100 } })
      const t0 = performance.now()
      const first = await caller.run({ calls: 100, concurrency: 2 })
      // Until the failing endpoint is ejected (an interval or two), about every other call fails.
      expect(first.failed / first.calls, show(first)).toBeGreaterThanOrEqual(0.3)
      let ejectedAfter: number | undefined
      const batches: number[] = [first.failed]
      while (performance.now() - t0 < 8_000) {
        const s = await caller.run({ calls: 100, concurrency: 2 })
        batches.push(s.failed)
        if (s.failed === 0) {
          ejectedAfter = performance.now() - t0
          break
        }
        await sleep(100)
      }
      expect(ejectedAfter, `failures per 100-call batch: ${batches.join(', ')}`).toBeDefined()
      const tail = await caller.run({ calls: 1_000, concurrency: 4 })
      console.info(`[policies] outlier detection: failures per batch ${batches.join(', ')}; no failure after ${ejectedAfter?.toFixed(0)} ms; ` +
        `tail ${JSON.stringify(tail.byStatus)} by pod ${JSON.stringify(tail.byPod)}`)
      expect(tail.failed, show(tail)).toBe(0)
      expect(tail.byPod, show(tail)).toEqual({ [a.name]: 1_000 })
    } finally {
      await b.behave({})
    }
  }, 30_000)

  it('a circuit breaker of 2 requests fails calls beyond it fast: 20 in flight against a slow backend', async () => {
    const latencyMs = 500
    const burster = await mesh.burstCaller('policies-burst', HOST)
    // Its first call makes the channel subscribe (LDS, RDS, CDS, EDS) and connect.
    const warm = await burster.burst({ calls: 2, deadlineMs: 5_000 })
    expect(warm.map((c) => c.status), JSON.stringify(warm)).toEqual(['OK', 'OK'])
    await Promise.all([a.behave({ latencyMs }), b.behave({ latencyMs })])
    try {
      await mesh.change([caller.nodeId, burster.nodeId], CDS, () => mesh.mustMergePatch('DestinationRule', HOST, {
        spec: { trafficPolicy: { outlierDetection: null, connectionPool: { http: { http2MaxRequests: 2 } } } },
      }))
      const before = (await a.calls()) + (await b.calls())
      const calls = await burster.burst({ calls: 20, deadlineMs: 5_000 })
      const reached = (await a.calls()) + (await b.calls()) - before
      const ok = calls.filter((c) => c.status === 'OK')
      const fastFailures = calls.filter((c) => c.status === 'UNAVAILABLE' && c.latencyMs < latencyMs / 2)
      console.info(`[policies] circuit breaker 2, 20 in flight: ${ok.length} OK at ${ok.map((c) => c.latencyMs.toFixed(0)).join('/')} ms, ` +
        `${fastFailures.length} UNAVAILABLE within ${latencyMs / 2} ms (slowest ${Math.max(...fastFailures.map((c) => c.latencyMs)).toFixed(1)} ms); ` +
        `${reached} reached a backend`)
      expect(ok.length, JSON.stringify(calls)).toBe(2)
      expect(fastFailures.length, JSON.stringify(calls)).toBe(18)
      // grpc-js's words for a call the circuit breaker dropped.
      expect(new Set(fastFailures.map((c) => c.details))).toEqual(new Set(['Call dropped by load balancing policy.']))
      // Only the calls under the cap ever reached a backend: never more than two in flight there.
      expect(reached).toBe(2)
    } finally {
      await Promise.all([a.behave({}), b.behave({}), burster.stop()])
    }
  }, 30_000)

  // grpc-js 1.14 counts a call against max_requests in onCallStarted, which runs after an
  // asynchronous step (call-credentials metadata) of LoadBalancingCall: calls picked in the same
  // tick all see the count before any of them, so a synchronous fan-out of 20 calls all pass.
  // Expected to fail until grpc-js counts the call at pick time; Trellis sends the same cluster.
  it.fails('(grpc-js limitation) the cap also holds for 20 calls started in one tick', async () => {
    await Promise.all([a.behave({ latencyMs: 500 }), b.behave({ latencyMs: 500 })])
    try {
      const s = await caller.run({ calls: 20, concurrency: 20, deadlineMs: 5_000 })
      console.info(`[policies] circuit breaker 2, 20 calls started in one tick: ${JSON.stringify(s.byStatus)}`)
      expect(s.byStatus, show(s)).toEqual({ OK: 2, UNAVAILABLE: 18 })
    } finally {
      await Promise.all([a.behave({}), b.behave({})])
    }
  }, 20_000)
})
