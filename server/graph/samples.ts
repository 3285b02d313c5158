// From one Prometheus sample's labels to the two sides of a request, with Kiali's corrections for
// telemetry known to be incomplete, and to the edge it belongs to in a graph type. Shared by the
// traffic map builder and the appenders that decorate its edges, through one memo per request:
// a graph's answers name the same few thousand nodes and edges tens of thousands of times, so
// each side and each edge is worked out once, and no key string is built per sample.
import type { GraphType } from '../../shared/graph.ts'
import type { Labels } from '../telemetry/prometheus/answers.ts'
import { identify, serviceSide, type NodeIdentity, type Side } from './ids.ts'
import { L } from './queries.ts'
import { isOK, PASSTHROUGH_CLUSTER, UNKNOWN, type GraphEdge, type TrafficMap } from './types.ts'

const IP_SERVICE = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/

export interface Sides {
  source: Side
  dest: Side
  /** destination_service: the host the request was addressed to. */
  host: string
}

export interface EdgeIdentity {
  source: NodeIdentity
  dest: NodeIdentity
  /** With service nodes injected: the service node between source and dest. */
  service?: NodeIdentity
  serviceSide?: Side
}

/** A sample's sides and the nodes they become, one object for every sample of the same edge in a request. */
export interface Resolved {
  sides: Sides
  ids: EdgeIdentity
  /** request_protocol, when the query has it. */
  protocol: string | undefined
}

/** A Resolved in the memo, with the next one between the same sides (another protocol). */
interface EdgeEntry extends Resolved {
  next: EdgeEntry | undefined
}

/** A label's value; one the query did not group by reads as `unknown`. */
function get(labels: Labels, name: string): string {
  return labels[name] ?? UNKNOWN
}

/**
 * Values of some labels → what is worked out from them, for samples whose labels repeat: entries
 * are filed under one label's value and compared value by value (absent and `unknown` apart).
 */
class LabelMemo<T> {
  private readonly buckets = new Map<string | undefined, { values: (string | undefined)[]; value: T }[]>()

  /** `names`: the labels the value is a function of, the most telling last (compared first). */
  constructor(private readonly names: readonly string[], private readonly bucketOf: (labels: Labels) => string | undefined) {}

  get(labels: Labels, make: (labels: Labels) => T): T {
    const key = this.bucketOf(labels)
    let bucket = this.buckets.get(key)
    if (!bucket) this.buckets.set(key, (bucket = []))
    const { names } = this
    next: for (const e of bucket) {
      for (let i = names.length - 1; i >= 0; i--) if (e.values[i] !== labels[names[i]]) continue next
      return e.value
    }
    const value = make(labels)
    bucket.push({ values: names.map((n) => labels[n]), value })
    return value
  }
}

/** A request's source, as a side and a node; not ok for telemetry Kiali knows to be broken. */
interface Source {
  ok: boolean
  side: Side
  id: NodeIdentity | undefined
  /** Its edges so far, by destination. */
  edges: Map<Dest, EdgeEntry> | undefined
}

/** A request's destination, with the cluster its source gave it when it had none, its host and its service node. */
interface Dest {
  ok: boolean
  side: Side
  host: string
  id: NodeIdentity | undefined
  service?: NodeIdentity
  serviceSide?: Side
}

function sourceOf(labels: Labels): Source {
  const cluster = get(labels, L.srcCluster)
  const side: Side = {
    cluster,
    serviceNamespace: get(labels, L.srcNs),
    service: '',
    workloadNamespace: get(labels, L.srcNs),
    workload: get(labels, L.srcWl),
    app: get(labels, L.srcApp),
    version: get(labels, L.srcVer),
  }
  // A source in a namespace but named by nothing, or in a cluster nobody named.
  const ok = !(isOK(side.workloadNamespace) && !isOK(side.workload) && !isOK(side.app))
    && !(isOK(side.workloadNamespace) && L.srcCluster in labels && !isOK(cluster))
  return { ok, side, id: undefined, edges: undefined }
}

function destOf(labels: Labels): Dest {
  const sourceCluster = get(labels, L.srcCluster)
  const side: Side = {
    cluster: get(labels, L.dstCluster),
    serviceNamespace: get(labels, L.dstSvcNs),
    service: get(labels, L.dstSvcName),
    workloadNamespace: get(labels, L.dstWlNs),
    workload: get(labels, L.dstWl),
    app: get(labels, L.dstApp),
    version: get(labels, L.dstVer),
  }
  // A request that never reached a destination does not know its cluster: it is the caller's.
  if (!isOK(side.cluster) && isOK(sourceCluster) && isOK(side.serviceNamespace)) side.cluster = sourceCluster
  const host = labels[L.dstSvc] ?? ''
  // Pod churn can report a bare IP as the service, with no workload; a destination in a cluster nobody named.
  const ok = !(!isOK(side.workload) && isOK(host) && host === side.service && IP_SERVICE.test(side.service))
    && !(isOK(side.serviceNamespace) && L.dstCluster in labels && !isOK(side.cluster))
  return { ok, side, host, id: undefined }
}

/** The service node between a request's source and its destination, when service nodes are injected. */
function serviceHop(dest: Side, destId: NodeIdentity, graphType: GraphType): { service: NodeIdentity; serviceSide: Side } | undefined {
  if (!isOK(dest.service) || dest.service === PASSTHROUGH_CLUSTER || destId.nodeType === 'service') return undefined
  const side = serviceSide(dest.cluster, dest.serviceNamespace, dest.service)
  const service = identify(side, graphType)
  return service && { service, serviceSide: side }
}

const SOURCE_LABELS = [L.srcCluster, L.srcNs, L.srcVer, L.srcApp, L.srcWl]
// The source's cluster is the destination's when it has none.
const DEST_LABELS = [L.srcCluster, L.dstCluster, L.dstSvcNs, L.dstWlNs, L.dstVer, L.dstApp, L.dstSvcName, L.dstSvc, L.dstWl]

/**
 * A sample's sides and nodes for one graph type, remembered per request: sources by their labels'
 * values, destinations by theirs, edges by source, destination and protocol. Node identities are
 * shared, one per key, so maps keyed by them compare keys by reference.
 */
export class SampleResolver {
  private readonly sources = new LabelMemo<Source>(SOURCE_LABELS, (l) => l[L.srcWl] ?? l[L.srcApp])
  private readonly dests = new LabelMemo<Dest>(DEST_LABELS, (l) => l[L.dstWl] ?? l[L.dstSvcName])
  private readonly identities = new Map<string, NodeIdentity>()
  private readonly makeSource = (labels: Labels): Source => {
    const s = sourceOf(labels)
    if (s.ok) s.id = this.shared(identify(s.side, this.graphType))
    return s
  }
  private readonly makeDest = (labels: Labels): Dest => {
    const d = destOf(labels)
    if (!d.ok) return d
    d.id = this.shared(identify(d.side, this.graphType))
    const hop = this.inject && d.id ? serviceHop(d.side, d.id, this.graphType) : undefined
    if (hop) {
      d.service = this.shared(hop.service)
      d.serviceSide = hop.serviceSide
    }
    return d
  }

  constructor(readonly graphType: GraphType, readonly inject: boolean) {}

  /** The sample's sides and nodes, or undefined for telemetry that names no edge. */
  resolve(labels: Labels): Resolved | undefined {
    const source = this.sources.get(labels, this.makeSource)
    if (!source.ok || !source.id) return undefined
    const dest = this.dests.get(labels, this.makeDest)
    if (!dest.ok || !dest.id) return undefined
    const edges = (source.edges ??= new Map())
    const first = edges.get(dest)
    const protocol = labels[L.protocol]
    for (let e = first; e; e = e.next) if (e.protocol === protocol) return e
    const ids: EdgeIdentity = dest.service ? { source: source.id, dest: dest.id, service: dest.service, serviceSide: dest.serviceSide } : { source: source.id, dest: dest.id }
    const r: EdgeEntry = { sides: { source: source.side, dest: dest.side, host: dest.host }, ids, protocol, next: first }
    edges.set(dest, r)
    return r
  }

  /** The one identity of id's key (ids of one key are of one node type; a clash, if any, is left alone). */
  private shared(id: NodeIdentity | undefined): NodeIdentity | undefined {
    if (!id) return undefined
    const known = this.identities.get(id.key)
    if (known && known.nodeType === id.nodeType) return known
    if (!known) this.identities.set(id.key, id)
    return id
  }
}

/**
 * The graph's edge between the nodes of two keys for a protocol, when both nodes and the edge are
 * in the graph: what a decorating query's sample applies to.
 */
export function edgeIn(graph: TrafficMap, sourceKey: string, destKey: string, protocol: string): GraphEdge | undefined {
  const source = graph.get(sourceKey)
  if (!source) return undefined
  const dest = graph.get(destKey)
  return dest && source.edgeTo(dest, protocol)
}
