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
