// What the side panel says of a node, an edge or the whole graph: rates in and out by protocol,
// the error share, the response codes with their share and flags, response times and security.
// Pure: tested in test/unit/web/graph-summary.test.ts.
import { edgeErrorPercent, edgeTrafficPercent } from './labels.ts'
import { parseRate, type GraphEdge, type GraphModel, type GraphNode } from './model.ts'
import { isErrorCode, responseCodeLabel, responseFlagLabel } from './responseCodes.ts'
import type { Visibility } from './visibility.ts'

export type Protocol = 'http' | 'grpc' | 'tcp'
export const PROTOCOLS: readonly Protocol[] = ['http', 'grpc', 'tcp']

export interface ProtocolRates {
  protocol: Protocol
  /** Requests per second (bytes per second for tcp). */
  inbound: number
  outbound: number
  /** Failed inbound requests per second (4xx, 5xx and no response for http; non-OK for grpc). */
  inboundErrors: number
  /** Failed outbound requests per second, from the node's edges out. */
  outboundErrors: number
}

function edgeErrors(e: GraphEdge): number {
  return (e.total * edgeErrorPercent(e)) / 100
}

/** One row per protocol with traffic either way. */
export function nodeRates(model: GraphModel, n: GraphNode): ProtocolRates[] {
  const r = n.rates
  const outErr: Record<Protocol, number> = { http: 0, grpc: 0, tcp: 0 }
  for (const id of model.outEdges.get(n.id) ?? []) {
    const e = model.edges.get(id)!
    if (e.protocol === 'http' || e.protocol === 'grpc') outErr[e.protocol] += edgeErrors(e)
  }
  const rows: ProtocolRates[] = [
    {
      protocol: 'http',
      inbound: r.httpIn ?? 0,
      outbound: r.httpOut ?? 0,
      inboundErrors: (r.httpIn4xx ?? 0) + (r.httpIn5xx ?? 0) + (r.httpInNoResponse ?? 0),
      outboundErrors: outErr.http,
    },
    {
      protocol: 'grpc',
      inbound: r.grpcIn ?? 0,
      outbound: r.grpcOut ?? 0,
      inboundErrors: (r.grpcInErr ?? 0) + (r.grpcInNoResponse ?? 0),
      outboundErrors: outErr.grpc,
    },
    { protocol: 'tcp', inbound: r.tcpIn ?? 0, outbound: r.tcpOut ?? 0, inboundErrors: 0, outboundErrors: 0 },
  ]
  return rows.filter((row) => row.inbound > 0 || row.outbound > 0)
}

/** errors ÷ total in percent; undefined without traffic. */
export function percentOf(errors: number, total: number): number | undefined {
  return total > 0 ? (errors / total) * 100 : undefined
}

export interface CodeRow {
  code: string
  label: string
  isError: boolean
  /** Share of the edge's requests, in percent. */
  percent: number
  /** Requests per second with this code. */
  rate: number
  /** Response flags with their share of the edge's requests, e.g. "FI (aborted by fault injection)". */
  flags: { flags: string; label: string; percent: number }[]
}

/**
 * The edge's responses by code. Shares are of all the edge's requests, as Kiali computes them: a
 * code's share is the sum of its flags' shares (or of its hosts', when the server sent no flags).
 * Errors first, then by share.
 */
export function responseCodes(e: GraphEdge): CodeRow[] {
  const rows: CodeRow[] = []
  for (const [code, detail] of Object.entries(e.data.traffic.responses ?? {})) {
    const flags = Object.entries(detail.flags ?? {}).map(([f, pct]) => ({ flags: f, label: responseFlagLabel(f), percent: parseRate(pct) }))
    const byHost = Object.values(detail.hosts ?? {}).reduce((sum, pct) => sum + parseRate(pct), 0)
    const percent = flags.length ? flags.reduce((sum, f) => sum + f.percent, 0) : byHost
    rows.push({
      code,
      label: responseCodeLabel(e.protocol, code),
      isError: isErrorCode(e.protocol, code),
      percent,
      rate: (e.total * percent) / 100,
      flags: flags.sort((a, b) => b.percent - a.percent),
    })
  }
  return rows.sort((a, b) => Number(b.isError) - Number(a.isError) || b.percent - a.percent || a.code.localeCompare(b.code))
}

export interface ResponseTimes {
  avg?: number
  p50?: number
  p95?: number
  p99?: number
}

export function responseTimes(e: GraphEdge): ResponseTimes {
  const all = e.data.responseTimes ?? {}
  const num = (v: string | undefined) => {
    const n = v === undefined ? NaN : Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return { avg: num(all.avg), p50: num(all['0.5']), p95: num(all['0.95'] ?? e.data.responseTime), p99: num(all['0.99']) }
}

export interface EdgeSummary {
  protocol: string
  rate: number
  /** Share of failed requests, in percent (0 for tcp). */
  errorPercent: number
  /** Share of the source's outbound traffic of this protocol, in percent. */
  trafficPercent: number | undefined
  codes: CodeRow[]
  times: ResponseTimes
  /** Bytes per second. */
  throughput: number | undefined
  /** Share of requests over mutual TLS, in percent. */
  mtlsPercent: number | undefined
}

export function edgeSummary(e: GraphEdge): EdgeSummary {
  const throughput = e.data.throughput === undefined ? NaN : Number(e.data.throughput)
  const mtls = e.data.isMTLS === undefined ? NaN : Number(e.data.isMTLS)
  return {
    protocol: e.protocol,
    rate: e.total,
    errorPercent: edgeErrorPercent(e),
    trafficPercent: edgeTrafficPercent(e),
    codes: responseCodes(e),
    times: responseTimes(e),
    throughput: Number.isFinite(throughput) ? throughput : undefined,
    mtlsPercent: Number.isFinite(mtls) ? mtls : undefined,
  }
}

export interface GraphTotals {
  /** Drawn nodes by kind (versioned app, service, …), boxes apart. */
  nodeKinds: { kind: string; count: number }[]
  nodes: number
  edges: number
  /** Per protocol: the sum over drawn edges, and the failed share. */
  protocols: { protocol: Protocol; rate: number; errorPercent: number | undefined }[]
  /** Failing and degraded edges, worst first: where to look. */
  problems: GraphEdge[]
}

const PROBLEM_RANK: Readonly<Record<string, number>> = { Failure: 0, Degraded: 1 }
const MAX_PROBLEMS = 10

export function graphTotals(model: GraphModel, visible: Visibility, kindOf: (n: GraphNode) => string): GraphTotals {
  const kinds = new Map<string, number>()
  for (const id of visible.nodes) {
    const n = model.nodes.get(id)!
    if (!n.isBox) kinds.set(kindOf(n), (kinds.get(kindOf(n)) ?? 0) + 1)
  }
  const sums: Record<Protocol, { rate: number; errors: number }> = { http: { rate: 0, errors: 0 }, grpc: { rate: 0, errors: 0 }, tcp: { rate: 0, errors: 0 } }
  const problems: GraphEdge[] = []
  for (const id of visible.edges) {
    const e = model.edges.get(id)!
    const p = e.protocol as Protocol
    if (sums[p]) {
      sums[p].rate += e.total
      sums[p].errors += edgeErrors(e)
    }
    if (e.total > 0 && e.data.healthStatus !== undefined && e.data.healthStatus in PROBLEM_RANK) problems.push(e)
  }
  problems.sort(
    (a, b) => PROBLEM_RANK[a.data.healthStatus!] - PROBLEM_RANK[b.data.healthStatus!] || edgeErrorPercent(b) - edgeErrorPercent(a),
  )
  return {
    nodeKinds: [...kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    nodes: visible.nodeCount,
    edges: visible.edges.size,
    protocols: PROTOCOLS.filter((p) => sums[p].rate > 0).map((p) => ({
      protocol: p,
      rate: sums[p].rate,
      errorPercent: p === 'tcp' ? undefined : percentOf(sums[p].errors, sums[p].rate),
    })),
    problems: problems.slice(0, MAX_PROBLEMS),
  }
}
