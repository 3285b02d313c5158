// Keeps the demo's child processes running: starts one, waits until it says it is ready, and when
// it dies restarts it after an exponential back-off, logging why it died (exit code or signal,
// and the last lines it wrote to stderr). Stopping is by PID: SIGTERM, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Logger } from 'pino'

export interface ChildSpec {
  name: string
  command: string
  args: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /**
   * Resolves once the started child is ready, with what it said about itself. Default: the first
   * JSON line on stdout with a `ready` field (`{"ready":true,…}`; `{"ready":false,"error":…}` fails).
   */
  ready?: (child: ChildProcess, readyLine: Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>
  /** Default 60 s; a child not ready by then is killed and restarted. */
  readyTimeoutMs?: number
  /** SIGTERM → SIGKILL after this long (default 5 s). */
  stopGraceMs?: number
}

export interface BackoffOptions {
  /** First restart delay (default 1 s), doubled after each failure up to maxMs (default 30 s). */
  baseMs?: number
  maxMs?: number
  /** A child that stayed ready this long resets the back-off (default 30 s). */
  stableMs?: number
}

export interface ChildEvents {
  ready: [info: Record<string, unknown>]
  exit: [reason: string]
}

/** The delay before restart number `failures` (1 = the first consecutive failure). */
export function backoffDelay(failures: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 1_000
  const max = opts.maxMs ?? 30_000
  return Math.min(max, base * 2 ** Math.max(0, failures - 1))
}

/** One supervised child process (and its successors after restarts). */
export class SupervisedChild extends EventEmitter<ChildEvents> {
  /** Every PID this child has had, oldest first. */
  readonly pids: number[] = []
  restarts = 0
  info: Record<string, unknown> | undefined
  private proc: ChildProcess | undefined
  private stopping = false
  private failures = 0
  private restartTimer: NodeJS.Timeout | undefined
  private stderrTail: string[] = []
  /** What the current instance said when it could not start (`{"ready":false,"error":…}`). */
  private startError: string | undefined
  private exited: Promise<void> = Promise.resolve()

  constructor(readonly spec: ChildSpec, private readonly logger: Logger, private readonly backoff: BackoffOptions = {}) {
    super()
  }

  get pid(): number | undefined {
    return this.proc?.pid
  }

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null
  }

  /** Starts the child; resolves with its ready info, or rejects if this first start fails (it is still restarted). */
  start(): Promise<Record<string, unknown>> {
    return this.launch()
  }

  private launch(): Promise<Record<string, unknown>> {
    const { spec } = this
    const proc = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] })
    this.proc = proc
    this.stderrTail = []
    this.startError = undefined
    if (proc.pid !== undefined) this.pids.push(proc.pid)
    const startedAt = Date.now()
    let readyAt: number | undefined
    proc.stdin?.on('error', () => undefined)

    let resolveLine!: (line: Record<string, unknown>) => void
    const readyLine = new Promise<Record<string, unknown>>((resolve) => { resolveLine = resolve })
    createInterface({ input: proc.stdout! }).on('line', (text) => {
      let line: unknown
      try {
        line = JSON.parse(text)
      } catch {
        this.logger.debug({ child: spec.name }, text)
        return
      }
      if (line && typeof line === 'object' && 'ready' in line) {
        const ready = line as Record<string, unknown>
        if (ready.ready !== true) this.startError = String(ready.error ?? text)
        resolveLine(ready)
      }
      else this.logger.debug({ child: spec.name }, text)
    })
    createInterface({ input: proc.stderr! }).on('line', (text) => {
      this.stderrTail.push(text)
      if (this.stderrTail.length > 12) this.stderrTail.shift()
      this.logger.debug({ child: spec.name }, text)
    })

    let resolveExit!: (reason: string) => void
    const exit = new Promise<string>((resolve) => { resolveExit = resolve })
    this.exited = exit.then(() => undefined)
    proc.once('error', (err) => resolveExit(`could not start ${spec.command}: ${err.message}`))
    proc.once('exit', (code, signal) => resolveExit(signal ? `killed by ${signal}` : `exited with code ${code}`))

    const ready = (spec.ready ?? defaultReady)(proc, readyLine)
    const timeoutMs = spec.readyTimeoutMs ?? 60_000
    let timer: NodeJS.Timeout | undefined
    const outcome = Promise.race([
      ready.then((info) => ({ ok: true as const, info })),
      exit.then((reason) => ({ ok: false as const, reason })),
      new Promise<{ ok: false; reason: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, reason: `not ready within ${timeoutMs / 1000} s` }), timeoutMs)
      }),
    ]).catch((e: unknown) => ({ ok: false as const, reason: e instanceof Error ? e.message : String(e) }))

    void exit.then((reason) => {
      if (this.proc === proc) this.proc = undefined
      if (this.stopping) return
      const stable = readyAt !== undefined && Date.now() - readyAt >= (this.backoff.stableMs ?? 30_000)
      this.failures = stable ? 1 : this.failures + 1
      const delay = backoffDelay(this.failures, this.backoff)
      const why = this.describe(reason)
      this.emit('exit', why)
      this.logger.warn({ child: spec.name, pid: proc.pid, upSeconds: Math.round((Date.now() - startedAt) / 1000), restartInMs: delay },
        `${spec.name} ${why}; restarting in ${(delay / 1000).toFixed(1)} s`)
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined
        if (this.stopping) return
        this.restarts++
        this.launch().catch(() => undefined)
      }, delay)
    })

    return outcome.then((o) => {
      clearTimeout(timer)
      if (o.ok) {
        readyAt = Date.now()
        this.info = o.info
        this.emit('ready', o.info)
        return o.info
      }
      // Not ready: make sure it is gone (one that said why is given a moment to exit by itself);
      // the exit handler above logs the reason and schedules the restart.
      if (this.proc === proc && this.running) {
        if (this.startError) setTimeout(() => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL') }, 1_000).unref()
        else {
          this.startError = o.reason
          proc.kill('SIGKILL')
        }
      }
      throw new Error(`${spec.name}: ${this.describe(o.reason)}`)
    })
  }

  private describe(reason: string): string {
    const tail = this.stderrTail.filter((l) => l.trim()).slice(-3).join(' | ')
    const why = this.startError && !reason.includes(this.startError) ? `${reason}: ${this.startError}` : reason
    return tail ? `${why} (stderr: ${tail})` : why
  }

  /**
   * No more restarts, and its exit is expected (a Ctrl-C in a terminal reaches the children too);
   * stop() still ends it.
   */
  halt(): void {
    this.stopping = true
    clearTimeout(this.restartTimer)
  }

  /** Stops the child for good: no more restarts; SIGTERM, then SIGKILL after the grace time. */
  async stop(): Promise<void> {
    this.halt()
    const proc = this.proc
    if (!proc || !this.running) return
    const exited = this.exited
    proc.kill('SIGTERM')
    const timer = setTimeout(() => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL') }, this.spec.stopGraceMs ?? 5_000)
    await exited
    clearTimeout(timer)
  }
}

function defaultReady(_child: ChildProcess, readyLine: Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  return readyLine.then((line) => {
    if (line.ready !== true) throw new Error(`failed to start: ${String(line.error ?? JSON.stringify(line))}`)
    return line
  })
}

/**
 * Is the process with this PID still running? Signal 0 probes without signalling; a zombie (dead,
 * not yet reaped by its parent) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return true
  }
}
