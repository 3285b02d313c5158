// Request rates by protocol and outcome for every entity of a kind, fetched in one query per
// direction (not one per entity) and sorted out per namespace and name.
import type { RequestRates } from '../../../shared/telemetry.ts'
import type { Sample } from './answers.ts'
import type { PrometheusClient } from './client.ts'
import { entityLabels, ratesByOutcome, type Direction, type EntityKind } from './istio-queries.ts'
import type { Duration } from './promql.ts'

export interface EntityRates {
  inbound: RequestRates
  outbound: RequestRates
}

/** namespace → entity name → rates. */
export type RatesByEntity = Map<string, Map<string, EntityRates>>

/**
 * The code a request's outcome is filed under, as Kiali files it: `-` when there was no response
 * (code 0), the gRPC status for gRPC when there is one, the HTTP response code otherwise.
 */
export function outcomeCode(labels: Record<string, string>): string {
  const code = labels.response_code ?? ''
  if (code === '0') return '-'
  if (labels.request_protocol === 'grpc' && labels.grpc_response_status) return labels.grpc_response_status
  return code
}

/** Adds samples to per-entity rates, keyed by the entity's namespace and name labels. */
export function addSamples(into: RatesByEntity, samples: readonly Sample[], kind: EntityKind, direction: Direction): void {
  const side = entityLabels(kind, direction)
  if (!side) return
  for (const s of samples) {
    if (!Number.isFinite(s.value) || s.value <= 0) continue
    const ns = s.labels[side.namespace]
    const name = s.labels[side.name]
    if (!ns || !name) continue
    let byName = into.get(ns)
    if (!byName) into.set(ns, (byName = new Map()))
    let rates = byName.get(name)
    if (!rates) byName.set(name, (rates = { inbound: {}, outbound: {} }))
    const protocol = s.labels.request_protocol || 'unknown'
    const codes = (rates[direction][protocol] ??= {})
    const code = outcomeCode(s.labels)
    codes[code] = (codes[code] ?? 0) + s.value
  }
}

/** Inbound and outbound rates of every entity of a kind in the namespaces, both queries at once. */
export async function fetchEntityRates(
  prometheus: PrometheusClient, kind: EntityKind, namespaces: readonly string[], window: Duration,
): Promise<RatesByEntity> {
  const out: RatesByEntity = new Map()
  if (namespaces.length === 0) return out
  const directions: Direction[] = ['inbound', 'outbound']
  const answers = await Promise.all(directions.map(async (direction) => {
    const expr = ratesByOutcome(kind, direction, namespaces, window)
    return { direction, samples: expr ? await prometheus.queryVector(expr) : [] }
  }))
  for (const { direction, samples } of answers) addSamples(out, samples, kind, direction)
  return out
}

export function ratesOf(all: RatesByEntity, namespace: string, name: string): EntityRates {
  return all.get(namespace)?.get(name) ?? { inbound: {}, outbound: {} }
}
