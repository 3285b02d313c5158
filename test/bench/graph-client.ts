// The graph benchmark's HTTP client, run as a child process (graph-client-child.ts) as a browser
// would be: receiving and decoding a graph of several MB is not billed to the Trellis process.
// Requests go one at a time; `get` also measures the CPU time this process (Trellis) spent while
// the request was out, which is its work for the request.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { ClientAnswer } from './graph-client-child.ts'

export interface ClientTiming extends ClientAnswer {
  /** CPU time of this process (user + system) while the request was out. */
  cpuMs: number
}

export interface BenchClient {
  pid: number
  get(url: string): Promise<ClientTiming>
  close(): Promise<void>
}

const CHILD = fileURLToPath(new URL('./graph-client-child.ts', import.meta.url))

export function startBenchClient(): BenchClient {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] })
  const waiting = new Map<number, (a: ClientAnswer) => void>()
  let exited: Error | undefined
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const a = JSON.parse(line) as ClientAnswer
    waiting.get(a.id)?.(a)
    waiting.delete(a.id)
  })
  child.once('exit', (code) => {
    exited = new Error(`the benchmark's HTTP client exited with ${code}`)
    for (const [, resolve] of waiting) resolve({ id: -1, ms: 0, status: 0, bytes: 0, stages: {}, error: exited.message })
    waiting.clear()
  })
  let next = 0
  return {
    pid: child.pid!,
    async get(url) {
      if (exited) throw exited
      const id = next++
      const c0 = process.cpuUsage()
      const answer = await new Promise<ClientAnswer>((resolve) => {
        waiting.set(id, resolve)
        child.stdin!.write(`${JSON.stringify({ id, url })}\n`)
      })
      const c = process.cpuUsage(c0)
      if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${answer.error ?? ''}`)
      return { ...answer, cpuMs: (c.user + c.system) / 1000 }
    },
    close() {
      if (exited) return Promise.resolve()
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.stdin!.end()
      return done
    },
  }
}
