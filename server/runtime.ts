// Wires the parts together: store → mesh model → validation, with live events for the web app.
import { fileURLToPath } from 'node:url'
import pino, { type Logger } from 'pino'
import type { FastifyInstance } from 'fastify'
import type { ConfigEvent } from '../shared/api.ts'
import { groupOf, versionOf, type ConfigObject } from '../shared/k8s.ts'
import { buildApp } from './app.ts'
import { EventHub } from './events.ts'
import { MeshModel } from './mesh/model.ts'
import { FileStore } from './store/files/store.ts'
import type { ConfigStore } from './store/types.ts'
import { admit } from './validation/admission/index.ts'
import { admissionWarnings } from './validation/admission-warnings.ts'
import { ValidationEngine } from './validation/engine.ts'
import { AdsServer } from './xds/ads.ts'
import { GENERATORS } from './xds/generate/index.ts'
import { grpcCompatChecks } from './xds/compat.ts'
import { attachNackChecks } from './xds/nack-checks.ts'
import { PrometheusClient } from './telemetry/prometheus/client.ts'
import { FileSdWriter } from './telemetry/file-sd.ts'
import { CanaryController } from './canary/controller.ts'
import { PrometheusGateSource } from './canary/prometheus-gates.ts'

export interface TrellisOptions {
  configDir: string
  viewOnly?: boolean
  /** Built web app; defaults to dist/web of this package. */
  webRoot?: string
  logLevel?: string
  logger?: Logger
  /** Port of the embedded control plane's ADS server (0 picks a free one); absent: no control plane. */
  xdsPort?: number
  xdsHost?: string
  /** Push debounce: quiet time and longest wait, in ms (defaults 10 and 1000). */
  debounceMs?: number
  debounceMaxMs?: number
  /** How long a disconnected proxy stays registered (default 3000 ms). */
  graceMs?: number
  /** Prometheus holding Istio's metrics (`http://127.0.0.1:9090`); absent: no telemetry, lists show NA health. */
  prometheusUrl?: string
  /** Per Prometheus request (default 5000 ms). */
  prometheusTimeoutMs?: number
  /** Writes Prometheus file_sd targets here for every registered workload with an `http-metrics` port. */
  fileSdPath?: string
}

export interface Trellis {
  app: FastifyInstance
  store: ConfigStore
  model: MeshModel
  validation: ValidationEngine
  events: EventHub
  logger: Logger
  xds?: AdsServer
  /** The bound ADS port, when the control plane runs. */
  xdsPort?: number
  prometheus?: PrometheusClient
  /** Drives canary ramps; absent in view-only mode and without Prometheus (their gates need it). */
  canary?: CanaryController
  close(): Promise<void>
}

function throttle(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined
      fn()
    }, ms).unref()
  }
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url))

export async function createTrellis(opts: TrellisOptions): Promise<Trellis> {
  const logger = opts.logger ?? pino({ level: opts.logLevel ?? 'info' })
  // Made first: a malformed URL fails before anything is listening.
  const prometheus = opts.prometheusUrl === undefined ? undefined : new PrometheusClient({
    url: opts.prometheusUrl, timeoutMs: opts.prometheusTimeoutMs, logger: logger.child({ part: 'prometheus' }),
  })
  const store = new FileStore({ dir: opts.configDir, admission: admit, logger: logger.child({ part: 'store' }) })
  await store.ready
  const model = new MeshModel(store)
  const controlPlane = opts.xdsPort !== undefined
  // With the embedded control plane, what proxyless gRPC cannot honour is flagged on the object.
  const extraChecks = controlPlane ? (obj: ConfigObject) => [...admissionWarnings(obj), ...grpcCompatChecks(obj)] : admissionWarnings
  const validation = new ValidationEngine(undefined, { extraChecks })
  validation.full(model.snapshot)
  const events = new EventHub()
  model.on('change', (change) => validation.update(change))
  // Summaries cost a pass over every object: at most one event per 250 ms, whatever the churn.
  validation.on('changed', throttle(() => events.publish('validations', { summaries: validation.summaries() }), 250))
  // Subscribed after the model, so a client hearing of a change reads the updated model.
  const unwatch = store.watch((batch) => {
    for (const e of batch) {
      const ev: ConfigEvent = {
        type: e.type,
        group: groupOf(e.object.apiVersion),
        version: versionOf(e.object.apiVersion),
        kind: e.object.kind,
        namespace: e.object.metadata.namespace ?? '',
        name: e.object.metadata.name,
        resourceVersion: e.object.metadata.resourceVersion ?? '',
      }
      events.publish('config', ev)
    }
  })
  let xds: AdsServer | undefined
  let xdsPort: number | undefined
  if (opts.xdsPort !== undefined) {
    xds = new AdsServer({
      model, generators: GENERATORS, logger: logger.child({ part: 'xds' }),
      debounceMs: opts.debounceMs, debounceMaxMs: opts.debounceMaxMs, graceMs: opts.graceMs,
    })
    attachNackChecks(xds, validation, () => model.snapshot)
    xds.progress.on('progress', (p) => events.publish('xds-push', p))
    // Proxy lists refresh on these; a burst of ACKs becomes one event per 250 ms.
    const proxiesChanged = throttle(() => events.publish('proxies', {}), 250)
    xds.on('connection', proxiesChanged)
    xds.on('ack', proxiesChanged)
    xds.on('nack', proxiesChanged)
    xdsPort = await xds.listen(opts.xdsPort, opts.xdsHost ?? '127.0.0.1')
    logger.info({ port: xdsPort }, 'control plane (ADS) listening')
  }
  const fileSd = opts.fileSdPath === undefined ? undefined : new FileSdWriter({
    model, path: opts.fileSdPath, logger: logger.child({ part: 'file-sd' }),
    workloadName: (w) => (w.key.startsWith('proxy/') ? xds?.connectionOf(w.key.slice('proxy/'.length))?.proxy.workloadName : undefined),
  })
  await fileSd?.ready
  prometheus?.start()
  const app = await buildApp({
    store, model, validation, events, xds, xdsPort, prometheus,
    viewOnly: opts.viewOnly ?? false,
    webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT,
    logger: logger.child({ part: 'http' }),
  })
  // Ramps write routing and their status; a view-only Trellis writes nothing, and without
  // Prometheus no gate could ever pass, so in both cases ramps are shown and left alone.
  let canary: CanaryController | undefined
  if (opts.viewOnly) {
    logger.info('view-only: canary ramps are shown but not driven')
  } else if (!prometheus) {
    logger.info('no Prometheus (--prometheus-url): canary ramps are shown but not driven, as their gates need its metrics')
  } else {
    canary = new CanaryController({ store, mesh: model, gates: new PrometheusGateSource(prometheus), logger: logger.child({ part: 'canary' }) })
    canary.start()
  }
  return {
    app, store, model, validation, events, logger, xds, xdsPort, prometheus, canary,
    async close() {
      await canary?.close()
      prometheus?.close()
      await app.close()
      await xds?.close()
      await fileSd?.close()
      unwatch()
      model.close()
      await store.close()
    },
  }
}
