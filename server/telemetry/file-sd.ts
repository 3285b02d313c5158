// Prometheus file-based service discovery for the mesh's workloads: every registered proxy that
// advertises an `http-metrics` port becomes a scrape target, so scraping follows the mesh as
// workloads come, go and restart on new ports. Prometheus watches the file (file_sd_configs).
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Logger } from 'pino'
import writeFileAtomic from 'write-file-atomic'
import type { MeshModel } from '../mesh/model.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { Workload } from '../mesh/types.ts'

/** The POD_PORTS name a workload gives its /metrics port (server/workload's METRICS_PORT_NAME). */
export const METRICS_PORT = 'http-metrics'

/** One entry of a file_sd file: https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config */
export interface FileSdGroup {
  targets: string[]
  labels: Record<string, string>
}

/** A workload's Deployment-like name (`reviews-v2`), when known; the pod name otherwise. */
export type WorkloadNamer = (w: Workload) => string | undefined

/** Targets for every proxy-registered workload with a metrics port, sorted (stable file content). */
export function fileSdTargets(snapshot: MeshSnapshot, workloadName: WorkloadNamer = () => undefined): FileSdGroup[] {
  const groups: FileSdGroup[] = []
  for (const w of snapshot.workloads()) {
    if (w.origin !== 'Proxy') continue
    const port = w.ports[METRICS_PORT]
    if (port === undefined || !w.address) continue
    const host = w.address.includes(':') ? `[${w.address}]` : w.address
    const labels: Record<string, string> = { namespace: w.namespace, pod: w.name, workload: workloadName(w) ?? w.name }
    if (w.labels.app) labels.app = w.labels.app
    if (w.labels.version) labels.version = w.labels.version
    groups.push({ targets: [`${host}:${port}`], labels })
  }
  return groups.sort((a, b) => (a.targets[0] < b.targets[0] ? -1 : a.targets[0] > b.targets[0] ? 1 : 0))
}

export interface FileSdWriterOptions {
  model: MeshModel
  /** The file Prometheus reads (file_sd_configs.files); its folder is created. */
  path: string
  logger?: Logger
  workloadName?: WorkloadNamer
  /** Coalesces bursts of registrations into one write (default 100 ms). */
  debounceMs?: number
}

/** Keeps a file_sd file in step with the mesh model; writes only when the targets change. */
export class FileSdWriter {
  /** Resolves once the first file is written (an empty list if nothing is registered yet). */
  readonly ready: Promise<void>
  private last: string | undefined
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()
  private closed = false
  private readonly names = new Map<string, string>()
  private readonly onChange = (): void => this.schedule()

  constructor(private readonly opts: FileSdWriterOptions) {
    opts.model.on('change', this.onChange)
    this.ready = this.enqueue()
  }

  /** The targets as last written. */
  current(): FileSdGroup[] {
    return this.last === undefined ? [] : (JSON.parse(this.last) as FileSdGroup[])
  }

  /** Stops following the model; a write under way completes. The file stays (Prometheus keeps its last targets). */
  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    this.opts.model.off('change', this.onChange)
    await this.writing
  }

  private schedule(): void {
    if (this.closed || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.enqueue()
    }, this.opts.debounceMs ?? 100)
    this.timer.unref()
  }

  private enqueue(): Promise<void> {
    this.writing = this.writing.then(() => this.write()).catch((err: unknown) => {
      this.opts.logger?.error({ err, path: this.opts.path }, 'could not write the Prometheus file_sd targets; scraping keeps the previous ones')
    })
    return this.writing
  }

  // A workload's name is remembered: its proxy may be gone (the grace period) while it is listed.
  private name(w: Workload): string | undefined {
    const known = this.names.get(w.key) ?? this.opts.workloadName?.(w)
    if (known) this.names.set(w.key, known)
    return known
  }

  private async write(): Promise<void> {
    const snapshot = this.opts.model.snapshot
    const groups = fileSdTargets(snapshot, (w) => this.name(w))
    for (const key of this.names.keys()) if (!snapshot.workload(key)) this.names.delete(key)
    const text = `${JSON.stringify(groups, null, 2)}\n`
    if (text === this.last) return
    if (this.last === undefined && (await readFile(this.opts.path, 'utf8').catch(() => undefined)) === text) {
      this.last = text
      return
    }
    await mkdir(dirname(this.opts.path), { recursive: true })
    // Atomic: Prometheus re-reads on every change and must never see half a file.
    await writeFileAtomic(this.opts.path, text)
    this.last = text
    this.opts.logger?.debug({ path: this.opts.path, targets: groups.length }, 'Prometheus file_sd targets written')
  }
}
