// The application, workload and service lists' rows: sorted, filtered, counted. Pure.
import type { HealthStatus } from '../../../shared/telemetry.ts'
import type { Entity } from '../../api/entities.ts'
import type { EntityFilters } from '../../app/url/entities.ts'

/** By namespace then name, so rows keep their place as health changes. */
export function sortEntities(list: readonly Entity[]): Entity[] {
  return [...list].sort(
    (a, b) => a.summary.namespace.localeCompare(b.summary.namespace) || a.summary.name.localeCompare(b.summary.name),
  )
}

export function filterEntities(list: readonly Entity[], f: EntityFilters): Entity[] {
  const needle = f.name.trim().toLowerCase()
  return list.filter(
    (e) =>
      (needle === '' || e.summary.name.toLowerCase().includes(needle)) &&
      (f.health.length === 0 || f.health.includes(e.summary.health.status)),
  )
}

/** How many rows have each status; statuses without rows are absent. */
export function countByHealth(list: readonly Entity[]): Partial<Record<HealthStatus, number>> {
  const out: Partial<Record<HealthStatus, number>> = {}
  for (const e of list) out[e.summary.health.status] = (out[e.summary.health.status] ?? 0) + 1
  return out
}

export function entityKey(e: Entity): string {
  return `${e.kind}/${e.summary.namespace}/${e.summary.name}`
}
