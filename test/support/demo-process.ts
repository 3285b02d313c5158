// `trellis demo` as a process for the tests that need the living mesh: real grpc-js-xds Bookinfo
// workloads, the embedded control plane and Debian's Prometheus, all on free loopback ports. The
// demo writes a status file (console, Prometheus and productpage URLs, every PID it started); the
// harness waits for it, and stop() sends SIGINT (Ctrl-C) and waits for the demo to clean up.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface DemoStatus {
  consoleUrl: string
  prometheusUrl?: string
  productpageUrl?: string
  configDir: string
  pid: number
  pids: number[]
  children: { name: string; pid?: number; pids: number[]; restarts: number }[]
}

export interface RunningDemo {
  readonly proc: ChildProcess
  readonly started: DemoStatus & { prometheusUrl: string; productpageUrl: string }
  /** The status file as it is now. */
  status(): DemoStatus
  /** Everything the demo printed so far (for failure messages). */
  output(): string
  /** SIGINT and wait for exit (up to 30 s); resolves to the exit code, or 'timeout'. */
  stop(): Promise<number | null | 'timeout'>
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls `check` until it returns a value (not undefined), or throws naming `what` and the last error. */
export async function until<T>(what: string, timeoutMs: number, everyMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}${last ? ` (last error: ${String(last)})` : ''}`)
    await sleep(everyMs)
  }
}

export interface DemoOptions {
  /** Traffic generator rate, requests per second (default 10). */
  rate?: number
  /** Extra CLI flags for `trellis demo`. */
  args?: string[]
  /** How long to wait for the status file with every URL (default 60 s). */
  startTimeoutMs?: number
}

export async function startDemo(opts: DemoOptions = {}): Promise<RunningDemo> {
  const tmp = await mkdtemp(join(tmpdir(), 'trellis-demo-test-'))
  const statusFile = join(tmp, 'status.json')
  const proc = spawn(process.execPath, [
    join(REPO, 'bin/trellis.js'), 'demo', '--port', '0', '--xds-port', '0', '--prometheus-port', '0',
    '--rate', String(opts.rate ?? 10), '--status-file', statusFile, ...(opts.args ?? []),
  ], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  proc.stdout?.on('data', (c: Buffer) => { output += c.toString() })
  proc.stderr?.on('data', (c: Buffer) => { output += c.toString() })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const status = (): DemoStatus => JSON.parse(readFileSync(statusFile, 'utf8')) as DemoStatus

  const stop = async (): Promise<number | null | 'timeout'> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGINT')
    const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)])
    await rm(tmp, { recursive: true, force: true })
    return code
  }

  try {
    const started = await until('the demo to start (status file with productpage and Prometheus)', opts.startTimeoutMs ?? 60_000, 250, async () => {
      if (proc.exitCode !== null) throw new Error(`trellis demo exited with ${proc.exitCode}`)
      if (!existsSync(statusFile)) return undefined
      const s = status()
      return s.productpageUrl && s.prometheusUrl ? (s as RunningDemo['started']) : undefined
    })
    return { proc, started, status, output: () => output, stop }
  } catch (e) {
    await stop()
    throw new Error(`${(e as Error).message}\n${output}`)
  }
}
