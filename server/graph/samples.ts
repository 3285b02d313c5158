// From one Prometheus sample's labels to the two sides of a request, with Kiali's corrections for
// telemetry known to be incomplete, and to the edge it belongs to in a graph type. Shared by the
// traffic map builder and the appenders that decorate its edges.
import type { GraphType } from '../../shared/graph.ts'
import type { Labels } from '../telemetry/prometheus/answers.ts'
import { identify, serviceSide, type NodeIdentity, type Side } from './ids.ts'
import { L } from './queries.ts'
import { isOK, PASSTHROUGH_CLUSTER, UNKNOWN } from './types.ts'

const IP_SERVICE = /^\d+\.\d+\.\d+\.\d+(:\d+)?$/

export interface Sides {
  source: Side
  dest: Side
  /** destination_service: the host the request was addressed to. */
  host: string
}

/** A label's value; one the query did not group by reads as `unknown`. */
function get(labels: Labels, name: string): string {
  return labels[name] ?? UNKNOWN
}

/** The request's two sides, or undefined for telemetry Kiali knows to be broken. */
export function sidesOf(labels: Labels): Sides | undefined {
  const sourceCluster = get(labels, L.srcCluster)
  const source: Side = {
    cluster: sourceCluster,
    serviceNamespace: get(labels, L.srcNs),
    service: '',
    workloadNamespace: get(labels, L.srcNs),
    workload: get(labels, L.srcWl),
    app: get(labels, L.srcApp),
    version: get(labels, L.srcVer),
  }
  // A source in a namespace but named by nothing, or in a cluster nobody named.
  if (isOK(source.workloadNamespace) && !isOK(source.workload) && !isOK(source.app)) return undefined
  if (isOK(source.workloadNamespace) && L.srcCluster in labels && !isOK(sourceCluster)) return undefined

  let destCluster = get(labels, L.dstCluster)
  const dest: Side = {
    cluster: destCluster,
    serviceNamespace: get(labels, L.dstSvcNs),
    service: get(labels, L.dstSvcName),
    workloadNamespace: get(labels, L.dstWlNs),
    workload: get(labels, L.dstWl),
    app: get(labels, L.dstApp),
    version: get(labels, L.dstVer),
  }
  // A request that never reached a destination does not know its cluster: it is the caller's.
  if (!isOK(destCluster) && isOK(sourceCluster) && isOK(dest.serviceNamespace)) dest.cluster = destCluster = sourceCluster
  const host = labels[L.dstSvc] ?? ''
  // Pod churn can report a bare IP as the service, with no workload.
  if (!isOK(dest.workload) && isOK(host) && host === dest.service && IP_SERVICE.test(dest.service)) return undefined
  if (isOK(dest.serviceNamespace) && L.dstCluster in labels && !isOK(destCluster)) return undefined
  return { source, dest, host }
}

export interface EdgeIdentity {
  source: NodeIdentity
  dest: NodeIdentity
  /** With service nodes injected: the service node between source and dest. */
  service?: NodeIdentity
  serviceSide?: Side
}

/** Which nodes a request connects in a graph type, with the service node injected when asked. */
export function edgeIdentity(s: Sides, graphType: GraphType, inject: boolean): EdgeIdentity | undefined {
  const source = identify(s.source, graphType)
  const dest = identify(s.dest, graphType)
  if (!source || !dest) return undefined
  if (inject && isOK(s.dest.service) && s.dest.service !== PASSTHROUGH_CLUSTER && dest.nodeType !== 'service') {
    const side = serviceSide(s.dest.cluster, s.dest.serviceNamespace, s.dest.service)
    const service = identify(side, graphType)
    if (service) return { source, dest, service, serviceSide: side }
  }
  return { source, dest }
}

/** The key of the edge a value applies to: source → service when injected, else source → dest. */
export function firstHopKey(e: EdgeIdentity, protocol: string): string {
  return `${e.source.key} ${(e.service ?? e.dest).key} ${protocol}`
}

export function edgeKey(sourceKey: string, destKey: string, protocol: string): string {
  return `${sourceKey} ${destKey} ${protocol}`
}
