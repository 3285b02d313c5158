// Protobuf well-known values in protobufjs object form, built from Istio's YAML values.
import { parseDuration } from '../../validation/admission/duration.ts'

/**
 * google.protobuf.Duration; protobufjs has no JSON mapping for it, so it takes seconds and nanos.
 * Zero parts are left out: protobufjs would otherwise encode them, making bytes for nothing.
 */
export interface ProtoDuration {
  seconds?: number
  nanos?: number
}

/** envoy.type.v3.FractionalPercent. */
export interface FractionalPercent {
  numerator: number
  denominator: 'HUNDRED' | 'MILLION'
}

/** An Istio duration ("1.5s", "100ms"); undefined when absent or not a duration (admission reports those). */
export function protoDuration(text: string | undefined): ProtoDuration | undefined {
  if (text === undefined) return undefined
  const nanos = parseDuration(text)
  if (nanos === undefined) return undefined
  const seconds = Math.floor(nanos / 1e9)
  return { ...(seconds ? { seconds } : {}), ...(nanos % 1e9 ? { nanos: nanos % 1e9 } : {}) }
}

export function isZero(d: ProtoDuration): boolean {
  return !d.seconds && !d.nanos
}

/**
 * Istio's Percent (0–100, decimals allowed). Whole percentages stay exact over HUNDRED; others go
 * over MILLION as Istio does (value × 10 000), rounded so 0.1 is 1000 and not 1000.0000000000001.
 */
export function fractionalPercent(value: number): FractionalPercent {
  const clamped = Math.min(100, Math.max(0, value))
  if (Number.isInteger(clamped)) return { numerator: clamped, denominator: 'HUNDRED' }
  return { numerator: Math.round(clamped * 10_000), denominator: 'MILLION' }
}

/** google.protobuf.UInt32Value / UInt64Value / BoolValue. */
export function wrapped<T extends number | boolean>(value: T): { value: T } {
  return { value }
}
