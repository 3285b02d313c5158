// Follows each push until every proxy it reached has answered: how many were pushed to, how many
// ACKed, which NACKed and why — what the console shows after Apply.
import { EventEmitter } from 'node:events'
import type { PushProgress } from '../../shared/xds.ts'
import { TYPE_NAMES } from './type-names.ts'
import type { ResourceTypeUrl } from './protos.ts'

interface Tracked {
  progress: PushProgress
  started: number
  perConn: Map<string, { pending: Set<string>; nacked: boolean }>
  launched: boolean
  lastEmit: number
  timer: NodeJS.Timeout | undefined
}

const KEEP = 20
const THROTTLE_MS = 100

export class PushTracker extends EventEmitter<{ progress: [PushProgress] }> {
  private readonly pushes = new Map<number, Tracked>()

  start(push: number, causes: string[], types: ResourceTypeUrl[]): void {
    this.pushes.set(push, {
      progress: {
        push, startedAt: new Date().toISOString(), causes, types: types.map((t) => TYPE_NAMES[t]),
        pushed: 0, acked: 0, nacked: 0, nacks: [], elapsedMs: 0, done: false,
      },
      started: performance.now(),
      perConn: new Map(),
      launched: false,
      lastEmit: 0,
      timer: undefined,
    })
    for (const old of [...this.pushes.keys()].filter((p) => p <= push - KEEP)) this.pushes.delete(old)
  }

  sent(connId: string, type: ResourceTypeUrl, push: number): void {
    const t = this.pushes.get(push)
    if (!t) return
    let c = t.perConn.get(connId)
    if (!c) {
      c = { pending: new Set(), nacked: false }
      t.perConn.set(connId, c)
      t.progress.pushed++
    }
    c.pending.add(type)
  }

  launched(push: number): void {
    const t = this.pushes.get(push)
    if (!t) return
    t.launched = true
    this.update(t, true)
  }

  answered(connId: string, type: ResourceTypeUrl, push: number | undefined, outcome: { nack?: { proxy: string; type: string; message: string } }): void {
    if (push === undefined) return
    const t = this.pushes.get(push)
    const c = t?.perConn.get(connId)
    if (!t || !c || !c.pending.delete(type)) return
    if (outcome.nack) {
      if (!c.nacked) t.progress.nacked++
      c.nacked = true
      if (t.progress.nacks.length < 50) t.progress.nacks.push({ ...outcome.nack, type: TYPE_NAMES[type] })
    }
    if (c.pending.size === 0 && !c.nacked) t.progress.acked++
    t.progress.elapsedMs = Math.round((performance.now() - t.started) * 10) / 10
    this.update(t, false)
  }

  /** A proxy that went away will not answer: stop waiting for it. */
  forget(connId: string): void {
    for (const t of this.pushes.values()) {
      const c = t.perConn.get(connId)
      if (c && c.pending.size > 0) {
        c.pending.clear()
        t.progress.pushed--
        this.update(t, false)
      }
    }
  }

  recent(): PushProgress[] {
    return [...this.pushes.values()].map((t) => t.progress)
  }

  private update(t: Tracked, force: boolean): void {
    const p = t.progress
    const wasDone = p.done
    p.done = t.launched && p.acked + p.nacked >= p.pushed
    if (wasDone && p.done && !force) return
    const now = performance.now()
    clearTimeout(t.timer)
    t.timer = undefined
    if (force || p.done || now - t.lastEmit >= THROTTLE_MS) {
      t.lastEmit = now
      this.emit('progress', { ...p, nacks: [...p.nacks] })
    } else {
      t.timer = setTimeout(() => this.update(t, true), THROTTLE_MS - (now - t.lastEmit)).unref()
    }
  }
}
