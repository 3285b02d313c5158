// A canary controller over a real FileStore (real admission, real files) and the mesh model, with
// a fake clock and scripted gate answers: ramps run through their steps in milliseconds.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CanaryRampStatus } from '../../../shared/canary.ts'
import type { ConfigObject, ObjectRef } from '../../../shared/k8s.ts'
import type { Clock } from '../../../server/canary/clock.ts'
import { CanaryController } from '../../../server/canary/controller.ts'
import type { CanaryMeasurement, GateSource, MeasureRequest } from '../../../server/canary/gates.ts'
import { MeshModel } from '../../../server/mesh/model.ts'
import { FileStore } from '../../../server/store/files/store.ts'
import type { ConfigStore, WatchEvent, WriteOptions, WriteResult } from '../../../server/store/types.ts'
import { admit } from '../../../server/validation/admission/index.ts'

export const T0 = Date.parse('2025-03-01T12:00:00.000Z')
export const RAMP: ObjectRef = { group: 'rollouts.trellis.dev', kind: 'CanaryRamp', namespace: 'bookinfo', name: 'reviews-v3' }
export const VS: ObjectRef = { group: 'networking.istio.io', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' }
export const DR: ObjectRef = { group: 'networking.istio.io', kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' }

/** Timers fire only when the test advances time. */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; fn: () => void }[] = []
  private seq = 0

  constructor(public t = T0) {}

  now(): number {
    return this.t
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    const timer = { at: this.t + delayMs, seq: ++this.seq, fn }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((x) => x !== timer)
    }
  }

  /** When the next timer is due, if any. */
  nextAt(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((x) => x.at)) : undefined
  }

  /** Moves time forward, firing what falls due in order and letting the controller finish each. */
  async advance(ms: number, controller: CanaryController): Promise<void> {
    const end = this.t + ms
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!due) break
      this.timers = this.timers.filter((x) => x !== due)
      this.t = Math.max(this.t, due.at)
      due.fn()
      await controller.idle()
    }
    this.t = end
  }
}

/** Answers from a script, one per measurement; records each request. */
export class ScriptedGates implements GateSource {
  readonly requests: MeasureRequest[] = []
  constructor(public answer: (req: MeasureRequest, n: number) => CanaryMeasurement | Error = () => HEALTHY) {}

  async measure(req: MeasureRequest): Promise<CanaryMeasurement> {
    this.requests.push(req)
    const a = this.answer(req, this.requests.length)
    if (a instanceof Error) throw a
    return a
  }
}

export const HEALTHY: CanaryMeasurement = { requests: 120, inboundErrorPercent: 0, outboundRequests: 60, outboundErrorPercent: 0.5, p99Ms: 80 }

/**
 * A store whose next update of a chosen object is preceded by someone else's write, as when a user
 * applies a change a moment before the controller does: the controller's write then meets 409.
 */
export class RacingStore implements ConfigStore {
  conflicts = 0
  private race: { kind: string; write: () => Promise<unknown> } | undefined

  constructor(private readonly inner: ConfigStore) {}

  get ready(): Promise<void> {
    return this.inner.ready
  }

  /** Before the next update of an object of `kind`, runs `write`. */
  raceNext(kind: string, write: () => Promise<unknown>): void {
    this.race = { kind, write }
  }

  list(...args: Parameters<ConfigStore['list']>) { return this.inner.list(...args) }
  get(ref: ObjectRef) { return this.inner.get(ref) }
  watch(handler: (events: WatchEvent[]) => void) { return this.inner.watch(handler) }
  create(obj: ConfigObject, opts?: WriteOptions) { return this.inner.create(obj, opts) }
  patch(ref: ObjectRef, patch: unknown, opts?: WriteOptions) { return this.inner.patch(ref, patch, opts) }
  delete(ref: ObjectRef, opts?: WriteOptions & { resourceVersion?: string }) { return this.inner.delete(ref, opts) }
  sourceErrors() { return this.inner.sourceErrors() }
  close() { return this.inner.close() }

  async update(obj: ConfigObject, opts?: WriteOptions): Promise<WriteResult> {
    const race = this.race
    if (race && race.kind === obj.kind) {
      this.race = undefined
      await race.write()
    }
    try {
      return await this.inner.update(obj, opts)
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 409) this.conflicts++
      throw err
    }
  }
}

export const REVIEWS_VS_YAML = `# Reviews routing, owned by the reviews team.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews
  http:
  - name: test-users # jason sees v2
    match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - name: everyone-else
    timeout: 5s
    route:
    - destination:
        host: reviews
        subset: v1
      weight: 100
`

const workload = (app: string, version: string, i: number) => `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata:
  name: ${app}-${version}
  namespace: bookinfo
spec:
  address: 10.0.0.${i}
  labels:
    app: ${app}
    version: ${version}
`

export const rampYaml = (spec: string) => `apiVersion: rollouts.trellis.dev/v1alpha1
kind: CanaryRamp
metadata:
  name: reviews-v3
  namespace: bookinfo
spec:
${spec}`

export const DEFAULT_RAMP = rampYaml(`  service: reviews
  stable: v1
  canary: v3
  steps: [10, 25, 50, 100]
  interval: 30s
  gates: {maxErrorPercent: 5, maxP99Ms: 1000, minRequests: 10}
`)

export function meshFiles(opts: { versions?: string[]; ramp?: string } = {}): Record<string, string> {
  const versions = opts.versions ?? ['v1', 'v2', 'v3']
  return {
    'bookinfo/services.yaml': `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    app: reviews
  ports:
  - name: grpc
    port: 9080
`,
    'bookinfo/workloads.yaml': versions.map((v, i) => workload('reviews', v, i + 1)).join('---\n'),
    // Subsets for v1 and v2 only: the ramp adds v3.
    'bookinfo/reviews-dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN # keep me
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`,
    'bookinfo/reviews-vs.yaml': REVIEWS_VS_YAML,
    ...(opts.ramp === '' ? {} : { 'bookinfo/ramp.yaml': opts.ramp ?? DEFAULT_RAMP }),
  }
}

export interface Harness {
  dir: string
  store: FileStore
  racing: RacingStore
  model: MeshModel
  clock: FakeClock
  gates: ScriptedGates
  controller: CanaryController
  /** A controller over the same store (a restarted Trellis), replacing the current one. */
  restart(clock?: FakeClock): Promise<CanaryController>
  status(): CanaryRampStatus
  /** The canary and stable weights of the VirtualService's catch-all route. */
  weights(): Record<string, number>
  read(rel: string): Promise<string>
  cleanup(): Promise<void>
}

export async function harness(files: Record<string, string> = meshFiles()): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-canary-'))
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
    await writeFile(path.join(dir, rel), text)
  }
  const clock = new FakeClock()
  const store = new FileStore({ dir, admission: admit, watch: false, now: () => new Date(clock.now()) })
  await store.ready
  const racing = new RacingStore(store)
  const model = new MeshModel(store)
  const gates = new ScriptedGates()
  const make = (c: FakeClock) => new CanaryController({ store: racing, mesh: model, gates, clock: c })
  const h: Harness = {
    dir, store, racing, model, clock, gates,
    controller: make(clock),
    async restart(next = h.clock) {
      await h.controller.close()
      h.clock = next
      h.controller = make(next)
      h.controller.start()
      await h.controller.idle()
      return h.controller
    },
    status: () => store.get(RAMP)?.status as CanaryRampStatus,
    weights() {
      const http = (store.get(VS)?.spec?.http ?? []) as { match?: unknown[]; route?: { destination: { subset?: string }; weight?: number }[] }[]
      const catchAll = http.find((r) => !r.match?.length)
      return Object.fromEntries((catchAll?.route ?? []).map((d) => [d.destination.subset ?? '', d.weight ?? 0]))
    },
    read: (rel) => readFile(path.join(dir, rel), 'utf8'),
    async cleanup() {
      await h.controller.close()
      model.close()
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
  return h
}
