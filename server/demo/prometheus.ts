// The demo's Prometheus: Debian's `prometheus` binary as a supervised child, scraping every
// workload the control plane lists in its file_sd file every 5 s, with its data in a temp folder.
import { accessSync, constants } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import type { ChildSpec } from './supervisor.ts'

export const DEBIAN_PROMETHEUS = '/usr/bin/prometheus'

/** Says what to do when Prometheus is missing, and what the demo lacks without it. */
export const PROMETHEUS_MISSING =
  'Prometheus is not installed, so the demo runs without metrics: the graph, health, and the ' +
  'metrics charts stay empty (config, validation, routing and the Bookinfo page still work). ' +
  'Install it with `sudo apt-get install prometheus` (Debian/Ubuntu), or put a Prometheus 2.x binary ' +
  'on PATH or in $PROMETHEUS_BIN, then run the demo again.'

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** $PROMETHEUS_BIN, Debian's /usr/bin/prometheus, or `prometheus` on PATH. */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PROMETHEUS_BIN) return executable(env.PROMETHEUS_BIN) ? env.PROMETHEUS_BIN : undefined
  if (executable(DEBIAN_PROMETHEUS)) return DEBIAN_PROMETHEUS
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'prometheus'))) return join(dir, 'prometheus')
  }
  return undefined
}

/** prometheus.yml: one job over the control plane's file_sd targets. */
export function prometheusConfig(opts: { fileSdPath: string; scrapeInterval?: string }): string {
  const interval = opts.scrapeInterval ?? '5s'
  return `# Written by trellis demo: scrape every mesh workload the control plane lists.
global:
  scrape_interval: ${interval}
  evaluation_interval: ${interval}
scrape_configs:
  - job_name: trellis-workloads
    scrape_interval: ${interval}
    scrape_timeout: ${interval}
    metrics_path: /metrics
    file_sd_configs:
      - files:
          - ${JSON.stringify(opts.fileSdPath)}
        refresh_interval: ${interval}
`
}

export interface PrometheusSpecOptions {
  binary: string
  /** A folder of its own: config and TSDB go there. */
  dir: string
  fileSdPath: string
  host: string
  port: number
  scrapeInterval?: string
}

export function prometheusUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Writes the config and returns the child to supervise; ready once `/-/ready` answers 200. */
export async function prometheusSpec(opts: PrometheusSpecOptions): Promise<ChildSpec> {
  const configFile = join(opts.dir, 'prometheus.yml')
  await writeFile(configFile, prometheusConfig({ fileSdPath: opts.fileSdPath, scrapeInterval: opts.scrapeInterval }))
  const url = prometheusUrl(opts.host, opts.port)
  return {
    name: 'prometheus',
    command: opts.binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(opts.dir, 'data')}`,
      '--storage.tsdb.retention.time=1d',
      `--web.listen-address=${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`,
      '--log.level=warn',
    ],
    readyTimeoutMs: 30_000,
    stopGraceMs: 10_000,
    ready: async (child) => {
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error('exited before it was ready')
        try {
          const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })
          if (res.ok) return { url, pid: child.pid }
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200))
      }
    },
  }
}
