// The words on the graph: node labels and the edge labels the user picked (request rate, share of
// the source's traffic, response time, throughput), in the units the rest of the console uses.
// Pure: tested in test/unit/web/graph-labels.test.ts.
import type { EdgeLabel } from '../../app/url/graph.ts'
import { formatBytes, formatMillis, formatPercent, formatRate } from '../../components/units.ts'
import { isVersionedApp, nodeName, type GraphEdge, type GraphNode } from './model.ts'

/** "1.5 KiB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** The edge's rate in its unit: requests per second, or bytes per second for TCP. */
export function formatEdgeRate(e: GraphEdge): string {
  return e.protocol === 'tcp' ? formatByteRate(e.total) : formatRate(e.total)
}

/** The share of failed requests, in percent: the server's httpPercentErr / grpcPercentErr (absent: none failed). */
export function edgeErrorPercent(e: GraphEdge): number {
  if (e.protocol === 'http') return e.rates.httpPercentErr ?? 0
  if (e.protocol === 'grpc') return e.rates.grpcPercentErr ?? 0
  return 0
}

/** The share of the source's outbound requests of this protocol that took this edge, in percent. */
export function edgeTrafficPercent(e: GraphEdge): number | undefined {
  if (e.protocol === 'http') return e.rates.httpPercentReq
  if (e.protocol === 'grpc') return e.rates.grpcPercentReq
  return undefined
}

function labelPart(e: GraphEdge, mode: EdgeLabel): string | undefined {
  switch (mode) {
    case 'trafficRate': {
      if (e.total <= 0) return undefined
      const err = edgeErrorPercent(e)
      return err > 0 ? `${formatEdgeRate(e)} · ${formatPercent(err)} err` : formatEdgeRate(e)
    }
    case 'trafficDistribution': {
      const pct = edgeTrafficPercent(e)
      return pct === undefined ? undefined : formatPercent(pct)
    }
    case 'responseTime': {
      const ms = e.data.responseTime === undefined ? NaN : Number(e.data.responseTime)
      return Number.isFinite(ms) ? formatMillis(ms) : undefined
    }
    case 'throughput': {
      const bps = e.data.throughput === undefined ? NaN : Number(e.data.throughput)
      return Number.isFinite(bps) ? formatByteRate(bps) : undefined
    }
  }
}

/** One line per picked label that has a value; '' for none. */
export function edgeLabel(e: GraphEdge, modes: readonly EdgeLabel[]): string {
  return modes
    .map((m) => labelPart(e, m))
    .filter((p): p is string => p !== undefined)
    .join('\n')
}

/** Name, then the version of a versioned app, then the namespace of a node from outside the selection. */
export function nodeLabel(n: GraphNode): string {
  const d = n.data
  const lines = [nodeName(d)]
  if (isVersionedApp(d)) lines.push(d.version ?? '')
  if (d.isOutside) lines.push(`(${d.namespace})`)
  return lines.filter(Boolean).join('\n')
}

/** A node's name as the page writes it: a versioned app with its version ("reviews v2"). */
export function displayName(n: GraphNode): string {
  return isVersionedApp(n.data) ? `${nodeName(n.data)} ${n.data.version}` : nodeName(n.data)
}

const PROTOCOL_LABEL: Readonly<Record<string, string>> = { http: 'HTTP', grpc: 'gRPC', tcp: 'TCP' }

export function protocolLabel(protocol: string): string {
  return PROTOCOL_LABEL[protocol] ?? protocol
}

/** What a node is, in words: "versioned app", "service entry", … */
export function nodeKindLabel(n: GraphNode): string {
  const d = n.data
  if (n.isBox) return d.isBox === 'app' ? 'app box' : d.isBox === 'cluster' ? 'cluster box' : 'namespace'
  if (isVersionedApp(d)) return 'versioned app'
  if (d.nodeType === 'service' && d.isServiceEntry) return 'service entry'
  if (d.nodeType === 'aggregate') return 'operation'
  return d.nodeType
}
