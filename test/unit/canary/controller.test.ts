// The ramp state machine, driven through the real store with a fake clock and scripted gate
// answers: what a user would see in the ramp's status and in the reviews VirtualService.
import { afterEach, describe, expect, it } from 'vitest'
import type { CanaryRampStatus } from '../../../shared/canary.ts'
import { FakeClock, harness, HEALTHY, meshFiles, RAMP, rampYaml, T0, VS, type Harness } from './harness.ts'

const S = 1000
const INTERVAL = 30 * S
let h: Harness

afterEach(async () => {
  await h?.cleanup()
})

async function started(files?: Record<string, string>): Promise<Harness> {
  h = await harness(files)
  h.controller.start()
  await h.controller.idle()
  return h
}

const events = (s: CanaryRampStatus) => s.history.map((e) => `${e.event}@${e.weight}`)

describe('a ramp that stays healthy', () => {
  it('starts at the first step with the canary subset added, promotes step by step, and ends Promoted at 100%', async () => {
    await started()
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 0, weight: 10, stepStartedAt: new Date(T0).toISOString() })
    expect(h.weights()).toEqual({ v1: 90, v3: 10 })
    // The DestinationRule gained v3 and kept the rest, comments included; the VS kept its other route and its timeout.
    const dr = await h.read('bookinfo/reviews-dr.yaml')
    expect(dr).toContain('simple: ROUND_ROBIN # keep me')
    expect(dr).toMatch(/- name: v3\n\s+labels:\n\s+version: v3/)
    const vsText = await h.read('bookinfo/reviews-vs.yaml')
    expect(vsText).toContain('# Reviews routing, owned by the reviews team.')
    expect(vsText).toContain('name: test-users # jason sees v2')
    expect(vsText).toContain('timeout: 5s')

    // Nothing is measured before the interval is over.
    await h.clock.advance(INTERVAL - 1, h.controller)
    expect(h.gates.requests).toHaveLength(0)
    await h.clock.advance(1, h.controller)
    expect(h.gates.requests[0]).toEqual({ namespace: 'bookinfo', workloads: ['reviews-v3'], end: T0 + INTERVAL, windowMs: INTERVAL })
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 1, weight: 25 })
    expect(h.weights()).toEqual({ v1: 75, v3: 25 })

    await h.clock.advance(2 * INTERVAL, h.controller)
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 3, weight: 100 })
    expect(h.weights()).toEqual({ v1: 0, v3: 100 })
    await h.clock.advance(INTERVAL, h.controller)
    const done = h.status()
    expect(done).toMatchObject({ phase: 'Promoted', step: 3, weight: 100 })
    expect(done.message).toMatch(/^promoted: reviews sends 100% to v3; gates passed: 120 requests/)
    expect(events(done)).toEqual(['started@10', 'promoted@25', 'promoted@50', 'promoted@100', 'completed@100'])
    expect(done.history[1]).toMatchObject({ requests: 120, errorPercent: 0.5, p99Ms: 80 })
    // Finished: no more timers, no more measurements.
    expect(h.clock.nextAt()).toBeUndefined()
    await h.clock.advance(10 * INTERVAL, h.controller)
    expect(h.gates.requests).toHaveLength(4)
  })
})

describe('a failing gate', () => {
  it('rolls back to 100% stable on the error share, naming the gate and the values, and stops', async () => {
    await started()
    await h.clock.advance(INTERVAL, h.controller)
    h.gates.answer = () => ({ requests: 40, inboundErrorPercent: 0, outboundRequests: 40, outboundErrorPercent: 100, p99Ms: 12 })
    await h.clock.advance(INTERVAL, h.controller)
    const s = h.status()
    expect(s).toMatchObject({ phase: 'RolledBack', step: 1, weight: 0 })
    expect(h.weights()).toEqual({ v1: 100, v3: 0 })
    const last = s.history[s.history.length - 1]
    expect(last).toMatchObject({ event: 'rolled-back', errorPercent: 100, requests: 40, p99Ms: 12 })
    expect(last.message).toMatch(/gate maxErrorPercent failed: .*error share 100% \(served 0%, its calls 100% of 40\).*the limit is 5%/)
    expect(s.message).toMatch(/rolled back to 100% v1$/)
    await h.clock.advance(5 * INTERVAL, h.controller)
    expect(h.gates.requests).toHaveLength(2)
    expect(h.weights()).toEqual({ v1: 100, v3: 0 })
  })

  it('rolls back on p99 latency', async () => {
    await started()
    h.gates.answer = () => ({ ...HEALTHY, p99Ms: 2500 })
    await h.clock.advance(INTERVAL, h.controller)
    const s = h.status()
    expect(s.phase).toBe('RolledBack')
    expect(s.history.at(-1)).toMatchObject({ event: 'rolled-back', p99Ms: 2500 })
    expect(s.history.at(-1)?.message).toMatch(/gate maxP99Ms failed: .*p99 2500 ms; the limit is 1000 ms/)
    expect(h.weights()).toEqual({ v1: 100, v3: 0 })
  })
})

describe('missing data pauses, never promotes', () => {
  it.each([
    ['too few requests', () => ({ ...HEALTHY, requests: 3 }), /only 3 of the 10 requests gates\.minRequests asks for in 30s/],
    ['no latency data', () => ({ ...HEALTHY, p99Ms: undefined }), /no latency data for the canary in 30s/],
    ['Prometheus failing', () => new Error('Prometheus at http://127.0.0.1:9 is not reachable: connection refused (ECONNREFUSED)'), /could not be measured: Prometheus at .* connection refused/],
  ])('%s: Paused at the same weights, re-checking every interval, and on by itself once data is back', async (_what, answer, message) => {
    await started()
    h.gates.answer = answer
    await h.clock.advance(INTERVAL, h.controller)
    let s = h.status()
    expect(s).toMatchObject({ phase: 'Paused', pausedBy: 'metrics', step: 0, weight: 10 })
    expect(s.message).toMatch(message)
    expect(h.weights()).toEqual({ v1: 90, v3: 10 })
    // Still no data after several windows: still paused at 10%, one history entry for the pause.
    await h.clock.advance(3 * INTERVAL, h.controller)
    s = h.status()
    expect(s).toMatchObject({ phase: 'Paused', step: 0, weight: 10 })
    expect(events(s)).toEqual(['started@10', 'waiting@10'])
    expect(h.gates.requests.length).toBe(4)
    // Each re-check measures a fresh window, ending when it is over.
    expect(h.gates.requests[3].end).toBe(T0 + 4 * INTERVAL)
    h.gates.answer = () => HEALTHY
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 1, weight: 25 })
    expect(h.status().pausedBy).toBeUndefined()
  })

  it('a canary without a registered workload is paused, not measured', async () => {
    await started()
    await h.store.delete({ group: 'networking.istio.io', kind: 'WorkloadEntry', namespace: 'bookinfo', name: 'reviews-v3' })
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.gates.requests).toHaveLength(0)
    expect(h.status()).toMatchObject({ phase: 'Paused', pausedBy: 'metrics' })
    expect(h.status().message).toMatch(/no workload of reviews v3 is registered/)
  })
})

describe('waiting to start', () => {
  it('stays Pending without a canary workload, and starts once one registers', async () => {
    await started(meshFiles({ versions: ['v1', 'v2'] }))
    expect(h.status()).toMatchObject({ phase: 'Pending', step: -1 })
    expect(h.status().message).toMatch(/waiting for a workload of reviews with version=v3/)
    expect(h.weights()).toEqual({ v1: 100 })
    await h.store.create({
      apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'reviews-v3', namespace: 'bookinfo' },
      spec: { address: '10.0.0.9', labels: { app: 'reviews', version: 'v3' } },
    })
    await h.clock.advance(5 * S, h.controller)
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 0, weight: 10 })
  })
})

describe('the user’s controls', () => {
  it('pause holds the ramp with no measurement; resume restarts the step’s window', async () => {
    await started()
    await h.clock.advance(10 * S, h.controller)
    await h.store.patch(RAMP, { spec: { paused: true } })
    await h.controller.idle()
    expect(h.status()).toMatchObject({ phase: 'Paused', pausedBy: 'user', step: 0, weight: 10 })
    await h.clock.advance(5 * INTERVAL, h.controller)
    expect(h.gates.requests).toHaveLength(0)
    await h.store.patch(RAMP, { spec: { paused: false } })
    await h.controller.idle()
    const resumedAt = h.clock.now()
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 0, stepStartedAt: new Date(resumedAt).toISOString() })
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.gates.requests[0].end).toBe(resumedAt + INTERVAL)
    expect(events(h.status())).toEqual(['started@10', 'paused@10', 'resumed@10', 'promoted@25'])
  })

  it('cancel stops the ramp where it is, weights left as they are', async () => {
    await started()
    await h.clock.advance(INTERVAL, h.controller)
    await h.store.patch(RAMP, { spec: { cancelled: true } })
    await h.controller.idle()
    expect(h.status()).toMatchObject({ phase: 'Cancelled', step: 1, weight: 25 })
    expect(h.weights()).toEqual({ v1: 75, v3: 25 })
    await h.clock.advance(5 * INTERVAL, h.controller)
    expect(h.gates.requests).toHaveLength(1)
  })
})

describe('a restart of Trellis', () => {
  it('resumes from the stored step and its start time, re-applying the step’s weights', async () => {
    await started()
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.status()).toMatchObject({ step: 1, weight: 25 })
    const stepStartedAt = Date.parse(h.status().stepStartedAt ?? '')
    await h.controller.close()
    // While Trellis was down someone moved the weights by hand; the ramp owns the split while it runs.
    const vs = structuredClone(h.store.get(VS)!)
    ;(vs.spec!.http as { route: { weight: number }[] }[])[1].route = [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 } as never]
    await h.store.update(vs)
    expect(h.weights()).toEqual({ v1: 100 })

    // A new controller (a new process) 10 s into the step.
    await h.restart(new FakeClock(stepStartedAt + 10 * S))
    expect(h.weights()).toEqual({ v1: 75, v3: 25 })
    expect(h.gates.requests).toHaveLength(1)
    await h.clock.advance(20 * S, h.controller)
    expect(h.gates.requests[1].end).toBe(stepStartedAt + INTERVAL)
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 2, weight: 50 })
  })

  it('catches up on a step whose window ended while it was down', async () => {
    await started()
    await h.controller.close()
    await h.restart(new FakeClock(T0 + 10 * INTERVAL))
    // Judged on the window it had, not on the time since.
    expect(h.gates.requests[0]).toMatchObject({ end: T0 + INTERVAL, windowMs: INTERVAL })
    expect(h.status()).toMatchObject({ step: 1, weight: 25 })
  })
})

describe('concurrent edits', () => {
  it('a routing write that meets 409 is made again on top of the other change', async () => {
    await started()
    // Just before the controller moves to 25%, a user edits the catch-all route's timeout.
    h.racing.raceNext('VirtualService', async () => {
      const vs = structuredClone(h.store.get(VS)!)
      ;(vs.spec!.http as { timeout?: string }[])[1].timeout = '7s'
      await h.store.update(vs)
    })
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.racing.conflicts).toBe(1)
    expect(h.weights()).toEqual({ v1: 75, v3: 25 })
    expect((h.store.get(VS)!.spec!.http as { timeout?: string }[])[1].timeout).toBe('7s')
    expect(h.status()).toMatchObject({ phase: 'Progressing', step: 1 })
  })

  it('a status write that meets 409 keeps the user’s spec change, which then takes effect', async () => {
    await started()
    h.racing.raceNext('CanaryRamp', () => h.store.patch(RAMP, { spec: { paused: true } }))
    await h.clock.advance(INTERVAL, h.controller)
    expect(h.racing.conflicts).toBe(1)
    const s = h.status()
    // The step the controller had moved to is recorded, and the user's pause holds it there.
    expect(s).toMatchObject({ phase: 'Paused', pausedBy: 'user', step: 1, weight: 25 })
    expect(events(s)).toEqual(['started@10', 'promoted@25', 'paused@25'])
    expect(h.store.get(RAMP)!.spec!.paused).toBe(true)
    expect(h.weights()).toEqual({ v1: 75, v3: 25 })
  })
})

describe('routing the ramp cannot change', () => {
  it('fails with the reason when the catch-all route answers by itself', async () => {
    const files = meshFiles()
    files['bookinfo/reviews-vs.yaml'] = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - directResponse: {status: 503}
`
    await started(files)
    expect(h.status().phase).toBe('Failed')
    expect(h.status().message).toMatch(/could not change the routing: the catch-all route spec\/http\[0\] .* has a directResponse/)
  })

  it('a second ramp for the same service waits for the first', async () => {
    const files = meshFiles()
    files['bookinfo/ramp.yaml'] = files['bookinfo/ramp.yaml'].replace('namespace: bookinfo', 'namespace: bookinfo\n  creationTimestamp: "2025-01-01T00:00:00Z"')
    files['bookinfo/ramp2.yaml'] = rampYaml(`  service: reviews
  stable: v1
  canary: v2
  steps: [50, 100]
  interval: 30s
`).replace('name: reviews-v3', 'name: reviews-v2\n  creationTimestamp: "2025-02-01T00:00:00Z"')
    await started(files)
    const second = h.store.get({ ...RAMP, name: 'reviews-v2' })?.status as CanaryRampStatus
    expect(second).toMatchObject({ phase: 'Pending' })
    expect(second.message).toMatch(/waiting for CanaryRamp bookinfo\/reviews-v3, which shifts reviews too/)
    expect(h.weights()).toEqual({ v1: 90, v3: 10 })
  })
})
