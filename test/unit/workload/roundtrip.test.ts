// A full xDS round trip: Trellis's ADS in this process, two Echo workloads and a caller as child
// processes (one identity each). The workloads register as proxies, serve once the ADS sends their
// inbound Listener, and the caller's calls are routed by what the ADS says — before and after a
// routing change, on the same channel.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTrellis, type Trellis } from '../../../server/runtime.ts'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import type { CallSummary } from '../../fixtures/workloads/call-stats.ts'
import { spawnEchoCaller, spawnEchoWorkload, type EchoCallerProcess, type EchoWorkloadProcess } from '../../fixtures/workloads/spawn.ts'

const NS = 'echo-test'
const TARGET = `xds:///echo.${NS}.svc.cluster.local:7070`

const CONFIG = `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
---
apiVersion: v1
kind: Service
metadata:
  name: echo
  namespace: ${NS}
spec:
  selector:
    app: echo
  ports:
  - name: grpc
    port: 7070
`

describe('workload library through Trellis ADS', () => {
  let dir: string
  let trellis: Trellis
  const workloads: EchoWorkloadProcess[] = []
  let caller: EchoCallerProcess | undefined
  const nacks: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trellis-workload-'))
    await mkdir(join(dir, NS))
    await writeFile(join(dir, NS, 'echo.yaml'), CONFIG)
    trellis = await createTrellis({ configDir: dir, xdsPort: 0, logger: pino({ level: 'silent' }), webRoot: join(dir, 'no-web') })
    trellis.xds?.on('nack', (n) => nacks.push(`${n.proxy} NACKed ${n.typeUrl}: ${n.message}`))
    const xdsServer = `127.0.0.1:${trellis.xdsPort}`
    try {
      const started = await Promise.allSettled(['v1', 'v2'].map((version) =>
        spawnEchoWorkload({ xdsServer, namespace: NS, app: 'echo', version, readyTimeoutMs: 20_000 })))
      for (const s of started) if (s.status === 'fulfilled') workloads.push(s.value)
      for (const s of started) if (s.status === 'rejected') throw s.reason
      caller = await spawnEchoCaller({ xdsServer, namespace: NS, app: 'tester', target: TARGET })
    } catch (e) {
      // What the workloads' grpc-js-xds rejected is the likeliest cause: say it.
      throw new Error(`${(e as Error).message}\nNACKs seen by the ADS: ${nacks.join('\n') || 'none'}`)
    }
  })

  afterAll(async () => {
    await caller?.stop()
    await Promise.all(workloads.map((w) => w.stop()))
    await trellis?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('each workload registered under its node id and accepted its inbound Listener', () => {
    for (const w of workloads) {
      expect(trellis.xds?.connectionOf(w.nodeId)?.status(TYPE_URL.listener), w.nodeId).toBe('SYNCED')
    }
    expect(nacks).toEqual([])
  })

  test('calls to xds:///echo… reach both versions', async () => {
    const s = await caller!.run({ calls: 40, concurrency: 4, deadlineMs: 5000, headers: { 'end-user': 'tester' } })
    expect(s).toMatchObject({ calls: 40, ok: 40 })
    expect(Object.keys(s.byVersion).sort()).toEqual(['v1', 'v2'])
  })

  test('a routing change applies to the same long-lived channel', async () => {
    const obj = (kind: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name: 'echo', namespace: NS }, spec })
    await trellis.store.create(obj('DestinationRule', { host: 'echo', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }))
    await trellis.store.create(obj('VirtualService', { hosts: ['echo'], http: [{ route: [{ destination: { host: 'echo', subset: 'v2' } }] }] }))

    let s: CallSummary | undefined
    const deadline = Date.now() + 10_000
    do {
      s = await caller!.run({ calls: 20, deadlineMs: 5000 })
    } while (s.byVersion.v1 !== undefined && Date.now() < deadline)
    expect(s.byVersion).toEqual({ v2: 20 })
    expect(nacks).toEqual([])
  })

  test('workloads and caller exit cleanly on SIGTERM', async () => {
    expect(await caller!.stop()).toBe(0)
    expect(await Promise.all(workloads.map((w) => w.stop()))).toEqual([0, 0])
  })
})
