// Applications, workloads and services: their sections, their detail paths
// (/namespaces/{ns}/applications/{app}, as Kiali spells them) and the lists' filters in the URL:
// `?name=rev&health=Failure,Degraded`. Pure: tested in test/unit/web.
import { HealthStatus } from '../../../shared/telemetry.ts'
import type { MetricsTab } from './metrics.ts'
import { parseList, withParam } from './params.ts'

export type EntityKind = 'app' | 'workload' | 'service'

export interface EntityInfo {
  kind: EntityKind
  /** The metrics tabs its page has: a service has inbound metrics only (requests name the service they went to). */
  directions: readonly MetricsTab[]
  /** The list page. */
  section: '/applications' | '/workloads' | '/services'
  /** The collection in REST paths: /api/namespaces/{ns}/apps. */
  api: 'apps' | 'workloads' | 'services'
  title: string
  plural: string
}

const BOTH: readonly MetricsTab[] = ['inbound', 'outbound']

export const ENTITIES: Record<EntityKind, EntityInfo> = {
  app: { kind: 'app', directions: BOTH, section: '/applications', api: 'apps', title: 'Application', plural: 'Applications' },
  workload: { kind: 'workload', directions: BOTH, section: '/workloads', api: 'workloads', title: 'Workload', plural: 'Workloads' },
  service: { kind: 'service', directions: ['inbound'], section: '/services', api: 'services', title: 'Service', plural: 'Services' },
}

export const ENTITY_KINDS = Object.keys(ENTITIES) as EntityKind[]

/** The router's path for a kind's detail page; `:namespace` and `:name` are its params. */
export function entityRoute(kind: EntityKind): string {
  return `/namespaces/:namespace${ENTITIES[kind].section}/:name`
}

export function entityPath(kind: EntityKind, namespace: string, name: string): string {
  return `/namespaces/${encodeURIComponent(namespace)}${ENTITIES[kind].section}/${encodeURIComponent(name)}`
}

/** The detail pages of a section live under /namespaces/{ns}/{section}/…; the section's nav item stays current there. */
export function sectionOfPath(pathname: string): string | undefined {
  const m = /^\/namespaces\/[^/]+\/([^/]+)\//.exec(pathname)
  if (!m) return undefined
  if (m[1] === 'istio') return '/istioconfig'
  return ENTITY_KINDS.map((k) => ENTITIES[k].section).find((s) => s === `/${m[1]}`)
}

// --- The lists' filters

export const HEALTH_STATUSES: readonly HealthStatus[] = ['Healthy', 'Degraded', 'Failure', 'Idle', 'NA']

export interface EntityFilters {
  /** Case-insensitive substring of the name; kept as typed, matching trims it. */
  name: string
  /** Empty: any health. */
  health: HealthStatus[]
}

export const DEFAULT_ENTITY_FILTERS: EntityFilters = { name: '', health: [] }

function isHealthStatus(v: string): v is HealthStatus {
  return (HEALTH_STATUSES as readonly string[]).includes(v)
}

/** Unknown values are dropped rather than failing: an old bookmark still opens. */
export function parseEntityFilters(params: URLSearchParams): EntityFilters {
  return {
    name: params.get('name') ?? '',
    health: parseList(params.get('health')).filter(isHealthStatus),
  }
}

/** Writes over `params`, leaving the others (namespaces, time controls) alone; defaults are omitted. */
export function writeEntityFilters(params: URLSearchParams, f: EntityFilters): URLSearchParams {
  return withParam(withParam(params, 'name', f.name.trim() ? f.name : ''), 'health', f.health)
}

export function hasActiveEntityFilters(f: EntityFilters): boolean {
  return f.name.trim() !== '' || f.health.length > 0
}
