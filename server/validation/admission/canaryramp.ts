// CanaryRamp (rollouts.trellis.dev): what the controller needs to drive a ramp safely — a Service
// name, two distinct versions usable as subset names, whole-percent steps that increase to 100, an
// interval it can time. Status is Trellis's, but a hand-edited one must still be readable.
import { CANARY_PHASES, CanaryRampStatus, type CanaryRampSpec } from '../../../shared/canary.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { DURATION_EXAMPLES, parseDuration } from './duration.ts'
import { ISTIO_LABEL_RULE, isIstioLabel } from './hosts.ts'
import { DNS_LABEL_RULE, dnsLabelProblem } from './names.ts'
import { checkUnknownFields } from './fields.ts'
import { checkSchema, compileSchema } from './schema.ts'

/** Shortest step interval: the gates need at least a scrape or two of data. */
export const MIN_INTERVAL_MS = 1000
/** Longest step interval: a day (timers cannot wait much longer than 24 days anyway). */
export const MAX_INTERVAL_MS = 24 * 3600 * 1000

export function checkCanaryRamp(spec: CanaryRampSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  const problem = dnsLabelProblem(spec.service)
  if (problem) {
    out.push(check('invalidName', ['spec', 'service'],
      `spec.service ${JSON.stringify(spec.service)} is not a Service name (${problem}); ` +
      `name a Service in the ramp's namespace, e.g. reviews (${DNS_LABEL_RULE})`))
  }
  for (const field of ['stable', 'canary'] as const) {
    if (!isIstioLabel(spec[field])) {
      out.push(check('invalidField', ['spec', field],
        `spec.${field} ${JSON.stringify(spec[field])} is not a version usable as a subset name; use ${ISTIO_LABEL_RULE}, e.g. v1`))
    }
  }
  if (spec.stable === spec.canary) {
    out.push(check('invalidField', ['spec', 'canary'],
      `spec.canary is ${JSON.stringify(spec.canary)}, the same version as spec.stable; name the version traffic shifts to`))
  }
  checkSteps(spec.steps, out)
  checkInterval(spec.interval, out)
  return out
}

function checkSteps(steps: readonly number[], out: IstioCheck[]): void {
  steps.forEach((step, i) => {
    if (!Number.isInteger(step)) {
      out.push(check('invalidField', ['spec', 'steps', i],
        `spec.steps[${i}] is ${step}; steps are whole percentages, as VirtualService weights are integers`))
    }
    if (i > 0 && step <= steps[i - 1]) {
      out.push(check('invalidField', ['spec', 'steps', i],
        `spec.steps must increase strictly: steps[${i}] (${step}) is not above steps[${i - 1}] (${steps[i - 1]})`))
    }
  })
  const last = steps.length - 1
  if (last >= 0 && steps[last] !== 100) {
    out.push(check('invalidField', ['spec', 'steps', last],
      `spec.steps[${last}] is ${steps[last]}, but the last step must be 100 (all traffic on the canary); add a final step of 100`))
  }
}

function checkInterval(interval: string, out: IstioCheck[]): void {
  const nanos = parseDuration(interval)
  if (nanos === undefined) {
    out.push(check('invalidDuration', ['spec', 'interval'], `spec.interval ${JSON.stringify(interval)} is not a duration; write ${DURATION_EXAMPLES}`))
  } else if (nanos < MIN_INTERVAL_MS * 1e6) {
    out.push(check('invalidDuration', ['spec', 'interval'],
      `spec.interval ${interval} is shorter than 1s; each step needs time for requests to reach the canary and be measured`))
  } else if (nanos > MAX_INTERVAL_MS * 1e6) {
    out.push(check('invalidDuration', ['spec', 'interval'], `spec.interval ${interval} is longer than 24h; use at most 24h per step`))
  }
}

/** The interval in milliseconds (admission has checked it parses). */
export function intervalMs(interval: string): number {
  const nanos = parseDuration(interval)
  if (nanos === undefined) throw new Error(`"${interval}" is not a duration`)
  return Math.round(nanos / 1e6)
}

const statusValidator = compileSchema(CanaryRampStatus)

/** A status written by hand must still be one the controller can read. */
export function checkCanaryRampStatus(status: unknown, out: IstioCheck[]): void {
  const base = ['status']
  if (!checkSchema(statusValidator, status, base, out)) return
  checkUnknownFields(CanaryRampStatus, status, base, out)
  const phase = (status as CanaryRampStatus).phase
  if (!(CANARY_PHASES as readonly string[]).includes(phase)) {
    out.push(check('invalidField', ['status', 'phase'], `status.phase ${JSON.stringify(phase)} is not one of ${CANARY_PHASES.join(', ')}`))
  }
}
