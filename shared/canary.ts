// The canary ramp (Trellis's own kind, beyond Kiali): shift a service's traffic from a stable
// version to a canary in steps, promoting while Prometheus says the canary is healthy, rolling back
// to stable on a failed gate. Spec and status live in the config store like any other object, so a
// ramp survives a restart of Trellis and is plain YAML a user can read, write and review.
//
//   apiVersion: rollouts.trellis.dev/v1alpha1
//   kind: CanaryRamp
//   metadata: { name: reviews, namespace: bookinfo }
//   spec:
//     service: reviews          # a Service in the ramp's namespace
//     stable: v1                # version label (DestinationRule subset) that gets the rest
//     canary: v3
//     steps: [10, 25, 50, 100]  # canary weight per step, increasing, last one 100
//     interval: 30s             # time at each step before its gate decides
//     gates: { maxErrorPercent: 5, maxP99Ms: 1000, minRequests: 10 }
//     paused: false             # true holds the ramp at its current step
//     cancelled: false          # true stops it where it is (weights are left as they are)
//   status: (written by Trellis)
import Type from 'typebox'

export const CANARY_GROUP = 'rollouts.trellis.dev'
export const CANARY_VERSION = 'v1alpha1'
export const CANARY_KIND = 'CanaryRamp'

export const CanaryGates = Type.Object({
  /** Highest share of the canary's requests that may fail (0–100), Kiali's definition of a failure. */
  maxErrorPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  /** Highest p99 latency of the canary's requests, in ms. */
  maxP99Ms: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  /** Fewer canary requests than this in the interval: the gate cannot decide, and the ramp pauses. */
  minRequests: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type CanaryGates = Type.Static<typeof CanaryGates>

export const CanaryRampSpec = Type.Object({
  service: Type.String(),
  stable: Type.String(),
  canary: Type.String(),
  steps: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 100 }), { minItems: 1 }),
  interval: Type.String(),
  gates: Type.Optional(CanaryGates),
  paused: Type.Optional(Type.Boolean()),
  cancelled: Type.Optional(Type.Boolean()),
})
export type CanaryRampSpec = Type.Static<typeof CanaryRampSpec>

export const CANARY_PHASES = ['Pending', 'Progressing', 'Paused', 'Promoted', 'RolledBack', 'Cancelled', 'Failed'] as const
export type CanaryPhase = (typeof CANARY_PHASES)[number]

/** Phases a ramp does not leave by itself: the controller drives it no further. */
export const TERMINAL_PHASES: readonly CanaryPhase[] = ['Promoted', 'RolledBack', 'Cancelled', 'Failed']

export function isTerminalPhase(phase: string | undefined): boolean {
  return (TERMINAL_PHASES as readonly string[]).includes(phase ?? '')
}

export const CanaryHistoryEntry = Type.Object({
  at: Type.String(),
  /** `started`, `promoted`, `paused`, `resumed`, `rolled-back`, `cancelled`, `completed`, `waiting` … */
  event: Type.String(),
  step: Type.Integer(),
  weight: Type.Number(),
  errorPercent: Type.Optional(Type.Number()),
  p99Ms: Type.Optional(Type.Number()),
  requests: Type.Optional(Type.Number()),
  message: Type.Optional(Type.String()),
})
export type CanaryHistoryEntry = Type.Static<typeof CanaryHistoryEntry>

export const CanaryRampStatus = Type.Object({
  phase: Type.String(),
  /** Index into spec.steps of the step in force (-1 before the first). */
  step: Type.Integer(),
  /** The canary weight in force. */
  weight: Type.Number(),
  message: Type.Optional(Type.String()),
  /**
   * Why a Paused ramp is paused: `user` (spec.paused; it resumes when that is cleared) or `metrics`
   * (the gates could not decide; it re-checks every interval and resumes by itself once they can).
   */
  pausedBy: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('metrics')])),
  /** When the current step started (ISO 8601): its gate decides at stepStartedAt + interval. */
  stepStartedAt: Type.Optional(Type.String()),
  updatedAt: Type.String(),
  history: Type.Array(CanaryHistoryEntry),
})
export type CanaryRampStatus = Type.Static<typeof CanaryRampStatus>
