// `trellis demo`: a living mesh on this machine. Trellis (console, API and the embedded control
// plane) runs in this process over a config folder seeded with the Bookinfo manifests; the six
// Bookinfo workloads and Prometheus run as supervised children (restarted with back-off when they
// die); a traffic generator keeps productpage busy. stop() ends every process it started, by PID,
// and removes its temp folder.
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { DEFAULT_WEB_ROOT } from '../runtime.ts'
import { startTrellis, type RunningTrellis } from '../serve.ts'
import { PROMETHEUS_MISSING, findPrometheus, prometheusSpec, prometheusUrl } from './prometheus.ts'
import { SupervisedChild, isAlive, type BackoffOptions, type ChildSpec } from './supervisor.ts'
import { TrafficGenerator } from './traffic.ts'

export const MANIFESTS_DIR = fileURLToPath(new URL('./manifests', import.meta.url))
const WORKLOAD_SCRIPT = fileURLToPath(new URL('./workload.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Bookinfo's workloads: productpage v1 → details v1 and reviews; reviews v1, v2, v3; v2 and v3 → ratings v1. */
export const BOOKINFO_WORKLOADS = [
  { role: 'productpage', version: 'v1' },
  { role: 'details', version: 'v1' },
  { role: 'reviews', version: 'v1' },
  { role: 'reviews', version: 'v2' },
  { role: 'reviews', version: 'v3' },
  { role: 'ratings', version: 'v1' },
] as const

export const DEFAULT_PORTS = { console: 20001, xds: 15010, prometheus: 9090 } as const

export interface DemoOptions {
  logger: Logger
  /** Where everything listens (default 127.0.0.1). */
  host?: string
  /** Console port: a number is required (0: any free port); absent: 20001, or a free one if taken. */
  port?: number
  xdsPort?: number
  prometheusPort?: number
  /** Run Prometheus (default true); skipped with a message when it is not installed. */
  prometheus?: boolean
  prometheusBinary?: string
  /** An existing config folder to use as is; default: a fresh copy of the Bookinfo manifests. */
  configDir?: string
  /** Traffic to productpage, requests per second (default 5; 0: none). */
  rate?: number
  /** OTLP/HTTP traces endpoint for the workloads; absent: spans are made but not exported. */
  otlpUrl?: string
  webRoot?: string
  /** Trellis's own log level (default warn: the demo's log stays readable). */
  trellisLogLevel?: string
  backoff?: BackoffOptions
  /** How long to wait for every workload's first start before going on (default 60 s). */
  startTimeoutMs?: number
  /** Aborting stops waiting for the first starts (a Ctrl-C during start-up); stop() then ends it all. */
  signal?: AbortSignal
}

export interface RunningDemo {
  consoleUrl: string
  prometheusUrl: string | undefined
  /** productpage's URL (it changes when productpage restarts), once it is ready. */
  productpageUrl(): string | undefined
  configDir: string
  trellis: RunningTrellis
  children: readonly SupervisedChild[]
  traffic: TrafficGenerator | undefined
  /** Every PID the demo has started (children and their restarts). */
  pids(): number[]
  /** Calls `fn` whenever a child becomes ready or exits. */
  onChange(fn: () => void): void
  /** Stops everything; resolves with the PIDs still alive afterwards (none, unless a kill failed). */
  stop(): Promise<number[]>
}

/** Is host:port free to listen on? */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, host, () => probe.close(() => resolve(true)))
  })
}

export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const addr = probe.address()
      probe.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * The port to use for one part: an explicit port must be free (0 means any); without one, the
 * preferred port if free, else any free port (said in the log).
 */
export async function choosePort(what: string, explicit: number | undefined, preferred: number, host: string, logger: Logger): Promise<number> {
  if (explicit === 0) return freePort(host)
  if (explicit !== undefined) {
    if (!(await portFree(explicit, host))) {
      throw new Error(`port ${explicit} (${what}) on ${host} is already in use: stop what holds it, or pick another port (0 for any free one)`)
    }
    return explicit
  }
  if (await portFree(preferred, host)) return preferred
  const port = await freePort(host)
  logger.info(`port ${preferred} (${what}) is in use; using ${port} instead`)
  return port
}

export function workloadSpec(w: { role: string; version: string }, xdsServer: string, otlpUrl: string | undefined): ChildSpec {
  const env = { ...process.env }
  // Each workload builds its own bootstrap; one inherited from this shell would take precedence.
  delete env.GRPC_XDS_BOOTSTRAP
  delete env.GRPC_XDS_BOOTSTRAP_CONFIG
  return {
    name: `${w.role}-${w.version}`,
    command: process.execPath,
    args: [
      // tsx resolved from this package, so the children start from any working directory.
      '--import', import.meta.resolve('tsx'),
      WORKLOAD_SCRIPT, '--role', w.role, '--version', w.version, '--xds-server', xdsServer, '--exit-on-stdin-close',
      ...(otlpUrl ? ['--otlp-url', otlpUrl] : []),
    ],
    cwd: REPO_ROOT,
    env,
    readyTimeoutMs: 60_000,
  }
}

export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const { logger } = opts
  const host = opts.host ?? '127.0.0.1'
  const tempDir = await mkdtemp(join(tmpdir(), 'trellis-demo-'))
  const children: SupervisedChild[] = []
  const listeners: Array<() => void> = []
  let trellis: RunningTrellis | undefined
  let traffic: TrafficGenerator | undefined

  const stop = async (): Promise<number[]> => {
    for (const c of children) c.halt()
    await traffic?.stop()
    await Promise.allSettled(children.map((c) => c.stop()))
    // Check rather than assume: a child of ours still alive is killed, and reported. (Only
    // current processes: earlier PIDs exited and were reaped; the OS may have reused them.)
    let survivors = children.filter((c) => c.running && c.pid !== undefined).map((c) => c.pid as number).filter(isAlive)
    for (const pid of survivors) {
      try { process.kill(pid, 'SIGKILL') } catch { /* gone meanwhile */ }
    }
    if (survivors.length) {
      await new Promise((r) => setTimeout(r, 200))
      survivors = survivors.filter(isAlive)
    }
    if (trellis) {
      const closing = trellis.close()
      const closed = await Promise.race([closing.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000).unref())])
      if (!closed) logger.warn('Trellis did not close within 5 s; leaving it to the process exit')
    }
    await rm(tempDir, { recursive: true, force: true })
    return survivors
  }

  try {
    const configDir = opts.configDir ?? join(tempDir, 'config')
    if (opts.configDir === undefined) await cp(MANIFESTS_DIR, configDir, { recursive: true, filter: (src) => !src.endsWith('README.md') })
    else if (!existsSync(opts.configDir)) throw new Error(`--config-dir ${opts.configDir} does not exist`)
    const promDir = join(tempDir, 'prometheus')
    await mkdir(promDir)
    const fileSdPath = join(promDir, 'targets.json')

    const binary = opts.prometheus === false ? undefined : opts.prometheusBinary ?? findPrometheus()
    if (opts.prometheus !== false && !binary) logger.warn(PROMETHEUS_MISSING)
    const consolePort = await choosePort('console', opts.port, DEFAULT_PORTS.console, host, logger)
    const xdsPort = await choosePort('control plane', opts.xdsPort, DEFAULT_PORTS.xds, host, logger)
    const promPort = binary ? await choosePort('Prometheus', opts.prometheusPort, DEFAULT_PORTS.prometheus, host, logger) : undefined
    const promUrl = promPort === undefined ? undefined : prometheusUrl(host, promPort)

    const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT
    if (!existsSync(join(webRoot, 'index.html'))) {
      logger.warn(`the web app is not built (no ${join(webRoot, 'index.html')}): the API works, the console's pages do not; run \`npm run build\``)
    }
    // From a Ctrl-C on, the children's exits are expected: no restarts, no warnings.
    opts.signal?.addEventListener('abort', () => { for (const c of children) c.halt() }, { once: true })
    const supervise = (spec: ChildSpec): SupervisedChild => {
      const child = new SupervisedChild(spec, logger.child({ part: 'demo' }), opts.backoff)
      child.on('ready', (info) => {
        logger.info({ pid: info.pid, ...(info.ports ? { ports: info.ports } : {}) }, `${spec.name} is ready`)
        for (const fn of listeners) fn()
      })
      child.on('exit', () => { for (const fn of listeners) fn() })
      if (opts.signal?.aborted) child.halt()
      children.push(child)
      return child
    }
    // The workloads take longest to start (grpc-js-xds alone costs a second or two of CPU each),
    // so they start first; they connect to the control plane once it listens (grpc-js-xds retries).
    const workloads = BOOKINFO_WORKLOADS.map((w) => supervise(workloadSpec(w, `${host}:${xdsPort}`, opts.otlpUrl)))
    const workloadsReady = Promise.allSettled(workloads.map((c) => c.start()))
    // Prometheus before Trellis (it is ready in a second or two), so Trellis finds it at once.
    if (binary && promPort !== undefined) {
      const prometheus = supervise(await prometheusSpec({ binary, dir: promDir, fileSdPath, host, port: promPort }))
      await prometheus.start().catch((e: unknown) => { if (!opts.signal?.aborted) logger.error(`${(e as Error).message}; it will be restarted`) })
    }

    trellis = await startTrellis({
      configDir, webRoot, host, port: consolePort, xdsPort, xdsHost: host, fileSdPath, prometheusUrl: promUrl,
      logger: logger.child({ part: 'trellis' }, { level: opts.trellisLogLevel ?? 'warn' }),
    })
    logger.info({ url: trellis.url, xds: `${host}:${xdsPort}`, configDir }, 'Trellis is up with its control plane')

    const timeoutMs = opts.startTimeoutMs ?? 60_000
    const started = await Promise.race([
      workloadsReady,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
      new Promise<'aborted'>((r) => {
        if (opts.signal?.aborted) r('aborted')
        else opts.signal?.addEventListener('abort', () => r('aborted'), { once: true })
      }),
    ])
    if (started === 'aborted' || opts.signal?.aborted) logger.info('start-up interrupted')
    else if (started === 'timeout') logger.warn(`not every demo process was ready within ${timeoutMs / 1000} s; going on, they keep being restarted`)
    else for (const r of started) if (r.status === 'rejected') logger.error(`${(r.reason as Error).message}; it will be restarted`)

    const productpage = children.find((c) => c.spec.name === 'productpage-v1')
    const productpageUrl = (): string | undefined => {
      const port = (productpage?.info?.ports as Record<string, number> | undefined)?.http
      return productpage?.running && port ? `http://${host}:${port}` : undefined
    }
    if ((opts.rate ?? 5) > 0) {
      traffic = new TrafficGenerator({ url: productpageUrl, rate: opts.rate ?? 5, logger: logger.child({ part: 'traffic' }) })
      traffic.start()
    }

    const running = trellis
    return {
      consoleUrl: running.url,
      prometheusUrl: promUrl,
      productpageUrl,
      configDir,
      trellis: running,
      children,
      traffic,
      pids: () => children.flatMap((c) => c.pids),
      onChange: (fn) => { listeners.push(fn) },
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}
