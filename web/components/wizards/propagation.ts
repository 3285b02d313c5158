// Following a change onto the wire: of the control plane's push events, the ones the applied writes
// caused, and what they say (pushed to N proxies, ACKed by M in X ms, NACKs with the proxies' own
// messages). Pure.
import type { PushProgress } from '../../../shared/xds.ts'

/** How push events name an object: "VirtualService bookinfo/reviews". */
export function causeOf(w: { kind: string; namespace: string; name: string }): string {
  return w.namespace ? `${w.kind} ${w.namespace}/${w.name}` : `${w.kind} ${w.name}`
}

/**
 * Keeps the latest progress of each push caused by one of `causes` that started at or after
 * `since` (ms since the epoch, with a second of slack for clock skew between browser and server).
 */
export function trackPush(pushes: ReadonlyMap<number, PushProgress>, p: PushProgress, causes: readonly string[], since: number): Map<number, PushProgress> {
  if (!p.causes.some((c) => causes.includes(c))) return pushes as Map<number, PushProgress>
  if (Date.parse(p.startedAt) < since - 1000) return pushes as Map<number, PushProgress>
  const prev = pushes.get(p.push)
  // Progress events can arrive out of order; a done event is final.
  if (prev && (prev.done || prev.acked + prev.nacked > p.acked + p.nacked)) return pushes as Map<number, PushProgress>
  const next = new Map(pushes)
  next.set(p.push, p)
  return next
}

export interface PropagationSummary {
  pushes: number
  pushed: number
  acked: number
  nacked: number
  /** Longest time to the last ACK of any push so far. */
  elapsedMs: number
  done: boolean
  nacks: PushProgress['nacks']
}

export function summarize(pushes: ReadonlyMap<number, PushProgress>): PropagationSummary | undefined {
  const list = [...pushes.values()]
  if (list.length === 0) return undefined
  return {
    pushes: list.length,
    pushed: list.reduce((s, p) => s + p.pushed, 0),
    acked: list.reduce((s, p) => s + p.acked, 0),
    nacked: list.reduce((s, p) => s + p.nacked, 0),
    elapsedMs: Math.max(...list.map((p) => p.elapsedMs)),
    done: list.every((p) => p.done),
    nacks: list.flatMap((p) => p.nacks),
  }
}

function proxies(n: number): string {
  return n === 1 ? '1 proxy' : `${n} proxies`
}

function ms(v: number): string {
  return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`
}

/** "Pushed to 2 proxies, ACKed by 2 in 38 ms" (sums over the pushes the change caused). */
export function propagationText(s: PropagationSummary): string {
  if (s.pushed === 0) return s.done ? 'No connected proxy needed this change' : 'Pushing…'
  const nacked = s.nacked ? `, NACKed by ${s.nacked}` : ''
  if (s.done) return `Pushed to ${proxies(s.pushed)}, ACKed by ${s.acked}${nacked} in ${ms(s.elapsedMs)}`
  return `Pushed to ${proxies(s.pushed)}, ACKed by ${s.acked}${nacked} so far (${ms(s.elapsedMs)})`
}
