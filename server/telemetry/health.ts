// Health from request rates, with Kiali's default tolerances (its health_config.rate), on the
// server so every page and the graph agree. A tolerance says which codes of which protocol count
// as errors, and at what share of that protocol's requests an entity turns Degraded or Failure.
import type { Health, HealthStatus, RequestRates } from '../../shared/telemetry.ts'

export interface Tolerance {
  /** Regex over the code, fully anchored; `X` stands for a digit (`5XX`). */
  code: string
  /** Regex over the protocol (`http`, `grpc`, `http|grpc`). */
  protocol: string
  /** Regex over the direction (`inbound`, `outbound`, `.*`). */
  direction: string
  /** Error percentage from which the entity is Degraded (any error at all when 0). */
  degraded: number
  /** Error percentage from which the entity is Failure. */
  failure: number
}

/** Kiali's defaults (config.AddHealthDefault). */
export const DEFAULT_TOLERANCES: readonly Tolerance[] = [
  { code: '5XX', protocol: 'http', direction: '.*', degraded: 0, failure: 10 },
  { code: '4XX', protocol: 'http', direction: '.*', degraded: 10, failure: 20 },
  { code: '[1-9]|1[0-6]', protocol: 'grpc', direction: '.*', degraded: 0, failure: 10 },
  // No response at all (response code 0, shown as "-").
  { code: '-', protocol: 'http|grpc', direction: '.*', degraded: 0, failure: 10 },
]

interface CompiledTolerance {
  code: RegExp
  protocol: RegExp
  direction: RegExp
  degraded: number
  failure: number
}

function anchored(pattern: string, what: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch (err) {
    throw new Error(`health tolerance ${what} "${pattern}" is not a regular expression: ${(err as Error).message}`)
  }
}

interface ApplicableTolerance {
  t: CompiledTolerance
  counts: Map<string, boolean>
}

export class HealthPolicy {
  private readonly tolerances: CompiledTolerance[]

  constructor(tolerances: readonly Tolerance[] = DEFAULT_TOLERANCES) {
    this.tolerances = tolerances.map((t) => {
      if (!(t.degraded >= 0 && t.failure >= 0)) throw new Error(`health tolerance for code "${t.code}": degraded and failure must be percentages ≥ 0`)
      return {
        code: anchored(t.code.replace(/[Xx]/g, '\\d'), 'code'),
        protocol: anchored(t.protocol, 'protocol'),
        direction: anchored(t.direction, 'direction'),
        degraded: t.degraded,
        failure: t.failure,
      }
    })
  }

  /**
   * Health of an entity that exists, from its inbound and outbound request rates by protocol and
   * code. No requests either way is Idle; otherwise the worst status any tolerance gives.
   */
  health(inbound: RequestRates, outbound: RequestRates): Health {
    const inTotal = total(inbound)
    const outTotal = total(outbound)
    if (inTotal + outTotal === 0) return { status: 'Idle', inbound, outbound, requestRate: 0 }
    const status = worst(this.directionStatus(inbound, 'inbound'), this.directionStatus(outbound, 'outbound'))
    return {
      status,
      inbound,
      outbound,
      ...(inTotal > 0 ? { errorRatio: failed(inbound) / inTotal } : {}),
      requestRate: inTotal,
    }
  }

  /**
   * health(inbound, outbound).status for rates held in maps, without building RequestRates objects
   * or the rest of the answer: for callers that judge thousands of entities at once (the graph's
   * nodes and edges). The same sums in the same order (codes as an object would list them:
   * array-index codes ascending, then the others as they were added), with which tolerances apply
   * to a direction and protocol, and which codes each counts, worked out once per policy.
   */
  statusOf(inbound: RateMaps, outbound: RateMaps): HealthStatus {
    if (mapTotal(inbound) + mapTotal(outbound) === 0) return 'Idle'
    return worst(this.mapDirectionStatus(inbound, 'inbound'), this.mapDirectionStatus(outbound, 'outbound'))
  }

  /** Per direction and protocol, the tolerances that apply, each with the codes it counts (as learnt). */
  private readonly applicable = { inbound: new Map<string, ApplicableTolerance[]>(), outbound: new Map<string, ApplicableTolerance[]>() }

  private mapDirectionStatus(rates: RateMaps, direction: 'inbound' | 'outbound'): HealthStatus {
    let status: HealthStatus = 'Healthy'
    for (const protocol of objectOrder(rates)) {
      const codes = rates.get(protocol)!
      let protocolTotal = 0
      for (const code of objectOrder(codes)) protocolTotal += codes.get(code)!
      if (protocolTotal === 0) continue
      let tolerances = this.applicable[direction].get(protocol)
      if (!tolerances) {
        tolerances = this.tolerances.filter((t) => t.direction.test(direction) && t.protocol.test(protocol)).map((t) => ({ t, counts: new Map() }))
        this.applicable[direction].set(protocol, tolerances)
      }
      for (const { t, counts } of tolerances) {
        let errors = 0
        for (const code of objectOrder(codes)) {
          let counted = counts.get(code)
          if (counted === undefined) counts.set(code, (counted = t.code.test(code)))
          if (counted) errors += codes.get(code)!
        }
        status = worst(status, thresholdStatus((100 * errors) / protocolTotal, t))
      }
    }
    return status
  }

  private directionStatus(rates: RequestRates, direction: 'inbound' | 'outbound'): HealthStatus {
    let status: HealthStatus = 'Healthy'
    for (const [protocol, codes] of Object.entries(rates)) {
      const entries = Object.entries(codes)
      let protocolTotal = 0
      for (const [, rate] of entries) protocolTotal += rate
      if (protocolTotal === 0) continue
      for (const t of this.tolerances) {
        if (!t.direction.test(direction) || !t.protocol.test(protocol)) continue
        let errors = 0
        for (const [code, rate] of entries) if (t.code.test(code)) errors += rate
        status = worst(status, thresholdStatus((100 * errors) / protocolTotal, t))
      }
    }
    return status
  }
}

/** Requests per second by protocol, then code, in maps: RequestRates as an entity's traffic is added up. */
export type RateMaps = ReadonlyMap<string, ReadonlyMap<string, number>>

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/
const MAX_ARRAY_INDEX = 2 ** 32 - 2

/** The key as an array index (what an object lists first, ascending), or -1. */
function arrayIndex(k: string): number {
  const c = k.charCodeAt(0)
  if (!(c >= 48 && c <= 57) || !ARRAY_INDEX.test(k)) return -1
  const n = Number(k)
  return n <= MAX_ARRAY_INDEX ? n : -1
}

/**
 * A map's keys in the order an object with the same insertions lists them: array indices
 * ascending, then the rest as added. Almost always that is the order they were added in (one
 * code, or codes added in order), and the map's own keys are used without a copy.
 */
function objectOrder(m: ReadonlyMap<string, unknown>): Iterable<string> {
  let last = -1
  let other = false
  for (const k of m.keys()) {
    const i = arrayIndex(k)
    if (i < 0) other = true
    else if (other || i < last) return [...m.keys()].sort(byObjectOrder)
    else last = i
  }
  return m.keys()
}

/** Array indices ascending before other keys; other keys keep their order (the sort is stable). */
function byObjectOrder(a: string, b: string): number {
  const x = arrayIndex(a)
  const y = arrayIndex(b)
  if (x < 0 || y < 0) return x < 0 ? (y < 0 ? 0 : 1) : -1
  return x - y
}

function mapTotal(rates: RateMaps): number {
  let sum = 0
  for (const protocol of objectOrder(rates)) {
    const codes = rates.get(protocol)!
    for (const code of objectOrder(codes)) sum += codes.get(code)!
  }
  return sum
}

/** Kiali's ascending threshold check: only a share above zero can degrade. */
function thresholdStatus(percent: number, t: CompiledTolerance): HealthStatus {
  if (percent <= 0) return 'Healthy'
  if (percent >= t.failure) return 'Failure'
  if (percent >= t.degraded) return 'Degraded'
  return 'Healthy'
}

const PRIORITY: Record<HealthStatus, number> = { NA: 0, Idle: 1, Healthy: 2, Degraded: 3, Failure: 4 }

export function worst(a: HealthStatus, b: HealthStatus): HealthStatus {
  return PRIORITY[a] >= PRIORITY[b] ? a : b
}

function total(rates: RequestRates): number {
  let sum = 0
  for (const codes of Object.values(rates)) for (const r of Object.values(codes)) sum += r
  return sum
}

/** A failed request by Kiali's definition: no response, an HTTP 4xx/5xx, or a gRPC status other than OK. */
export function isFailure(protocol: string, code: string): boolean {
  if (code === '-' || /^[45]\d\d$/.test(code)) return true
  return protocol === 'grpc' && /^(?:[1-9]|1[0-6])$/.test(code)
}

function failed(rates: RequestRates): number {
  let sum = 0
  for (const [protocol, codes] of Object.entries(rates)) {
    for (const [code, r] of Object.entries(codes)) if (isFailure(protocol, code)) sum += r
  }
  return sum
}

/** Health when no telemetry is available (Prometheus down or not configured). */
export function naHealth(): Health {
  return { status: 'NA', inbound: {}, outbound: {}, requestRate: 0 }
}
