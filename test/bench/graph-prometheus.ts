// A Prometheus stand-in for the graph benchmark, run as a child process (graph-prometheus-child.ts)
// as a real Prometheus would be: its serving of the answers — bytes serialized once, then written
// to the socket for every request — is not billed to the Trellis process being measured.
// The answers go to the child through a temporary file of JSON lines.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Answer } from './graph-mesh.ts'

export interface BenchPrometheus {
  url: string
  /** The child's process id. */
  pid: number
  /** The child's CPU time so far (user + system, ms) and the API requests it served. */
  usage(): Promise<{ cpuMs: number; served: number }>
  close(): Promise<void>
}

const CHILD = fileURLToPath(new URL('./graph-prometheus-child.ts', import.meta.url))
const READY_TIMEOUT_MS = 60_000

async function writeAnswers(answers: readonly Answer[], file: string): Promise<void> {
  const out = createWriteStream(file)
  for (const a of answers) {
    if (!out.write(`${JSON.stringify({ query: a.query, body: a.body })}\n`)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

function waitReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Prometheus stand-in (pid ${child.pid}) was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`the Prometheus stand-in exited with ${code} before it was ready`))
    }
    child.once('exit', onExit)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; url?: string }
      if (!msg.ready || !msg.url) return
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(msg.url)
    })
  })
}

export async function startBenchPrometheus(answers: readonly Answer[]): Promise<BenchPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-graph-prometheus-'))
  const file = path.join(dir, 'answers.jsonl')
  await writeAnswers(answers, file)
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { stdio: ['pipe', 'pipe', 'inherit'] })
  let url: string
  try {
    url = await waitReady(child)
  } catch (err) {
    child.kill()
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  return {
    url,
    pid: child.pid!,
    async usage() {
      const res = await fetch(`${url}/-/bench/cpu`)
      const u = (await res.json()) as { user: number; system: number; served: number }
      return { cpuMs: (u.user + u.system) / 1000, served: u.served }
    },
    async close() {
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())))
      // The child stops when its stdin closes.
      child.stdin!.end()
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}
