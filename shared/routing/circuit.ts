// Circuit breaking and outlier detection: the DestinationRule's traffic policy for the whole host
// (subsets' and ports' own policies are left alone). Only the settings the wizard shows change;
// every other field of the rule stays as it was. Pure.
import { Check } from 'typebox/value'
import { Duration } from '../istio/common.ts'
import type { DestinationRuleSpec, TrafficPolicy } from '../istio/networking.ts'
import type { ConfigObject } from '../k8s.ts'
import { newDestinationRule, type RoutingChange } from './change.ts'
import type { RoutingContext } from './context.ts'
import { child, clone, pruneEmpty, setField, type Json } from './json.ts'

export const POOL_TCP = ['maxConnections', 'connectTimeout'] as const
export const POOL_HTTP = ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries'] as const
export const OUTLIER = ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent'] as const

type PoolTcpField = (typeof POOL_TCP)[number]
type PoolHttpField = (typeof POOL_HTTP)[number]
type OutlierField = (typeof OUTLIER)[number]

/** Durations are strings, counts numbers; absent: not set (the field is removed). */
export interface CircuitState {
  pool: Partial<Record<PoolTcpField | PoolHttpField, number | string>>
  outlier: { enabled: boolean } & Partial<Record<OutlierField, number | string>>
}

const DURATION_FIELDS = new Set<string>(['connectTimeout', 'interval', 'baseEjectionTime'])

function policyOf(dr: ConfigObject | undefined): TrafficPolicy {
  return ((dr?.spec ?? {}) as DestinationRuleSpec).trafficPolicy ?? {}
}

export function readCircuit(ctx: RoutingContext): CircuitState {
  const p = policyOf(ctx.dr)
  const pool: CircuitState['pool'] = {}
  for (const f of POOL_TCP) {
    const v = p.connectionPool?.tcp?.[f]
    if (v !== undefined) pool[f] = v
  }
  for (const f of POOL_HTTP) {
    const v = p.connectionPool?.http?.[f]
    if (v !== undefined) pool[f] = v
  }
  const od = p.outlierDetection
  const outlier: CircuitState['outlier'] = { enabled: od !== undefined }
  for (const f of OUTLIER) {
    const v = od?.[f]
    if (v !== undefined) outlier[f] = v
  }
  return { pool, outlier }
}

export interface CircuitProblem {
  field: string
  message: string
}

export function circuitProblems(s: CircuitState): CircuitProblem[] {
  const out: CircuitProblem[] = []
  const fields: [string, string, unknown][] = [
    ...Object.entries(s.pool).map(([k, v]): [string, string, unknown] => [`pool.${k}`, k, v]),
    ...(s.outlier.enabled ? OUTLIER.map((k): [string, string, unknown] => [`outlier.${k}`, k, s.outlier[k]]) : []),
  ]
  for (const [field, name, v] of fields) {
    if (v === undefined) continue
    if (DURATION_FIELDS.has(name)) {
      if (typeof v !== 'string' || !Check(Duration, v)) out.push({ field, message: `${name}: "${String(v)}" is not a duration such as 1.5s, 100ms or 1h2m3s` })
    } else if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
      out.push({ field, message: `${name} must be a whole number of at least 0, got ${String(v)}` })
    } else if (name === 'maxEjectionPercent' && v > 100) {
      out.push({ field, message: `maxEjectionPercent is a percentage (0–100), got ${v}` })
    }
  }
  return out
}

function setAll(target: Json, fields: readonly string[], values: Readonly<Record<string, unknown>>): void {
  for (const f of fields) setField(target, f, values[f])
}

export function applyCircuit(ctx: RoutingContext, s: CircuitState): RoutingChange {
  if (JSON.stringify(readCircuit(ctx)) === JSON.stringify(s)) {
    return ctx.dr ? { destinationRule: { before: ctx.dr, after: ctx.dr } } : {}
  }
  const dr = ctx.dr ? clone(ctx.dr) : newDestinationRule(ctx)
  const spec = (dr.spec ??= {}) as Json
  const policy = child(spec, 'trafficPolicy', ['host'])
  const pool = child(policy, 'connectionPool', ['loadBalancer'])
  setAll(child(pool, 'tcp'), POOL_TCP, s.pool)
  setAll(child(pool, 'http', ['tcp']), POOL_HTTP, s.pool)
  pruneEmpty(pool, 'tcp')
  pruneEmpty(pool, 'http')
  pruneEmpty(policy, 'connectionPool')
  if (s.outlier.enabled) setAll(child(policy, 'outlierDetection', ['connectionPool', 'loadBalancer']), OUTLIER, s.outlier)
  else delete policy.outlierDetection
  pruneEmpty(spec, 'trafficPolicy')
  return { destinationRule: { ...(ctx.dr ? { before: ctx.dr } : {}), after: dr } }
}
