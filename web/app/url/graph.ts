// The graph page's view state in the URL, with Kiali's parameter names so that a Kiali link reads
// the same: `?graphType=workload&layout=fcose&edges=trafficRate,responseTime&idleNodes=true
// &injectServiceNodes=false&boxNamespace=false&graphFind=…&graphHide=…`. The namespaces and the
// time controls have their own modules (namespaces.ts, timeRange.ts). Pure: tested in test/unit/web.
import { GRAPH_TYPES, type GraphType } from '../../../shared/graph.ts'
import type { EntityKind } from './entities.ts'
import { parseList, withParam } from './params.ts'

export const GRAPH_LAYOUTS = ['dagre', 'fcose', 'concentric', 'grid'] as const
export type GraphLayout = (typeof GRAPH_LAYOUTS)[number]

/** Kiali's edge label modes: request rate, share of the source's traffic, response time, throughput. */
export const EDGE_LABELS = ['trafficRate', 'trafficDistribution', 'responseTime', 'throughput'] as const
export type EdgeLabel = (typeof EDGE_LABELS)[number]

export const RENDERERS = ['canvas', 'webgl'] as const
export type GraphRenderer = (typeof RENDERERS)[number]

export interface GraphView {
  graphType: GraphType
  layout: GraphLayout
  /** Empty: no edge labels. */
  edgeLabels: EdgeLabel[]
  /** Nodes with no traffic in the window. */
  idleNodes: boolean
  /** Nodes with no running instance and no traffic. */
  deadNodes: boolean
  /** Service nodes between callers and workloads (a server-side option: the graph is fetched again). */
  serviceNodes: boolean
  /** Config badges on nodes and the mTLS lock on edges. */
  badges: boolean
  /** Namespace boxes (compound nodes). */
  boxes: boolean
  find: string
  hide: string
  /** cytoscape's canvas renderer, or its WebGL mode (experimental; fastest with a GPU). */
  renderer: GraphRenderer
}

export const DEFAULT_GRAPH_VIEW: GraphView = {
  graphType: 'versionedApp',
  layout: 'dagre',
  edgeLabels: [],
  idleNodes: false,
  deadNodes: false,
  serviceNodes: true,
  badges: true,
  boxes: true,
  find: '',
  hide: '',
  renderer: 'canvas',
}

export const GRAPH_PARAMS = {
  graphType: 'graphType',
  layout: 'layout',
  edgeLabels: 'edges',
  idleNodes: 'idleNodes',
  deadNodes: 'deadNodes',
  serviceNodes: 'injectServiceNodes',
  badges: 'badges',
  boxes: 'boxNamespace',
  find: 'graphFind',
  hide: 'graphHide',
  renderer: 'renderer',
} as const satisfies Record<keyof GraphView, string>

export const GRAPH_TYPE_LABEL: Record<GraphType, string> = {
  app: 'App graph',
  versionedApp: 'Versioned app graph',
  workload: 'Workload graph',
  service: 'Service graph',
}

export const LAYOUT_LABEL: Record<GraphLayout, string> = {
  dagre: 'Dagre (layered)',
  fcose: 'fCoSE (force-directed)',
  concentric: 'Concentric',
  grid: 'Grid',
}

export const EDGE_LABEL_LABEL: Record<EdgeLabel, string> = {
  trafficRate: 'Request rate',
  trafficDistribution: 'Share of traffic',
  responseTime: 'Response time (p95)',
  throughput: 'Throughput',
}

function oneOf<T extends string>(values: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback
}

function bool(v: string | null, fallback: boolean): boolean {
  if (v === 'true') return true
  if (v === 'false') return false
  return fallback
}

/** Unknown values are dropped rather than failing: an old bookmark still opens. */
export function parseGraphView(params: URLSearchParams): GraphView {
  const d = DEFAULT_GRAPH_VIEW
  const p = GRAPH_PARAMS
  // Kiali writes `edges=noEdgeLabels` for none.
  const edges = params.get(p.edgeLabels)
  return {
    graphType: oneOf(GRAPH_TYPES, params.get(p.graphType), d.graphType),
    layout: oneOf(GRAPH_LAYOUTS, params.get(p.layout), d.layout),
    edgeLabels: edges === null ? d.edgeLabels : EDGE_LABELS.filter((l) => parseList(edges).includes(l)),
    idleNodes: bool(params.get(p.idleNodes), d.idleNodes),
    deadNodes: bool(params.get(p.deadNodes), d.deadNodes),
    serviceNodes: bool(params.get(p.serviceNodes), d.serviceNodes),
    badges: bool(params.get(p.badges), d.badges),
    boxes: bool(params.get(p.boxes), d.boxes),
    find: params.get(p.find) ?? '',
    hide: params.get(p.hide) ?? '',
    renderer: oneOf(RENDERERS, params.get(p.renderer), d.renderer),
  }
}

/** Writes over `params`, leaving the others (namespaces, time controls) alone; defaults are omitted. */
export function writeGraphView(params: URLSearchParams, v: GraphView): URLSearchParams {
  const d = DEFAULT_GRAPH_VIEW
  const p = GRAPH_PARAMS
  const flag = (value: boolean, fallback: boolean) => (value === fallback ? undefined : String(value))
  let next = withParam(params, p.graphType, v.graphType === d.graphType ? undefined : v.graphType)
  next = withParam(next, p.layout, v.layout === d.layout ? undefined : v.layout)
  next = withParam(next, p.edgeLabels, v.edgeLabels.length ? EDGE_LABELS.filter((l) => v.edgeLabels.includes(l)) : undefined)
  next = withParam(next, p.idleNodes, flag(v.idleNodes, d.idleNodes))
  next = withParam(next, p.deadNodes, flag(v.deadNodes, d.deadNodes))
  next = withParam(next, p.serviceNodes, flag(v.serviceNodes, d.serviceNodes))
  next = withParam(next, p.badges, flag(v.badges, d.badges))
  next = withParam(next, p.boxes, flag(v.boxes, d.boxes))
  next = withParam(next, p.find, v.find.trim() ? v.find : undefined)
  next = withParam(next, p.hide, v.hide.trim() ? v.hide : undefined)
  next = withParam(next, p.renderer, v.renderer === d.renderer ? undefined : v.renderer)
  return next
}

// --- Node graphs: the traffic around one app, workload or service, at Kiali's path
// /graph/namespaces/{ns}/{applications|workloads|services}/{name}.

export const NODE_GRAPH_ROUTE = '/graph/namespaces/:namespace/:collection/:name'

const COLLECTIONS = { app: 'applications', workload: 'workloads', service: 'services' } as const
export type NodeGraphCollection = (typeof COLLECTIONS)[EntityKind]

export interface NodeGraphTarget {
  collection: NodeGraphCollection
  namespace: string
  name: string
}

export function nodeGraphPath(kind: EntityKind, namespace: string, name: string): string {
  return `/graph/namespaces/${encodeURIComponent(namespace)}/${COLLECTIONS[kind]}/${encodeURIComponent(name)}`
}

/** The node graph's target from the route's params (react-router has decoded them); undefined: not a node graph. */
export function nodeGraphTarget(params: Readonly<Partial<Record<string, string>>>): NodeGraphTarget | undefined {
  const { namespace, collection, name } = params
  if (!namespace || !name || !collection) return undefined
  const known = Object.values(COLLECTIONS) as string[]
  return known.includes(collection) ? { collection: collection as NodeGraphCollection, namespace, name } : undefined
}
