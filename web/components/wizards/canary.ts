// The canary ramp form and status, in words and numbers: the CanaryRamp object a form makes, what
// is wrong with a form, and where a running ramp stands. Pure.
import { Check } from 'typebox/value'
import {
  CANARY_GROUP, CANARY_KIND, CANARY_VERSION, CanaryRampStatus, isTerminalPhase, type CanaryRampSpec,
} from '../../../shared/canary.ts'
import { Duration } from '../../../shared/istio/common.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'

export const CANARY_API_VERSION = `${CANARY_GROUP}/${CANARY_VERSION}`

export interface CanaryForm {
  stable: string
  canary: string
  /** As typed: "10, 25, 50, 100". */
  steps: string
  interval: string
  maxErrorPercent: string
  maxP99Ms: string
  minRequests: string
}

export function parseSteps(text: string): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean)
  if (parts.length === 0) return undefined
  const nums = parts.map(Number)
  return nums.every((n) => Number.isFinite(n)) ? nums : undefined
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 }

/** Milliseconds of an Istio duration ("1m30s"), or undefined. */
export function durationMs(text: string): number | undefined {
  if (!Check(Duration, text)) return undefined
  let total = 0
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|us|µs|ns|h|m|s)/g)) total += Number(m[1]) * UNIT_MS[m[2]]
  return total
}

export interface FormProblem {
  field: keyof CanaryForm
  message: string
}

export function canaryProblems(f: CanaryForm, versions: readonly string[]): FormProblem[] {
  const out: FormProblem[] = []
  if (!versions.includes(f.stable)) out.push({ field: 'stable', message: `Stable: choose one of the service's versions (${versions.join(', ') || 'none found'})` })
  if (!versions.includes(f.canary)) out.push({ field: 'canary', message: `Canary: choose one of the service's versions (${versions.join(', ') || 'none found'})` })
  if (f.stable === f.canary) out.push({ field: 'canary', message: 'Canary: choose a version other than the stable one' })
  const steps = parseSteps(f.steps)
  if (!steps) out.push({ field: 'steps', message: `Steps: "${f.steps}" is not a list of percentages such as 10, 25, 50, 100` })
  else {
    if (steps.some((s) => !Number.isInteger(s) || s <= 0 || s > 100)) out.push({ field: 'steps', message: 'Steps: each must be a whole percentage from 1 to 100' })
    if (steps.some((s, i) => i > 0 && s <= steps[i - 1])) out.push({ field: 'steps', message: 'Steps: each must be above the one before' })
    if (steps.at(-1) !== 100) out.push({ field: 'steps', message: 'Steps: the last must be 100 (all traffic on the canary)' })
  }
  const ms = durationMs(f.interval)
  if (ms === undefined) out.push({ field: 'interval', message: `Interval: "${f.interval}" is not a duration such as 30s or 2m` })
  else if (ms < 1000) out.push({ field: 'interval', message: 'Interval: at least 1s, so the gates have data to decide on' })
  const num = (field: 'maxErrorPercent' | 'maxP99Ms' | 'minRequests', lo: number, hi: number, what: string, int = false) => {
    const v = f[field].trim()
    if (v === '') return
    const n = Number(v)
    if (!Number.isFinite(n) || n < lo || n > hi || (int && !Number.isInteger(n))) out.push({ field, message: `${what}: "${v}" must be ${int ? 'a whole number' : 'a number'} from ${lo} to ${hi}` })
  }
  num('maxErrorPercent', 0, 100, 'Max error share')
  num('maxP99Ms', 1, 3_600_000, 'Max p99 latency')
  num('minRequests', 0, 1_000_000, 'Min requests', true)
  return out
}

/** A name for a new ramp, free in the namespace: `reviews-v3`, then `reviews-v3-2`. */
export function rampName(service: string, canary: string, taken: readonly ConfigObject[]): string {
  const base = `${service}-${canary}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50)
  const names = new Set(taken.map((o) => o.metadata.name))
  if (!names.has(base)) return base
  for (let i = 2; ; i++) if (!names.has(`${base}-${i}`)) return `${base}-${i}`
}

export function canaryRampObject(f: CanaryForm, namespace: string, service: string, name: string): ConfigObject {
  const gates: NonNullable<CanaryRampSpec['gates']> = {}
  if (f.maxErrorPercent.trim()) gates.maxErrorPercent = Number(f.maxErrorPercent)
  if (f.maxP99Ms.trim()) gates.maxP99Ms = Number(f.maxP99Ms)
  if (f.minRequests.trim()) gates.minRequests = Number(f.minRequests)
  const spec: CanaryRampSpec = {
    service,
    stable: f.stable,
    canary: f.canary,
    steps: parseSteps(f.steps) ?? [],
    interval: f.interval.trim(),
    ...(Object.keys(gates).length ? { gates } : {}),
  }
  return { apiVersion: CANARY_API_VERSION, kind: CANARY_KIND, metadata: { name, namespace }, spec }
}

export function specOf(o: ConfigObject): CanaryRampSpec {
  return o.spec as unknown as CanaryRampSpec
}

/** The ramp's status, when the controller has written a readable one. */
export function statusOf(o: ConfigObject): CanaryRampStatus | undefined {
  const s = (o as { status?: unknown }).status
  return Check(CanaryRampStatus, s) ? s : undefined
}

export function isActive(o: ConfigObject): boolean {
  return !isTerminalPhase(statusOf(o)?.phase) && specOf(o).cancelled !== true
}

/** "Step 2 of 4: v3 at 25 %". */
export function stepText(spec: CanaryRampSpec, status: CanaryRampStatus | undefined): string {
  if (!status || status.step < 0) return `Not started: ${spec.canary} at 0 %`
  return `Step ${status.step + 1} of ${spec.steps.length}: ${spec.canary} at ${status.weight} %`
}

/** When the current step's gate decides (ms since the epoch), for a ramp that is progressing. */
export function decidesAt(spec: CanaryRampSpec, status: CanaryRampStatus | undefined): number | undefined {
  if (!status?.stepStartedAt || status.phase !== 'Progressing') return undefined
  const start = Date.parse(status.stepStartedAt)
  const ms = durationMs(spec.interval)
  return Number.isNaN(start) || ms === undefined ? undefined : start + ms
}
