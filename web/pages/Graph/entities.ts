// From graph nodes to the console's other pages and APIs: the app, workload or service a node
// stands for (its detail page and metrics), the service its requests were addressed to (its
// routing config), its traces, and where an edge's own request rate can be read from the metrics
// API. Pure: tested in test/unit/web/graph-summary.test.ts.
import type { NodeData } from '../../../shared/graph.ts'
import type { EntityKind } from '../../app/url/entities.ts'
import { isVersionedApp, type GraphEdge, type GraphModel } from './model.ts'

export interface EntityRef {
  kind: EntityKind
  namespace: string
  name: string
}

const named = (v: string | undefined) => v !== undefined && v !== '' && v !== 'unknown'

/** The entity a node is: workload, app (a versioned app is its app) or service; none for unknown and operations. */
export function nodeEntity(d: NodeData): EntityRef | undefined {
  if (d.nodeType === 'workload' && named(d.workload)) return { kind: 'workload', namespace: d.namespace, name: d.workload! }
  if (d.nodeType === 'app' && named(d.app)) return { kind: 'app', namespace: d.namespace, name: d.app! }
  if (d.nodeType === 'service' && named(d.service) && !d.isServiceEntry) return { kind: 'service', namespace: d.namespace, name: d.service! }
  return undefined
}

/** The service whose routing applies: the node itself, or the first service its requests were addressed to. */
export function routedService(d: NodeData): EntityRef | undefined {
  if (d.nodeType === 'service' && named(d.service) && !d.isServiceEntry) return { kind: 'service', namespace: d.namespace, name: d.service! }
  const s = d.destServices?.find((x) => named(x.name))
  return s ? { kind: 'service', namespace: s.namespace, name: s.name } : undefined
}

/** The traces page, searching this node's service (the name traces carry). */
export function tracesPath(d: NodeData): string | undefined {
  const service = d.nodeType === 'service' ? d.service : (d.app ?? d.workload)
  if (!named(service)) return undefined
  const params = new URLSearchParams({ service: service!, namespaces: d.namespace })
  return `/traces?${params.toString()}`
}

/** What the metrics API calls the label that names a node of this kind, on the given side. */
function labelFor(d: NodeData, side: 'source' | 'destination'): { label: string; value: string } | undefined {
  if (d.nodeType === 'workload' && named(d.workload)) return { label: `${side}_workload`, value: d.workload! }
  if (d.nodeType === 'app' && named(d.app)) return { label: `${side}_canonical_service`, value: d.app! }
  if (d.nodeType === 'service' && side === 'destination' && named(d.service)) return { label: 'destination_service_name', value: d.service! }
  if (d.nodeType === 'unknown' && side === 'source') return { label: 'source_workload', value: 'unknown' }
  return undefined
}

export interface EdgeMetricsSource {
  entity: EntityRef
  direction: 'inbound' | 'outbound'
  /** Split the entity's metrics by this label and keep the series with this value: the edge's share. */
  byLabel: string
  value: string
}

/**
 * Where the edge's request rate over time can be read: the source's outbound metrics split by the
 * destination, or — when the source is not an entity (unknown, a service node) — the destination's
 * inbound metrics split by the source. A versioned app's metrics are its app's, all versions: the
 * edge's line then covers them all, so none is offered.
 */
export function edgeMetricsSource(model: GraphModel, e: GraphEdge): EdgeMetricsSource | undefined {
  const src = model.nodes.get(e.source)?.data
  const dst = model.nodes.get(e.target)?.data
  if (!src || !dst || isVersionedApp(src) || isVersionedApp(dst)) return undefined
  const srcEntity = nodeEntity(src)
  const dstLabel = labelFor(dst, 'destination')
  if (srcEntity && srcEntity.kind !== 'service' && dstLabel) {
    return { entity: srcEntity, direction: 'outbound', byLabel: dstLabel.label, value: dstLabel.value }
  }
  const dstEntity = nodeEntity(dst)
  const srcLabel = src.nodeType === 'service' && named(src.service) ? { label: 'destination_service_name', value: src.service! } : labelFor(src, 'source')
  if (dstEntity && srcLabel) return { entity: dstEntity, direction: 'inbound', byLabel: srcLabel.label, value: srcLabel.value }
  return undefined
}
