// A ramp's status as the controller reads and writes it: the phase and step in force, and a bounded
// history of what happened, with the measurements each decision was made on.
import type { CanaryHistoryEntry, CanaryPhase, CanaryRampStatus } from '../../shared/canary.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import type { Verdict } from './gates.ts'

/** Oldest entries go first beyond this many, so a long-paused ramp's object stays small. */
export const HISTORY_LIMIT = 50

export function statusOf(ramp: ConfigObject): CanaryRampStatus {
  const status = ramp.status as CanaryRampStatus | undefined
  return status ?? { phase: 'Pending', step: -1, weight: 0, updatedAt: ramp.metadata.creationTimestamp ?? new Date(0).toISOString(), history: [] }
}

export interface Change {
  phase: CanaryPhase
  step?: number
  weight?: number
  message: string
  pausedBy?: 'user' | 'metrics'
  /** Epoch ms the (new) step or re-check window starts; absent keeps the current one. */
  stepStartedAt?: number
}

export type HistoryEvent = Pick<CanaryHistoryEntry, 'event'> & Partial<Pick<CanaryHistoryEntry, 'errorPercent' | 'p99Ms' | 'requests' | 'message'>>

/** The next status: the change applied at `now`, and an entry appended to the history when given. */
export function transition(status: CanaryRampStatus, now: number, change: Change, event?: HistoryEvent): CanaryRampStatus {
  const at = new Date(now).toISOString()
  const step = change.step ?? status.step
  const weight = change.weight ?? status.weight
  const stepStartedAt = change.stepStartedAt !== undefined ? new Date(change.stepStartedAt).toISOString() : status.stepStartedAt
  const history = event ? [...status.history, { at, step, weight, ...event }].slice(-HISTORY_LIMIT) : status.history
  return {
    phase: change.phase,
    step,
    weight,
    message: change.message,
    ...(change.pausedBy ? { pausedBy: change.pausedBy } : {}),
    ...(stepStartedAt ? { stepStartedAt } : {}),
    updatedAt: at,
    history,
  }
}

/** The measured values of a verdict, rounded for people, as history fields. */
export function measured(v: Verdict): Pick<CanaryHistoryEntry, 'errorPercent' | 'p99Ms' | 'requests'> {
  const round = (n: number, digits: number) => Number(n.toFixed(digits))
  return {
    requests: Math.round(v.measurement.requests),
    ...(v.errorPercent !== undefined ? { errorPercent: round(v.errorPercent, 2) } : {}),
    ...(v.measurement.p99Ms !== undefined ? { p99Ms: round(v.measurement.p99Ms, 1) } : {}),
  }
}
