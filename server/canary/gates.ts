// A step's verdict from what was measured of the canary over the step's window. A gate passes only
// on data: too few requests or a missing value cannot promote a ramp, they hold it (Paused) until
// the data is there. A measured value over a limit fails the gate and rolls the ramp back.
import type { CanaryGates } from '../../shared/canary.ts'

/** What one step's window says of the canary's workloads (see prometheus-gates.ts for how it is measured). */
export interface CanaryMeasurement {
  /** Requests the canary's workloads served in the window. */
  requests: number
  /** Share of those that failed (Kiali's definition), in percent; undefined without requests. */
  inboundErrorPercent?: number
  /** Calls the canary's workloads made in the window, and the share of those that failed. */
  outboundRequests: number
  outboundErrorPercent?: number
  /** p99 of the served requests' duration, in ms; undefined when there is no histogram data. */
  p99Ms?: number
}

export interface MeasureRequest {
  namespace: string
  /** Workload names of the canary (as telemetry names them: `reviews-v3`). */
  workloads: readonly string[]
  /** The window ends here (epoch ms) and lasts windowMs. */
  end: number
  windowMs: number
}

/** Where measurements come from: Prometheus in production, a script in tests. Throws when it cannot answer. */
export interface GateSource {
  measure(req: MeasureRequest): Promise<CanaryMeasurement>
}

export type Verdict =
  | { result: 'pass'; measurement: CanaryMeasurement; errorPercent?: number; summary: string }
  | { result: 'fail'; gate: 'maxErrorPercent' | 'maxP99Ms'; measurement: CanaryMeasurement; errorPercent?: number; summary: string }
  /** The gates cannot decide: too few requests or a value missing. */
  | { result: 'insufficient'; measurement: CanaryMeasurement; errorPercent?: number; summary: string }

/** The canary's error share: the worse of what it served and what it called, as Kiali's workload health takes the worse. */
export function errorPercentOf(m: CanaryMeasurement): number | undefined {
  const shares = [m.inboundErrorPercent, m.outboundErrorPercent].filter((v): v is number => v !== undefined && Number.isFinite(v))
  return shares.length ? Math.max(...shares) : undefined
}

const pct = (v: number) => `${Number(v.toFixed(2))}%`
const ms = (v: number) => `${Number(v.toFixed(1))} ms`

function describe(m: CanaryMeasurement, errorPercent: number | undefined, windowText: string): string {
  const parts = [`${Math.round(m.requests)} requests to the canary in ${windowText}`]
  if (errorPercent !== undefined) {
    const detail = [
      m.inboundErrorPercent !== undefined ? `served ${pct(m.inboundErrorPercent)}` : undefined,
      m.outboundErrorPercent !== undefined ? `its calls ${pct(m.outboundErrorPercent)} of ${Math.round(m.outboundRequests)}` : undefined,
    ].filter(Boolean).join(', ')
    parts.push(`error share ${pct(errorPercent)} (${detail})`)
  }
  if (m.p99Ms !== undefined) parts.push(`p99 ${ms(m.p99Ms)}`)
  return parts.join(', ')
}

/**
 * Judges one window. A failed gate wins over missing data (an error share over the limit is
 * reason enough to roll back, whatever the latency data says); missing data wins over a pass.
 * minRequests below 1 counts as 1: with no request there is no share to judge.
 */
export function judge(m: CanaryMeasurement, gates: CanaryGates | undefined, windowText: string): Verdict {
  const errorPercent = errorPercentOf(m)
  const seen = describe(m, errorPercent, windowText)
  const minRequests = Math.max(1, gates?.minRequests ?? 1)
  if (m.requests < minRequests) {
    const why = m.requests < 1 ? 'the canary served no request' : `only ${Math.round(m.requests)} of the ${minRequests} requests gates.minRequests asks for`
    return { result: 'insufficient', measurement: m, errorPercent, summary: `${why} in ${windowText}` }
  }
  const maxError = gates?.maxErrorPercent
  if (maxError !== undefined && errorPercent !== undefined && errorPercent > maxError) {
    return { result: 'fail', gate: 'maxErrorPercent', measurement: m, errorPercent, summary: `gate maxErrorPercent failed: ${seen}; the limit is ${pct(maxError)}` }
  }
  const maxP99 = gates?.maxP99Ms
  if (maxP99 !== undefined && m.p99Ms !== undefined && m.p99Ms > maxP99) {
    return { result: 'fail', gate: 'maxP99Ms', measurement: m, errorPercent, summary: `gate maxP99Ms failed: ${seen}; the limit is ${ms(maxP99)}` }
  }
  if (maxP99 !== undefined && m.p99Ms === undefined) {
    return { result: 'insufficient', measurement: m, errorPercent, summary: `no latency data for the canary in ${windowText} (gates.maxP99Ms needs it)` }
  }
  if (maxError !== undefined && errorPercent === undefined) {
    return { result: 'insufficient', measurement: m, errorPercent, summary: `no error share for the canary in ${windowText} (gates.maxErrorPercent needs it)` }
  }
  return { result: 'pass', measurement: m, errorPercent, summary: `gates passed: ${seen}` }
}
