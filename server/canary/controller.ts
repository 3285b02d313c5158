// Drives every CanaryRamp that is not finished. A ramp's life:
//
//   Pending ──(service and both versions have workloads)──▶ Progressing at steps[0]
//   Progressing ──(interval over, gates pass)──▶ next step … ──(last step passes)──▶ Promoted (100% canary)
//               ──(a gate fails)──▶ RolledBack (100% stable; the history names the gate and the values)
//               ──(too few requests, a value missing, Prometheus failing)──▶ Paused (pausedBy: metrics)
//   Paused (metrics) re-checks over a fresh window every interval, and carries on by itself once the
//                    gates can decide: missing data never promotes, and never needs a human to clear.
//   spec.paused ──▶ Paused (pausedBy: user); cleared ──▶ Progressing, the step's window restarting.
//   spec.cancelled ──▶ Cancelled, the weights left as they are.
//   A routing edit admission refuses, or routing the ramp cannot edit sensibly ──▶ Failed.
//
// Everything a ramp is lives in the store: the status says the step and when it started, so a
// restarted Trellis re-applies that step's weights and carries on where it was. Every write goes
// through the store with the resourceVersion it read (writes.ts); the clock and the gate source are
// injected, so tests drive ramps with a fake clock and scripted measurements.
import type { Logger } from 'pino'
import { CANARY_GROUP, CANARY_KIND, isTerminalPhase, type CanaryRampSpec, type CanaryRampStatus } from '../../shared/canary.ts'
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { describeRef, refKey, refOf } from '../../shared/k8s.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { InvalidObjectError } from '../store/errors.ts'
import type { ConfigStore } from '../store/types.ts'
import { intervalMs } from '../validation/admission/canaryramp.ts'
import { systemClock, type Clock } from './clock.ts'
import { judge, type GateSource, type Verdict } from './gates.ts'
import { measured, statusOf, transition, type Change, type HistoryEvent } from './status.ts'
import { startProblem, versionWorkloadNames } from './targets.ts'
import { rampRule, rampTarget, rampVirtualService, TrafficEditError, withSubsets, withWeights, type RampTarget } from './traffic.ts'
import { editObject, writeStatus } from './writes.ts'

export interface CanaryControllerOptions {
  store: ConfigStore
  /** The live mesh model (services, workloads, routing by host). */
  mesh: { readonly snapshot: MeshSnapshot }
  gates: GateSource
  clock?: Clock
  logger?: Logger
  /** How often a ramp waiting to start looks again (default 5 s, or its interval when shorter). */
  pendingRecheckMs?: number
  /** How long after an unexpected failure (a store I/O error) a ramp is tried again (default 5 s). */
  retryMs?: number
}

interface RampState {
  running?: Promise<void>
  again: boolean
  cancelTimer?: () => void
  /** The step's weights have been applied since this controller started (a restart re-applies them). */
  asserted: boolean
}

interface Ramp {
  ref: ObjectRef
  obj: ConfigObject
  spec: CanaryRampSpec
  status: CanaryRampStatus
  target: RampTarget
  intervalMs: number
  now: number
}

const SILENT = { info() {}, warn() {}, error() {} } as unknown as Logger

export class CanaryController {
  private readonly store: ConfigStore
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly ramps = new Map<string, RampState>()
  private unwatch: (() => void) | undefined
  private closed = false

  constructor(private readonly opts: CanaryControllerOptions) {
    this.store = opts.store
    this.clock = opts.clock ?? systemClock
    this.logger = opts.logger ?? SILENT
  }

  /** Follows the store's ramps from now on, starting with every one it holds. */
  start(): void {
    this.unwatch = this.store.watch((events) => {
      for (const e of events) {
        if (e.object.kind !== CANARY_KIND) continue
        const ref = refOf(e.object)
        if (e.type === 'DELETED') this.forget(refKey(ref))
        else this.kick(ref)
      }
    })
    for (const ramp of this.store.list({ group: CANARY_GROUP, kind: CANARY_KIND })) this.kick(refOf(ramp))
  }

  async close(): Promise<void> {
    this.closed = true
    this.unwatch?.()
    for (const st of this.ramps.values()) st.cancelTimer?.()
    await this.idle()
  }

  /** Resolves once no ramp is being worked on (timers may still be armed). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.ramps.values()].map((s) => s.running).filter((p): p is Promise<void> => p !== undefined)
      if (running.length === 0) return
      await Promise.allSettled(running)
    }
  }

  private forget(key: string): void {
    this.ramps.get(key)?.cancelTimer?.()
    this.ramps.delete(key)
  }

  /** Works on a ramp now; one pass at a time per ramp, and one more if asked meanwhile. */
  private kick(ref: ObjectRef): void {
    if (this.closed) return
    const key = refKey(ref)
    let st = this.ramps.get(key)
    if (!st) this.ramps.set(key, (st = { again: false, asserted: false }))
    if (st.running) {
      st.again = true
      return
    }
    const state = st
    state.running = (async () => {
      try {
        do {
          state.again = false
          try {
            await this.reconcile(ref, state)
          } catch (err) {
            this.logger.error({ err, ramp: describeRef(ref) }, 'canary ramp: could not act; trying again shortly')
            this.arm(ref, state, this.opts.retryMs ?? 5000)
          }
        } while (state.again && !this.closed)
      } finally {
        state.running = undefined
      }
    })()
  }

  private arm(ref: ObjectRef, st: RampState, delayMs: number): void {
    st.cancelTimer?.()
    if (this.closed) return
    st.cancelTimer = this.clock.setTimer(Math.max(0, delayMs), () => this.kick(ref))
  }

  private async reconcile(ref: ObjectRef, st: RampState): Promise<void> {
    st.cancelTimer?.()
    st.cancelTimer = undefined
    const obj = this.store.get(ref)
    if (!obj) return this.forget(refKey(ref))
    const status = statusOf(obj)
    if (isTerminalPhase(status.phase)) return
    const spec = obj.spec as CanaryRampSpec
    const ramp: Ramp = {
      ref, obj, spec, status,
      target: rampTarget(this.opts.mesh.snapshot, ref.namespace, spec),
      intervalMs: intervalMs(spec.interval),
      now: this.clock.now(),
    }
    if (spec.cancelled) {
      const message = `cancelled (spec.cancelled); the split stays at ${status.weight}% ${spec.canary} as it was`
      return this.setStatus(ramp, st, { phase: 'Cancelled', message }, { event: 'cancelled' })
    }
    if (spec.paused) {
      if (status.phase === 'Paused' && status.pausedBy === 'user') return
      const message = `paused (spec.paused) ${status.step < 0 ? 'before the first step' : `at step ${status.step + 1} of ${spec.steps.length}, ${status.weight}% ${spec.canary}`}; set spec.paused to false to resume`
      return this.setStatus(ramp, st, { phase: 'Paused', pausedBy: 'user', message }, { event: 'paused' })
    }
    try {
      if (status.phase === 'Pending' || status.step < 0) return await this.begin(ramp, st)
      if (status.phase === 'Paused' && status.pausedBy === 'user') return await this.resume(ramp, st)
      return await this.progress(ramp, st)
    } catch (err) {
      if (!(err instanceof TrafficEditError || err instanceof InvalidObjectError)) throw err
      // A human has to decide: the ramp stops where it is, saying why.
      const message = `could not change the routing: ${err.message}`
      this.logger.warn({ ramp: describeRef(ref), error: err.message }, 'canary ramp failed')
      return this.setStatus({ ...ramp, now: this.clock.now() }, st, { phase: 'Failed', message }, { event: 'failed', message })
    }
  }

  /** Pending: starts once the service and both versions are there, at the first step. */
  private async begin(r: Ramp, st: RampState): Promise<void> {
    const problem = startProblem(this.store, this.opts.mesh.snapshot, r.obj, r.target)
    if (problem) {
      if (r.status.phase !== 'Pending' || r.status.message !== problem) await this.setStatus(r, st, { phase: 'Pending', message: problem })
      this.arm(r.ref, st, Math.min(r.intervalMs, this.opts.pendingRecheckMs ?? 5000))
      return
    }
    const weight = r.spec.steps[0]
    await this.applyWeights(r.target, weight)
    st.asserted = true
    await this.setStatus(r, st, {
      phase: 'Progressing', step: 0, weight, stepStartedAt: r.now, message: this.progressMessage(r, 0),
    }, { event: 'started', message: `${r.spec.service}: ${weight}% to ${r.spec.canary}, ${100 - weight}% to ${r.spec.stable}` })
  }

  /** A user pause lifted: the step's weights again, and a fresh window (paused time is no evidence). */
  private async resume(r: Ramp, st: RampState): Promise<void> {
    await this.applyWeights(r.target, r.status.weight)
    st.asserted = true
    await this.setStatus(r, st, { phase: 'Progressing', stepStartedAt: r.now, message: this.progressMessage(r, r.status.step) }, { event: 'resumed' })
  }

  /** Progressing, or paused for want of data: waits out the window, then lets the gates decide. */
  private async progress(r: Ramp, st: RampState): Promise<void> {
    if (!st.asserted) {
      // After a restart: make sure the routing says what the status says.
      await this.applyWeights(r.target, r.status.weight)
      st.asserted = true
    }
    const started = Date.parse(r.status.stepStartedAt ?? r.status.updatedAt)
    if (!Number.isFinite(started)) {
      // A status edited by hand without a readable time: the step's window starts now.
      return this.setStatus(r, st, { phase: r.status.phase === 'Paused' ? 'Paused' : 'Progressing', pausedBy: r.status.pausedBy, stepStartedAt: r.now, message: r.status.message ?? '' })
    }
    const due = started + r.intervalMs
    if (r.now < due) {
      this.arm(r.ref, st, due - r.now)
      return
    }
    const verdict = await this.measure(r, due)
    // Changed while Prometheus was asked (a user paused or cancelled): decide again on what is there now.
    if (this.store.get(r.ref)?.metadata.resourceVersion !== r.obj.metadata.resourceVersion) {
      st.again = true
      return
    }
    const now = this.clock.now()
    const at = { ...r, now }
    const lastStep = r.spec.steps.length - 1
    const step = Math.min(Math.max(r.status.step, 0), lastStep)
    if (verdict.result === 'insufficient') {
      const message = `paused at ${r.status.weight}% ${r.spec.canary}: ${verdict.summary}; the gates look again over the next ${r.spec.interval}`
      // One history entry per pause, not one per re-check.
      const event: HistoryEvent | undefined = r.status.phase === 'Paused' ? undefined : { event: 'waiting', ...measured(verdict), message: verdict.summary }
      return this.setStatus(at, st, { phase: 'Paused', pausedBy: 'metrics', stepStartedAt: now, message }, event)
    }
    if (verdict.result === 'fail') {
      await this.applyWeights(r.target, 0)
      const message = `${verdict.summary}; rolled back to 100% ${r.spec.stable}`
      this.logger.warn({ ramp: describeRef(r.ref), gate: verdict.gate }, message)
      return this.setStatus(at, st, { phase: 'RolledBack', weight: 0, message }, { event: 'rolled-back', ...measured(verdict), message: verdict.summary })
    }
    if (step >= lastStep) {
      const message = `promoted: ${r.spec.service} sends 100% to ${r.spec.canary}; ${verdict.summary}`
      return this.setStatus(at, st, { phase: 'Promoted', step: lastStep, weight: r.spec.steps[lastStep], message }, { event: 'completed', ...measured(verdict), message: verdict.summary })
    }
    const next = step + 1
    const weight = r.spec.steps[next]
    await this.applyWeights(r.target, weight)
    return this.setStatus(at, st, {
      phase: 'Progressing', step: next, weight, stepStartedAt: now, message: this.progressMessage(r, next),
    }, { event: 'promoted', ...measured(verdict), message: `step ${step + 1} passed (${verdict.summary}); ${weight}% to ${r.spec.canary}` })
  }

  private async measure(r: Ramp, end: number): Promise<Verdict> {
    const workloads = versionWorkloadNames(this.opts.mesh.snapshot, r.target, r.spec.canary)
    const empty = { requests: 0, outboundRequests: 0 }
    if (workloads.length === 0) {
      return { result: 'insufficient', measurement: empty, summary: `no workload of ${r.spec.service} ${r.spec.canary} is registered to measure` }
    }
    try {
      const m = await this.opts.gates.measure({ namespace: r.ref.namespace, workloads, end, windowMs: r.intervalMs })
      return judge(m, r.spec.gates, r.spec.interval)
    } catch (err) {
      return { result: 'insufficient', measurement: empty, summary: `the canary could not be measured: ${(err as Error).message}` }
    }
  }

  /** The split for a canary weight: subsets first (so no route names a cluster that is not there yet), then the weights. */
  private async applyWeights(t: RampTarget, canaryWeight: number): Promise<void> {
    const mesh = this.opts.mesh
    await editObject(this.store, () => rampRule(mesh.snapshot, t)?.object, (dr) => withSubsets(dr, t))
    await editObject(this.store, () => rampVirtualService(mesh.snapshot, t)?.object, (vs) => withWeights(vs, t, canaryWeight))
  }

  private progressMessage(r: Ramp, step: number): string {
    const weight = r.spec.steps[step]
    return `step ${step + 1} of ${r.spec.steps.length}: ${weight}% to ${r.spec.canary}, ${100 - weight}% to ${r.spec.stable}; ` +
      `the gates decide after ${r.spec.interval}`
  }

  /** Writes the next status and arms the timer for what it waits on. */
  private async setStatus(r: Ramp, st: RampState, change: Change, event?: HistoryEvent): Promise<void> {
    const next = transition(r.status, r.now, change, event)
    const written = await writeStatus(this.store, r.ref, r.obj, next)
    if (!written) {
      st.again = true
      return
    }
    if (next.phase !== r.status.phase) {
      this.logger.info({ ramp: describeRef(r.ref), phase: next.phase, step: next.step, weight: next.weight }, next.message ?? next.phase)
    }
    if ((next.phase === 'Progressing' || (next.phase === 'Paused' && next.pausedBy === 'metrics')) && next.stepStartedAt) {
      this.arm(r.ref, st, Date.parse(next.stepStartedAt) + r.intervalMs - this.clock.now())
    }
  }
}
