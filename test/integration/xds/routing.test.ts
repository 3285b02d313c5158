// Routing as a caller observes it: a weighted split and its flip through the REST API (with the
// caller's ACK timed from the write), header matches and uri prefix matches. Real grpc-js-xds
// processes: two Echo workloads (v1, v2) and one long-lived caller on one channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { destinationRule, service, to, virtualService } from './config.ts'
import { ECHO_METHOD, Mesh, RDS, share, show, type Caller } from './mesh.ts'

const NS = 'routing'
const HOST = 'echo'
const split = (v1: number, v2: number) => [{ route: [to(HOST, 'v1', v1), to(HOST, 'v2', v2)] }]

describe('routing observed by a proxyless gRPC caller', () => {
  let mesh: Mesh
  let caller: Caller

  beforeAll(async () => {
    mesh = await Mesh.start({ namespace: NS, objects: [service(NS, HOST), destinationRule(NS, HOST)] })
    // The split is created through the API, as the console's wizard would; it is the process's
    // first write, so the write timed below runs on warmed code, as in a long-running server.
    await mesh.create(virtualService(NS, HOST, split(80, 20)))
    const started = await Promise.all([
      mesh.caller('routing-caller', HOST),
      mesh.workload('echo-v1', { version: 'v1' }),
      mesh.workload('echo-v2', { version: 'v2' }),
    ])
    caller = started[0]
    const warm = await caller.run({ calls: 20, concurrency: 4, deadlineMs: 5_000 })
    expect(warm.ok, show(warm)).toBe(20)
  })

  afterAll(async () => {
    await mesh?.close()
  })

  it('an 80/20 split is observed, and flips to 20/80 after a merge patch, ACKed within 100 ms', async () => {
    const before = await caller.run({ calls: 1_000, concurrency: 10 })
    expect(before.ok, show(before)).toBe(1_000)
    expect(share(before, 'v1'), show(before)).toBeGreaterThanOrEqual(0.75)
    expect(share(before, 'v1'), show(before)).toBeLessThanOrEqual(0.85)
    expect(share(before, 'v2'), show(before)).toBeGreaterThanOrEqual(0.15)
    expect(share(before, 'v2'), show(before)).toBeLessThanOrEqual(0.25)

    const oldVersion = (await mesh.proxy(caller.nodeId))?.types.RDS?.ackedVersion
    expect(oldVersion).toBeDefined()
    const t0 = performance.now()
    const res = await mesh.mergePatch('VirtualService', HOST, { spec: { http: split(20, 80) } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const ack = await mesh.ackAfter(caller.nodeId, RDS, t0, 5_000, (a) => a.version !== oldVersion)
    const ackMs = ack.at - t0
    console.info(`[routing] before ${JSON.stringify(before.byVersion)}; RDS ACK ${ackMs.toFixed(1)} ms after the PATCH ` +
      `(${ack.latencyMs} ms after the push reached the stream)`)
    expect(ackMs).toBeLessThan(100)

    const after = await caller.run({ calls: 1_000, concurrency: 10 })
    console.info(`[routing] after the flip ${JSON.stringify(after.byVersion)}`)
    expect(after.ok, show(after)).toBe(1_000)
    expect(share(after, 'v2'), show(after)).toBeGreaterThanOrEqual(0.75)
    expect(share(after, 'v2'), show(after)).toBeLessThanOrEqual(0.85)
    expect(share(after, 'v1'), show(after)).toBeGreaterThanOrEqual(0.15)
    expect(share(after, 'v1'), show(after)).toBeLessThanOrEqual(0.25)
  }, 30_000)

  it('a header match routes end-user: tester to v2 and everything else to v1', async () => {
    await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, {
      spec: {
        http: [
          { match: [{ headers: { 'end-user': { exact: 'tester' } } }], route: [to(HOST, 'v2')] },
          { route: [to(HOST, 'v1')] },
        ],
      },
    }))
    const tester = await caller.run({ calls: 200, concurrency: 4, headers: { 'end-user': 'tester' } })
    const other = await caller.run({ calls: 200, concurrency: 4, headers: { 'end-user': 'tester2' } })
    const none = await caller.run({ calls: 200, concurrency: 4 })
    expect(tester.byVersion, show(tester)).toEqual({ v2: 200 })
    expect(other.byVersion, show(other)).toEqual({ v1: 200 })
    expect(none.byVersion, show(none)).toEqual({ v1: 200 })
  }, 20_000)

  it(`a uri prefix match routes the method path ${ECHO_METHOD} as written`, async () => {
    const byUri = (uri: Record<string, string>) => mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, {
      spec: { http: [{ match: [{ uri }], route: [to(HOST, 'v2')] }, { route: [to(HOST, 'v1')] }] },
    }))
    const byPrefix = (prefix: string) => byUri({ prefix })

    await byPrefix('/trellis.test.Echo/')
    const matching = await caller.run({ calls: 200, concurrency: 4 })
    expect(matching.byVersion, show(matching)).toEqual({ v2: 200 })

    await byPrefix('/trellis.test.Other/')
    const notMatching = await caller.run({ calls: 200, concurrency: 4 })
    expect(notMatching.byVersion, show(notMatching)).toEqual({ v1: 200 })

    await byUri({ exact: ECHO_METHOD })
    const exact = await caller.run({ calls: 200, concurrency: 4 })
    expect(exact.byVersion, show(exact)).toEqual({ v2: 200 })
  }, 20_000)
})
