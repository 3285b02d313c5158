// The Echo fixtures over plain (non-xDS) channels: the proto, the implementation and its failure
// knobs, and the two scripts' lifecycles. The xDS path is in roundtrip.test.ts.
import * as grpc from '@grpc/grpc-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isServiceError, unaryCall } from '../../../server/workload/client.ts'
import { percentile, summarize } from '../../fixtures/workloads/call-stats.ts'
import { createEcho, EchoCall, EchoClient, parseStatus, type Echo } from '../../fixtures/workloads/echo-service.ts'
import { spawnEchoCaller, spawnEchoWorkload, type EchoCallerProcess, type EchoWorkloadProcess } from '../../fixtures/workloads/spawn.ts'

const identity = { workload: 'reviews-v2', app: 'reviews', version: 'v2', pod: 'reviews-v2-abc', namespace: 'bookinfo', port: 0 }

describe('Echo service (in process)', () => {
  let server: grpc.Server
  let echo: Echo
  let client: grpc.Client

  beforeAll(async () => {
    echo = createEcho(identity)
    server = new grpc.Server()
    server.addService(echo.binding.definition, echo.binding.implementation)
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))))
    client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
  })
  afterAll(() => {
    client?.close()
    server?.forceShutdown()
  })

  test('answers with who it is and the headers it received', async () => {
    const reply = await unaryCall(client, EchoCall, { message: 'hi' }, { metadata: { 'end-user': 'tester', 'x-multi': ['a', 'b'] }, deadlineMs: 2000 })
    expect(reply).toMatchObject({ message: 'hi', workload: 'reviews-v2', app: 'reviews', version: 'v2', pod: 'reviews-v2-abc', namespace: 'bookinfo' })
    expect(reply.headers['end-user']).toBe('tester')
    // grpc-js sends a repeated header as one comma-joined field.
    expect(reply.headers['x-multi']).toBe('a, b')
  })

  test('fails every Nth call with the status asked for', async () => {
    echo.setBehaviour({ failEvery: 3, failCode: grpc.status.RESOURCE_EXHAUSTED })
    const before = echo.calls()
    const codes: number[] = []
    for (let i = 0; i < 6; i++) {
      codes.push(await unaryCall(client, EchoCall, { message: '' }).then(() => 0, (e: unknown) => (isServiceError(e) ? e.code : -1)))
    }
    const failedAt = codes.flatMap((c, i) => (c === grpc.status.RESOURCE_EXHAUSTED ? [before + i + 1] : []))
    expect(failedAt.every((n) => n % 3 === 0)).toBe(true)
    expect(failedAt).toHaveLength(2)
  })

  test('fails always, and adds latency that a deadline cuts', async () => {
    echo.setBehaviour({ failAlways: true })
    await expect(unaryCall(client, EchoCall, { message: '' })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE })
    echo.setBehaviour({ latencyMs: 300 })
    await expect(unaryCall(client, EchoCall, { message: '' }, { deadlineMs: 50 })).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED })
    echo.setBehaviour({})
  })

  test('parseStatus takes names and codes, and says what it accepts', () => {
    expect(parseStatus('unavailable')).toBe(grpc.status.UNAVAILABLE)
    expect(parseStatus('4')).toBe(grpc.status.DEADLINE_EXCEEDED)
    expect(() => parseStatus('NOPE')).toThrow(/use a name such as UNAVAILABLE/)
  })
})

describe('call summaries', () => {
  test('count answers by version, status and error; nearest-rank percentiles', () => {
    const reply = (version: string) => ({ ...identity, version, workload: `reviews-${version}`, message: '', headers: {} })
    const s = summarize([
      { code: 0, details: '', latencyMs: 1, reply: reply('v1') },
      { code: 0, details: '', latencyMs: 2, reply: reply('v1') },
      { code: 0, details: '', latencyMs: 3, reply: reply('v2') },
      { code: 14, details: 'no healthy upstream', latencyMs: 10 },
    ], 20)
    expect(s).toMatchObject({
      calls: 4, ok: 3, failed: 1,
      byStatus: { OK: 3, UNAVAILABLE: 1 },
      byVersion: { v1: 2, v2: 1 },
      byWorkload: { 'reviews-v1': 2, 'reviews-v2': 1 },
      errors: { 'UNAVAILABLE: no healthy upstream': 1 },
      latencyMs: { p50: 2, p99: 10, max: 10, mean: 4 },
    })
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
  })
})

describe('echo-workload.ts and echo-caller.ts as processes (plain channels)', () => {
  let workload: EchoWorkloadProcess | undefined
  let caller: EchoCallerProcess | undefined

  afterAll(async () => {
    await caller?.stop()
    await workload?.stop()
  })

  test('the workload prints its ready line; the caller measures it in batches; both exit on SIGTERM', async () => {
    workload = await spawnEchoWorkload({ plain: true, xdsServer: '127.0.0.1:1', namespace: 'bookinfo', app: 'reviews', version: 'v3', failEvery: 5, failCode: 'ABORTED' })
    expect(workload.port).toBeGreaterThan(0)
    expect(workload.nodeId).toBe(`sidecar~127.0.0.1~reviews-v3-${workload.pid}.bookinfo~bookinfo.svc.cluster.local`)

    caller = await spawnEchoCaller({ target: `127.0.0.1:${workload.port}` })
    const first = await caller.run({ calls: 50, concurrency: 5, headers: { 'end-user': 'tester' } })
    expect(first).toMatchObject({ calls: 50, ok: 40, failed: 10, byStatus: { OK: 40, ABORTED: 10 }, byVersion: { v3: 40 }, byWorkload: { 'reviews-v3': 40 } })
    expect(first.latencyMs.p99).toBeGreaterThanOrEqual(first.latencyMs.p50)

    // Behaviour changes live; the same caller process measures again.
    await workload.setBehaviour({ failAlways: true, failCode: 'PERMISSION_DENIED' })
    const second = await caller.run({ calls: 10 })
    expect(second.byStatus).toEqual({ PERMISSION_DENIED: 10 })
    await workload.setBehaviour({ latencyMs: 200 })
    const third = await caller.run({ calls: 4, concurrency: 2, deadlineMs: 50 })
    expect(third.byStatus).toEqual({ DEADLINE_EXCEEDED: 4 })

    await expect(caller.child.ask('run', { calls: 'many' }, 'summary', 5000)).rejects.toThrow(/calls must be an integer/)

    expect(await caller.stop()).toBe(0)
    expect(await workload.stop()).toBe(0)
  })
})
