// The traffic map as Kiali's JSON (cytoscape elements): hashed ids, rates as decimal strings (two
// decimals, more when needed to show a significant digit; percentages one), response breakdowns as
// percentages of the edge's traffic, compound box nodes, and nodes and edges in a stable order.
// Nodes are built as NodeData and serialized; edges, thousands of them, are written as JSON directly,
// all into one UTF-8 buffer: what the cache keeps and the socket takes.
import type { GraphResponse, NodeData, ProtocolTraffic } from '../../shared/graph.ts'
import type { BoxBy, GraphOptions } from './options.ts'
import { edgeId, nodeId } from './ids.ts'
import { PROTOCOL_DEFS } from './protocols.ts'
import { RESPONSE_TIME_STATS, UNKNOWN, type GraphEdge, type GraphNode, type ResponseTimeStat, type TrafficMap } from './types.ts'

/** Decimals needed to show one significant digit of a value below 1, up to max. */
function significantDecimals(v: number, max: number): number {
  if (!(v > 0)) return 0
  let d = 0
  while (d < max && v < 1) {
    v *= 10
    d++
  }
  return d
}

const ZEROS = ['', '0', '00', '000', '0000', '00000']

/**
 * v.toFixed(digits), without its cost where the answer is plain (a graph formats tens of thousands
 * of numbers): below 2^53, where a whole number prints exactly, rounding to a whole number is
 * Math.round (the same rule: nearest, halves up) and a whole number only gains zeros. Anything
 * else is toFixed's.
 */
function fixed(v: number, digits: number): string {
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
    if (digits === 0) return String(Math.round(v))
    if (Number.isInteger(v)) return `${v}.${ZEROS[digits]}`
  }
  return v.toFixed(digits)
}

/** A rate with at least `precision` decimals, more (up to 5) for small values: 0.004 → "0.004". */
export function formatRate(v: number, precision: number): string {
  return fixed(v, Math.max(precision, significantDecimals(v, 5)))
}

export function formatPercent(v: number): string {
  return fixed(v, 1)
}

/** Milliseconds: whole above 10, one decimal above 1, two below ("12", "4.6", "0.47"). */
export function formatMillis(v: number): string {
  return fixed(v, v >= 10 ? 0 : v >= 1 ? 1 : 2)
}

/** Bytes per second: whole, or enough decimals to show something below 1. */
export function formatBytes(v: number): string {
  return fixed(v, significantDecimals(v, 2))
}

function nodeTraffic(n: GraphNode): ProtocolTraffic[] | undefined {
  let out: ProtocolTraffic[] | undefined
  for (const p of PROTOCOL_DEFS) {
    let rates: Record<string, string> | undefined
    for (const r of p.nodeRates) {
      const v = n.rates[r.name]
      if (v !== undefined && v > 0) (rates ??= {})[r.name] = formatRate(v, r.precision)
    }
    if (rates) (out ??= []).push({ protocol: p.name, rates })
  }
  return out
}

/** Keys as JSON.parse gives them back: integer-like ones ascending first, then the rest (sorted, for stable output). */
function orderedKeys(m: ReadonlyMap<string, unknown>): string[] {
  const list = [...m.keys()]
  if (list.length < 2) return list
  return list.sort((a, b) => {
    const x = arrayIndex(a)
    const y = arrayIndex(b)
    if (x >= 0 || y >= 0) return x < 0 ? 1 : y < 0 ? -1 : x - y
    return a < b ? -1 : a > b ? 1 : 0
  })
}

/** A key JavaScript orders as an array index (`"0"`, `"503"`), or -1. */
function arrayIndex(k: string): number {
  return /^(0|[1-9][0-9]{0,8})$/.test(k) ? Number(k) : -1
}

const str = JSON.stringify

const MAX_QUOTED = 50_000
const quotedText = new Map<string, string>()

/** A string as JSON: the hosts, principals, codes and flags a graph repeats on thousands of edges are quoted once. */
function quoted(s: string): string {
  let q = quotedText.get(s)
  if (q === undefined) {
    if (quotedText.size >= MAX_QUOTED) quotedText.clear()
    quotedText.set(s, (q = str(s)))
  }
  return q
}

/** `{"key":"share",…}`: each key's share of the edge's traffic. */
function sharesJson(m: Map<string, number>, total: number): string {
  if (m.size === 1) {
    for (const [k, v] of m) return `{${quoted(k)}:"${formatPercent((100 * v) / total)}"}`
  }
  let out = ''
  for (const k of orderedKeys(m)) out += `${out ? ',' : ''}${quoted(k)}:"${formatPercent((100 * m.get(k)!) / total)}"`
  return `{${out}}`
}

/** An edge's ProtocolTraffic as JSON: the rates of its protocol, then its responses by code as shares. */
function edgeTrafficJson(e: GraphEdge): string {
  const p = PROTOCOL_SHAPES.get(e.protocol)!
  const total = e.total
  if (!(total > 0)) return `{"protocol":"${e.protocol}"}`
  let rates = ''
  let errors = 0
  for (const r of p.def.edgeRates) {
    if (r.kind === 'percentErr' || r.kind === 'percentReq') continue
    const v = e.rates[r.name]
    if (v === undefined || !(v > 0)) continue
    if (r.kind === 'error') errors += v
    rates += `${rates ? ',' : ''}"${r.name}":"${formatRate(v, r.precision)}"`
  }
  if (p.percentErr && errors > 0) rates += `,"${p.percentErr}":"${formatPercent((100 * errors) / total)}"`
  const sent = e.source.rates[p.out] ?? 0
  if (p.percentReq && sent > 0) rates += `,"${p.percentReq}":"${formatPercent((100 * total) / sent)}"`
  let out = `{"protocol":"${e.protocol}","rates":{${rates}}`
  if (e.responses.size) {
    let responses = ''
    for (const code of orderedKeys(e.responses)) {
      const t = e.responses.get(code)!
      responses += `${responses ? ',' : ''}${quoted(code)}:{"flags":${sharesJson(t.flags, total)},"hosts":${sharesJson(t.hosts, total)}}`
    }
    out += `,"responses":{${responses}}`
  }
  return `${out}}`
}

/** Per protocol, what edge conversion looks up for every edge. */
const PROTOCOL_SHAPES = new Map(PROTOCOL_DEFS.map((def) => [def.name, {
  def,
  out: `${def.name}Out`,
  percentErr: def.edgeRates.find((r) => r.kind === 'percentErr')?.name,
  percentReq: def.edgeRates.find((r) => r.kind === 'percentReq')?.name,
}]))

function nodeData(n: GraphNode): NodeData {
  const f = n.flags
  const d: NodeData = { id: nodeId(n.key), nodeType: n.nodeType, cluster: n.cluster, namespace: n.namespace, healthData: null }
  if (n.workload) d.workload = n.workload
  if (n.app) d.app = n.app
  if (n.version) d.version = n.version
  if (n.service) d.service = n.service
  if (n.destServices.size) {
    d.destServices = [...n.destServices.values()].sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
  }
  const traffic = nodeTraffic(n)
  if (traffic) d.traffic = traffic
  if (n.healthStatus) d.healthStatus = n.healthStatus
  if (f.hasCB) d.hasCB = true
  if (f.hasFaultInjection) d.hasFaultInjection = true
  if (f.hasMirroring) d.hasMirroring = true
  if (f.hasRequestRouting) d.hasRequestRouting = true
  if (f.hasRequestTimeout) d.hasRequestTimeout = true
  if (f.hasTCPTrafficShifting) d.hasTCPTrafficShifting = true
  if (f.hasTrafficShifting) d.hasTrafficShifting = true
  if (f.hasVS) d.hasVS = { hostnames: [...f.hasVS.hostnames] }
  if (f.isDead) d.isDead = true
  if (f.isIdle) d.isIdle = true
  if (f.isInaccessible) d.isInaccessible = true
  if (f.isOutOfMesh) d.isOutOfMesh = true
  if (f.isOutside) d.isOutside = true
  if (f.isRoot) d.isRoot = true
  if (f.isServiceEntry) d.isServiceEntry = { location: f.isServiceEntry.location, hosts: [...f.isServiceEntry.hosts] }
  if (f.canary) d.canary = { ...f.canary }
  return d
}

/**
 * One edge's `{"data":…}` in JSON, written directly: a graph has thousands of edges, and building
 * an object per edge (with codes and hosts as keys) to serialize it costs twice as much. Its
 * fields are EdgeData's (shared/graph.ts), in Kiali's order.
 */
function edgeJson(e: GraphEdge, id: string, source: string, target: string, responseTime: ResponseTimeStat): string {
  let out = `{"data":{"id":"${id}","source":"${source}","target":"${target}"`
  if (e.sourcePrincipal) out += `,"sourcePrincipal":${quoted(e.sourcePrincipal)}`
  if (e.destPrincipal) out += `,"destPrincipal":${quoted(e.destPrincipal)}`
  if (e.healthStatus) out += `,"healthStatus":"${e.healthStatus}"`
  if (e.mtlsPercent !== undefined) out += `,"isMTLS":"${fixed(e.mtlsPercent, 0)}"`
  if (e.responseTimes) {
    let chosen = ''
    let times = ''
    for (const stat of RESPONSE_TIME_STATS) {
      const v = e.responseTimes[stat]
      if (v === undefined) continue
      const text = formatMillis(v)
      if (stat === responseTime) chosen = text
      times += `${times ? ',' : ''}"${stat}":"${text}"`
    }
    if (chosen) out += `,"responseTime":"${chosen}"`
    out += `,"responseTimes":{${times}}`
  }
  if (e.throughput !== undefined) out += `,"throughput":"${formatBytes(e.throughput)}"`
  return `${out},"traffic":${edgeTrafficJson(e)}}}`
}

const BOX_RANK: Record<string, number> = { cluster: 0, namespace: 1, app: 2 }

/** Compound nodes around nodes sharing a key; a box of one is no box. */
function box(nodes: NodeData[], by: BoxBy): void {
  const groups = new Map<string, NodeData[]>()
  for (const n of nodes) {
    let key: string | undefined
    if (by === 'app') key = n.app && n.app !== UNKNOWN ? `box_${n.cluster}_${n.namespace}_${n.app}` : undefined
    else if (n.parent === undefined) {
      key = by === 'namespace' ? (n.namespace !== UNKNOWN ? `box_${n.cluster}_${n.namespace}` : undefined)
        : (n.cluster !== UNKNOWN ? `box_${n.cluster}` : undefined)
    }
    if (key === undefined) continue
    let g = groups.get(key)
    if (!g) groups.set(key, (g = []))
    g.push(n)
  }
  // Namespaces and clusters are boxed only when there is more than one of them.
  if (by !== 'app' && groups.size < 2) return
  for (const [key, members] of groups) {
    if (members.length < 2) continue
    const first = members[0]
    const b: NodeData = { id: nodeId(key), nodeType: 'box', cluster: first.cluster, namespace: by === 'cluster' ? '' : first.namespace, healthData: null, isBox: by }
    if (by === 'app') {
      b.app = first.app
      if (members.some((m) => m.isOutOfMesh)) b.isOutOfMesh = true
      if (members.some((m) => m.isOutside)) b.isOutside = true
      if (members.some((m) => m.isInaccessible)) b.isInaccessible = true
    }
    for (const m of members) m.parent = b.id
    nodes.push(b)
  }
}

function boxRank(n: NodeData): number {
  return n.isBox ? BOX_RANK[n.isBox] ?? 3 : 3
}

function compareNodes(a: NodeData, b: NodeData): number {
  return boxRank(a) - boxRank(b)
    || cmp(a.cluster, b.cluster) || cmp(a.namespace, b.namespace) || cmp(a.app, b.app) || cmp(a.version, b.version)
    || cmp(a.service, b.service) || cmp(a.workload, b.workload) || cmp(a.nodeType, b.nodeType) || cmp(a.id, b.id)
}

function cmp(a: string | undefined, b: string | undefined): number {
  const x = a ?? ''
  const y = b ?? ''
  return x < y ? -1 : x > y ? 1 : 0
}

interface EdgeRef {
  edge: GraphEdge
  source: string
  target: string
}

/** Bytes a node or an edge takes in JSON, about: the first guess at the answer's size. */
const BYTES_PER_ELEMENT = 600

/**
 * UTF-8 written into one growing buffer, piece by piece: a graph's JSON is megabytes, and joining
 * its pieces into one string, then encoding that string for the socket, would copy it twice more.
 */
class Utf8Writer {
  private buf: Buffer
  private length = 0

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  write(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.length + 3 * s.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + 3 * s.length))
      this.buf.copy(bigger, 0, 0, this.length)
      this.buf = bigger
    }
    this.length += this.buf.write(s, this.length)
  }

  /** What was written, in a buffer of its own size when the spare room is worth giving back. */
  bytes(): Buffer {
    const used = this.buf.subarray(0, this.length)
    return this.buf.length - this.length > this.length / 4 ? Buffer.from(used) : used
  }
}

/** The graph as the API answers it: a GraphResponse (shared/graph.ts) in UTF-8 JSON, nodes and edges in a stable order. */
export function toGraphJson(graph: TrafficMap, opts: GraphOptions, queryTime: number, truncated?: GraphResponse['truncated']): Buffer {
  const nodes: NodeData[] = []
  const ids = new Map<GraphNode, string>()
  for (const n of graph.values()) {
    const d = nodeData(n)
    ids.set(n, d.id)
    nodes.push(d)
  }
  const edges: EdgeRef[] = []
  for (const n of graph.values()) {
    const source = ids.get(n)!
    for (const e of n.edges) {
      const target = ids.get(e.dest)
      if (target !== undefined) edges.push({ edge: e, source, target })
    }
  }
  // Inner boxes first: an app box goes into its namespace box.
  for (const by of ['app', 'namespace', 'cluster'] as const) if (opts.boxBy.includes(by)) box(nodes, by)
  nodes.sort(compareNodes)
  edges.sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target) || cmp(a.edge.protocol, b.edge.protocol))
  const out = new Utf8Writer(BYTES_PER_ELEMENT * (nodes.length + edges.length) + 1024)
  out.write(`{"timestamp":${queryTime},"duration":${opts.duration},"graphType":${str(opts.graphType)},"elements":{"nodes":[`)
  for (let i = 0; i < nodes.length; i++) out.write(`${i ? ',' : ''}${str({ data: nodes[i] })}`)
  out.write('],"edges":[')
  for (let i = 0; i < edges.length; i++) {
    const r = edges[i]
    out.write(`${i ? ',' : ''}${edgeJson(r.edge, edgeId(r.source, r.target, r.edge.protocol), r.source, r.target, opts.responseTime)}`)
  }
  out.write(`]}${truncated ? `,"truncated":${str(truncated)}` : ''}}`)
  return out.bytes()
}
