// `trellis proxy-status` as a user runs it against a running Trellis with connected proxies.
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pino from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTrellis, type Trellis } from '../../server/runtime.ts'
import { TYPE_URL } from '../../server/xds/protos.ts'
import { AdsTestClient, istioNode } from '../support/ads-client.ts'
import { eventually, makeConfigDir } from './helpers.ts'

const run = promisify(execFile)
const BIN = join(import.meta.dirname, '../../bin/trellis.js')
let t: Trellis
let dir: string
let url: string
const clients: AdsTestClient[] = []

beforeAll(async () => {
  dir = await makeConfigDir()
  t = await createTrellis({ configDir: dir, xdsPort: 0, logger: pino({ level: 'silent' }), webRoot: '/nonexistent' })
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
})

afterAll(async () => {
  for (const c of clients) {
    c.close()
    c.closeChannel()
  }
  await t.close()
  await rm(dir, { recursive: true, force: true })
})

async function proxyStatus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'proxy-status', '--url', url, ...args])
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

it('lists proxies with their sync state per type, and exits 1 when one rejected its config', async () => {
  const empty = await proxyStatus()
  expect(empty.code).toBe(0)
  expect(empty.stdout).toMatch(/No proxies are connected/)

  const good = new AdsTestClient(`127.0.0.1:${t.xdsPort}`, istioNode({ namespace: 'bookinfo', pod: 'productpage-v1-1', labels: { app: 'productpage', version: 'v1' } }))
  const bad = new AdsTestClient(`127.0.0.1:${t.xdsPort}`, istioNode({ namespace: 'bookinfo', pod: 'details-v1-1', ip: '127.0.0.2', labels: { app: 'details', version: 'v1' } }))
  clients.push(good, bad)
  bad.nackNext.set(TYPE_URL.listener, 'listener rejected for the test')
  good.subscribe(TYPE_URL.listener, ['reviews:9080'])
  bad.subscribe(TYPE_URL.listener, ['reviews:9080'])
  await eventually(() => good.received.length > 0 && bad.received.length > 0)
  await eventually(async () => (await t.app.inject({ url: '/api/proxies' })).json<{ types: { LDS: { status: string } } }[]>().every((p) => p.types.LDS.status !== 'STALE'))

  const table = await proxyStatus()
  expect(table.code).toBe(1)
  const lines = table.stdout.trim().split('\n')
  expect(lines[0]).toMatch(/^NAME\s+NAMESPACE\s+ADDRESS\s+CDS\s+LDS\s+EDS\s+RDS\s+CONNECTED$/)
  expect(lines.find((l) => l.includes('productpage-v1-1'))).toMatch(/bookinfo\s+127\.0\.0\.1\s+NOT SENT\s+SYNCED/)
  expect(lines.find((l) => l.includes('details-v1-1'))).toMatch(/ERROR \(listener rejected for the test\)/)

  const json = await proxyStatus('-n', 'bookinfo', '--output', 'json', 'productpage')
  expect(JSON.parse(json.stdout)).toHaveLength(1)

  const down = await run(process.execPath, [BIN, 'proxy-status', '--url', 'http://127.0.0.1:1']).catch((e: { code: number; stderr: string }) => e)
  expect((down as { code: number }).code).toBe(2)
  expect((down as { stderr: string }).stderr).toMatch(/cannot reach Trellis at http:\/\/127\.0\.0\.1:1/)
}, 60_000)
