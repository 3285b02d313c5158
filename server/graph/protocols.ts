// The rates each protocol puts on nodes and edges (Kiali's names and precisions), and how one
// sample of traffic adds to a source node, a destination node and the edge between them.
import { isFailure } from '../telemetry/health.ts'
import { newEdgeRates, newNodeRates, type GraphEdge, type GraphNode, type Protocol, type Rates, type ResponseTally } from './types.ts'

export type RateKind = 'total' | 'error' | 'plain' | 'percentErr' | 'percentReq' | 'in' | 'out'

export interface RateDef {
  name: string
  kind: RateKind
  /** Decimals at least (more when needed to show a significant digit). */
  precision: number
}

export interface ProtocolDef {
  name: Protocol
  edgeRates: readonly RateDef[]
  nodeRates: readonly RateDef[]
}

const rate = (name: string, kind: RateKind, precision = 2): RateDef => ({ name, kind, precision })

export const PROTOCOL_DEFS: readonly ProtocolDef[] = [
  {
    name: 'grpc',
    edgeRates: [rate('grpc', 'total'), rate('grpcNoResponse', 'error'), rate('grpcErr', 'error'), rate('grpcPercentErr', 'percentErr', 1), rate('grpcPercentReq', 'percentReq', 1)],
    nodeRates: [rate('grpcIn', 'in'), rate('grpcInNoResponse', 'error'), rate('grpcInErr', 'error'), rate('grpcOut', 'out')],
  },
  {
    name: 'http',
    edgeRates: [
      rate('http', 'total'), rate('httpNoResponse', 'error'), rate('http3xx', 'plain'), rate('http4xx', 'error'), rate('http5xx', 'error'),
      rate('httpPercentErr', 'percentErr', 1), rate('httpPercentReq', 'percentReq', 1),
    ],
    nodeRates: [
      rate('httpIn', 'in'), rate('httpInNoResponse', 'error'), rate('httpIn3xx', 'plain'), rate('httpIn4xx', 'error'), rate('httpIn5xx', 'error'), rate('httpOut', 'out'),
    ],
  },
  {
    name: 'tcp',
    edgeRates: [rate('tcp', 'total')],
    nodeRates: [rate('tcpIn', 'in'), rate('tcpOut', 'out')],
  },
]

export const PROTOCOL_BY_NAME = new Map(PROTOCOL_DEFS.map((p) => [p.name, p]))

// The rate objects of nodes and edges (types.ts) have a field for every rate stored here.
for (const p of PROTOCOL_DEFS) {
  for (const r of p.edgeRates) {
    if (r.kind !== 'percentErr' && r.kind !== 'percentReq' && !(r.name in newEdgeRates())) throw new Error(`edge rate ${r.name} has no field in newEdgeRates()`)
  }
  for (const r of p.nodeRates) if (!(r.name in newNodeRates())) throw new Error(`node rate ${r.name} has no field in newNodeRates()`)
}

export function isProtocol(value: string): value is Protocol {
  return PROTOCOL_BY_NAME.has(value as Protocol)
}

function add(rates: Rates, name: string, value: number): void {
  if (!(value > 0)) return
  rates[name] = (rates[name] ?? 0) + value
}

function tally(responses: Map<string, ResponseTally>, code: string): ResponseTally {
  let t = responses.get(code)
  if (!t) responses.set(code, (t = { flags: new Map(), hosts: new Map() }))
  return t
}

/** Adds to the response breakdown of an edge: code → flags and hosts. */
export function addResponse(edge: GraphEdge, code: string, flags: string, host: string, value: number): void {
  const t = tally(edge.responses, code || '-')
  if (flags) t.flags.set(flags, (t.flags.get(flags) ?? 0) + value)
  if (host) t.hosts.set(host, (t.hosts.get(host) ?? 0) + value)
}

export interface TrafficSample {
  protocol: Protocol
  value: number
  /** Response code as health files it (`-` no response, gRPC status for gRPC); undefined for traffic without codes. */
  code: string | undefined
  flags: string
  host: string
}

/** Every rate name a protocol's sample touches, made once. */
const NAMES = {
  http: { out: 'httpOut', in: 'httpIn', edge: 'http', inNoResponse: 'httpInNoResponse', noResponse: 'httpNoResponse' },
  grpc: { out: 'grpcOut', in: 'grpcIn', edge: 'grpc', inNoResponse: 'grpcInNoResponse', noResponse: 'grpcNoResponse' },
  tcp: { out: 'tcpOut', in: 'tcpIn', edge: 'tcp', inNoResponse: '', noResponse: '' },
} as const
const HTTP_CLASS: Record<string, [string, string] | undefined> = {
  3: ['httpIn3xx', 'http3xx'], 4: ['httpIn4xx', 'http4xx'], 5: ['httpIn5xx', 'http5xx'],
}

/** Adds one sample to the source's outbound, the destination's inbound and the edge. */
export function addTraffic(s: TrafficSample, source: GraphNode, dest: GraphNode, edge: GraphEdge): void {
  const v = s.value
  if (!(v > 0)) return
  const p = s.protocol
  const names = NAMES[p]
  add(source.rates, names.out, v)
  add(dest.rates, names.in, v)
  add(edge.rates, names.edge, v)
  if (p === 'tcp') {
    addResponse(edge, '-', s.flags, s.host, v)
    return
  }
  if (s.code === undefined) return
  addResponse(edge, s.code, s.flags, s.host, v)
  if (s.code === '-') {
    add(dest.rates, names.inNoResponse, v)
    add(edge.rates, names.noResponse, v)
    return
  }
  if (p === 'http') {
    const cls = s.code.length === 3 ? HTTP_CLASS[s.code[0]] : undefined
    if (cls) {
      add(dest.rates, cls[0], v)
      add(edge.rates, cls[1], v)
    }
    return
  }
  if (isFailure('grpc', s.code)) {
    add(dest.rates, 'grpcInErr', v)
    add(edge.rates, 'grpcErr', v)
  }
}

/** Adds an edge's total to its source's outbound rate (an edge joining a node's edges). */
export function addOutgoing(node: GraphNode, edge: GraphEdge): void {
  add(node.rates, NAMES[edge.protocol].out, edge.total)
}

export function resetOutgoing(node: GraphNode): void {
  for (const p of PROTOCOL_DEFS) node.rates[NAMES[p.name].out] = 0
}

/** Folds one edge's traffic into another of the same protocol (edges merged by a reduction). */
export function mergeEdgeTraffic(from: GraphEdge, into: GraphEdge): void {
  for (const name in from.rates) add(into.rates, name, from.rates[name])
  for (const [code, t] of from.responses) {
    const target = tally(into.responses, code)
    for (const [f, v] of t.flags) target.flags.set(f, (target.flags.get(f) ?? 0) + v)
    for (const [h, v] of t.hosts) target.hosts.set(h, (target.hosts.get(h) ?? 0) + v)
  }
}

/** Total request (or byte) rate in and out of a node, every protocol: how busy it is. */
export function nodeTraffic(node: GraphNode): number {
  let sum = 0
  for (const p of PROTOCOL_DEFS) sum += node.rates[NAMES[p.name].in] + node.rates[NAMES[p.name].out]
  return sum
}

/** Whether a node has any traffic in or out. */
export function hasTraffic(node: GraphNode): boolean {
  return nodeTraffic(node) > 0
}
