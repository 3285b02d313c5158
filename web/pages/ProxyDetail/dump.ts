// A proxy's config dump, arranged as the detail page shows it (istioctl proxy-config). Pure.
import type { ProxyConfigDump, XdsTypeName } from '../../../shared/xds.ts'
import { TYPE_COLUMNS } from '../../components/syncStatus.ts'

export interface DumpResource {
  name: string
  resource: Record<string, unknown>
}

export interface DumpSection {
  type: XdsTypeName
  /** Absent when nothing of this type was ever sent to the proxy. */
  typeUrl?: string
  sentVersion?: string
  ackedVersion?: string
  resources: DumpResource[]
}

/** Listeners, clusters and routes carry `name`; a ClusterLoadAssignment (EDS) carries `clusterName`. */
export function resourceName(resource: Record<string, unknown>): string {
  for (const key of ['name', 'clusterName']) {
    const v = resource[key]
    if (typeof v === 'string' && v) return v
  }
  return '(unnamed)'
}

/** One section per type, in the list's column order, resources sorted by name. */
export function dumpSections(dump: ProxyConfigDump): DumpSection[] {
  return TYPE_COLUMNS.map((type) => {
    const t = dump.types[type]
    if (!t) return { type, resources: [] }
    const resources = t.resources
      .map((resource) => ({ name: resourceName(resource), resource }))
      .sort((a, b) => a.name.localeCompare(b.name))
    return { type, typeUrl: t.typeUrl, sentVersion: t.sentVersion, ackedVersion: t.ackedVersion, resources }
  })
}
