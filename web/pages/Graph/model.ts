// The graph as the page works with it: the server's answer (shared/graph.ts, Kiali's shape) indexed
// by id, with every rate parsed once from its decimal string, and each node's edges in and out.
// Find, hide, the side panel and the element builder all read this instead of the raw JSON.
// Pure: tested in test/unit/web.
import type { EdgeData, GraphResponse, NodeData } from '../../../shared/graph.ts'

export interface GraphNode {
  id: string
  data: NodeData
  /** Every rate of every protocol (httpIn, grpcInErr, tcpOut, …) as a number; absent: none. */
  rates: Readonly<Record<string, number>>
  isBox: boolean
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  data: EdgeData
  protocol: string
  /** http, http5xx, httpPercentErr, grpc, grpcPercentReq, tcp, … as numbers. */
  rates: Readonly<Record<string, number>>
  /** Requests (or bytes for tcp) per second over every protocol: http, grpc or tcp. */
  total: number
}

export interface GraphModel {
  nodes: ReadonlyMap<string, GraphNode>
  edges: ReadonlyMap<string, GraphEdge>
  /** Node id → ids of the edges leaving it / reaching it. */
  outEdges: ReadonlyMap<string, readonly string[]>
  inEdges: ReadonlyMap<string, readonly string[]>
  /** Box id → ids of the nodes directly inside it. */
  children: ReadonlyMap<string, readonly string[]>
}

/** A decimal string from the server as a number; anything else (absent, garbage) is 0. */
export function parseRate(value: string | undefined): number {
  if (value === undefined) return 0
  const n = Number(value)
  return Number.isFinite(n) ? n : 0
}

function parseRates(rates: Readonly<Record<string, string>> | undefined, into: Record<string, number>): void {
  if (!rates) return
  for (const [name, value] of Object.entries(rates)) into[name] = (into[name] ?? 0) + parseRate(value)
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export const PROTOCOL_TOTAL: Readonly<Record<string, string>> = { http: 'http', grpc: 'grpc', tcp: 'tcp' }

export function buildModel(response: GraphResponse): GraphModel {
  const nodes = new Map<string, GraphNode>()
  const edges = new Map<string, GraphEdge>()
  const outEdges = new Map<string, string[]>()
  const inEdges = new Map<string, string[]>()
  const children = new Map<string, string[]>()

  for (const { data } of response.elements.nodes) {
    const rates: Record<string, number> = {}
    for (const t of data.traffic ?? []) parseRates(t.rates, rates)
    nodes.set(data.id, { id: data.id, data, rates, isBox: data.nodeType === 'box' || data.isBox !== undefined })
    if (data.parent) push(children, data.parent, data.id)
  }
  for (const { data } of response.elements.edges) {
    // An edge whose end the server did not send would break cytoscape; it cannot be drawn anyway.
    if (!nodes.has(data.source) || !nodes.has(data.target)) continue
    const rates: Record<string, number> = {}
    parseRates(data.traffic.rates, rates)
    const protocol = data.traffic.protocol
    const total = rates[PROTOCOL_TOTAL[protocol] ?? protocol] ?? 0
    edges.set(data.id, { id: data.id, source: data.source, target: data.target, data, protocol, rates, total })
    push(outEdges, data.source, data.id)
    push(inEdges, data.target, data.id)
  }
  return { nodes, edges, outEdges, inEdges, children }
}

/** The name a node goes by: its workload, app (with version in versioned graphs), service or aggregate. */
export function nodeName(d: NodeData): string {
  switch (d.nodeType) {
    case 'workload':
      return d.workload ?? d.app ?? 'unknown'
    case 'app':
      return d.app ?? d.workload ?? 'unknown'
    case 'service':
      return d.service ?? 'unknown'
    case 'aggregate':
      return d.aggregate ?? 'unknown'
    case 'box':
      return d.isBox === 'app' ? (d.app ?? d.namespace) : d.isBox === 'cluster' ? d.cluster : d.namespace
    default:
      return d.workload ?? d.app ?? d.service ?? 'unknown'
  }
}

/** An app node of a versioned-app graph: one version of an app. */
export function isVersionedApp(d: NodeData): boolean {
  return d.nodeType === 'app' && d.version !== undefined && d.version !== ''
}

/** Has the node seen traffic in the window: any rate above zero. */
export function hasTraffic(n: GraphNode): boolean {
  return Object.values(n.rates).some((v) => v > 0)
}
