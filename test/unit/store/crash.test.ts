// Kill -9 in the middle of writes: every file must be the old content or the new, never torn.
import { spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'
import { FileStore } from '../../../server/store/files/store.ts'
import { NEIGHBOUR, bigObject, roundOf } from '../../fixtures/store/big-object.ts'
import type { Harness } from './helpers.ts'
import { harness } from './helpers.ts'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const LOOP = fileURLToPath(new URL('../../fixtures/store/write-loop.ts', import.meta.url))

let h: Harness
afterEach(async () => h?.cleanup())

/** Starts the write loop, waits until it is writing, then SIGKILLs it (by pid) after a random delay. */
async function runAndKill(mode: 'store' | 'raw', dir: string, maxDelayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOOP, mode, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  try {
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve())
      child.on('error', reject)
      child.on('exit', (code) => reject(new Error(`write loop exited (${code}) before writing: ${stderr}`)))
    })
    await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelayMs))
  } finally {
    // Also when the wait failed: no loop may outlive the test.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL')
  }
  expect(await exited).toBe('SIGKILL')
}

/** Checks every YAML file parses and holds whole content; returns the big object's round. */
async function checkFiles(dir: string): Promise<number> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => /\.ya?ml$/.test(n))
  expect(names).toEqual(['crash.yaml'])
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8')
    expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([])
    expect(text.startsWith(NEIGHBOUR)).toBe(true)
  }
  const store = new FileStore({ dir, admission: () => [], watch: false })
  await store.ready
  try {
    expect(store.sourceErrors()).toEqual([])
    const big = store.get({ group: 'networking.istio.io', kind: 'VirtualService', namespace: 'crash', name: 'big' })
    if (!big) throw new Error('the big object is gone')
    return roundOf(big)
  } finally {
    await store.close()
  }
}

describe('FileStore under SIGKILL', () => {
  async function start(): Promise<string> {
    h = await harness({ 'crash.yaml': NEIGHBOUR + stringify(bigObject(0)) })
    await h.store.close()
    return h.dir
  }

  it('API updates: the file is always one whole version, and what was written stays written', async () => {
    const dir = await start()
    let round = 0
    for (let i = 0; i < 3; i++) {
      await runAndKill('store', dir, 150)
      const next = await checkFiles(dir)
      expect(next).toBeGreaterThan(round)
      round = next
    }
  }, 60_000)

  it('the atomic write in a tight loop: killed mid-write, the file is the old or the new content', async () => {
    const dir = await start()
    for (let i = 0; i < 5; i++) {
      await runAndKill('raw', dir, 30)
      expect([1, 2]).toContain(await checkFiles(dir))
    }
  }, 60_000)
})
