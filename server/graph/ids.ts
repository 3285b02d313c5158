// Node identity, as Kiali derives it from one side of a request's labels: which node type a
// source or destination becomes in each graph type, and its key (`wl_<cluster>_<ns>_<workload>`,
// `vapp_…`, `app_…`, `svc_…`, `<cluster>_unknown_source`). The JSON ids are sha256 of these keys, so
// the same node has the same id on every refresh and in every graph (namespace or node graph) of a type.
import { hash } from 'node:crypto'
import type { GraphType, NodeType } from '../../shared/graph.ts'
import { GraphNode, isOK, isOKVersion, isWorkloadLike, UNKNOWN } from './types.ts'

/** One side of a request, from its labels; '' where the side has no such name. */
export interface Side {
  cluster: string
  serviceNamespace: string
  service: string
  workloadNamespace: string
  workload: string
  app: string
  version: string
}

export interface NodeIdentity {
  key: string
  nodeType: NodeType
}

/** The node a side becomes, or undefined when the labels name nothing (bad telemetry). */
export function identify(s: Side, graphType: GraphType): NodeIdentity | undefined {
  const ns = isOK(s.workloadNamespace) ? s.workloadNamespace : s.serviceNamespace
  // A request from outside telemetry's reach (no peer identity).
  if (ns === UNKNOWN && s.workload === UNKNOWN && s.app === UNKNOWN && s.service === '') {
    return { key: `${s.cluster}_unknown_source`, nodeType: 'unknown' }
  }
  // A request to nothing known: one unknown service per namespace shows such destinations.
  if (s.workload === UNKNOWN && s.app === UNKNOWN && s.service === UNKNOWN) {
    return { key: `svc_${s.cluster}_${ns}_unknown`, nodeType: 'service' }
  }
  const workloadOk = isOK(s.workload)
  const appOk = isOK(s.app)
  const serviceOk = isOK(s.service)
  if (!workloadOk && !appOk && !serviceOk) return undefined
  if (isWorkloadLike(graphType)) {
    if (workloadOk) return { key: `wl_${s.cluster}_${ns}_${s.workload}`, nodeType: 'workload' }
    return { key: `svc_${s.cluster}_${ns}_${serviceOk ? s.service : UNKNOWN}`, nodeType: 'service' }
  }
  if (appOk) {
    if (graphType === 'versionedApp') {
      // The workload when known: one node per workload even when labels repeat a version.
      if (workloadOk) return { key: `vapp_${s.cluster}_${ns}_${s.workload}`, nodeType: 'app' }
      if (isOKVersion(s.version)) return { key: `vapp_${s.cluster}_${ns}_${s.app}_${s.version}`, nodeType: 'app' }
    }
    return { key: `app_${s.cluster}_${ns}_${s.app}`, nodeType: 'app' }
  }
  if (workloadOk) return { key: `wl_${s.cluster}_${ns}_${s.workload}`, nodeType: 'workload' }
  return { key: `svc_${s.cluster}_${ns}_${s.service}`, nodeType: 'service' }
}

/** A new node for a side, keeping only the names its type shows (as Kiali does). */
export function makeNode(id: NodeIdentity, s: Side, graphType: GraphType): GraphNode {
  const ns = isOK(s.workloadNamespace) ? s.workloadNamespace : s.serviceNamespace
  let { workload, app, version, service } = s
  switch (id.nodeType) {
    case 'app':
      // A versioned app node keeps its workload: app and version labels are backed by one.
      if (graphType !== 'versionedApp') {
        workload = ''
        version = ''
      }
      service = ''
      break
    case 'service':
      workload = ''
      app = ''
      version = ''
      break
    case 'workload':
      if (app === UNKNOWN) app = ''
      if (version === UNKNOWN) version = ''
      service = ''
      break
  }
  return new GraphNode(id.key, id.nodeType, s.cluster, ns, workload, app, version, service)
}

/** The service node a request addressed to a service goes through when service nodes are injected. */
export function serviceSide(cluster: string, namespace: string, service: string): Side {
  return { cluster, serviceNamespace: namespace, service, workloadNamespace: '', workload: '', app: '', version: '' }
}

export function sha256(text: string): string {
  return hash('sha256', text, 'hex')
}

/**
 * Ids by what they hash, kept across requests: a refresh shows the same nodes and edges, so
 * hashing is paid once per element, not per graph. Node ids by key; edge ids by source id, target
 * id and protocol, in nested maps so no edge's text is put together to look its id up. Bounded:
 * emptied when full.
 */
const MAX_REMEMBERED = 100_000
const nodeIds = new Map<string, string>()
const edgeIds = new Map<string, Map<string, Map<string, string>>>()
let edgeCount = 0

/** The JSON id of a node. */
export function nodeId(key: string): string {
  let id = nodeIds.get(key)
  if (id === undefined) {
    if (nodeIds.size >= MAX_REMEMBERED) nodeIds.clear()
    nodeIds.set(key, (id = sha256(key)))
  }
  return id
}

/** The JSON id of an edge: sha256 of its source and target ids and the protocol, dot-separated. */
export function edgeId(sourceId: string, targetId: string, protocol: string): string {
  let byTarget = edgeIds.get(sourceId)
  if (!byTarget) edgeIds.set(sourceId, (byTarget = new Map()))
  let byProtocol = byTarget.get(targetId)
  if (!byProtocol) byTarget.set(targetId, (byProtocol = new Map()))
  let id = byProtocol.get(protocol)
  if (id === undefined) {
    if (edgeCount >= MAX_REMEMBERED) {
      edgeIds.clear()
      edgeCount = 0
      return edgeId(sourceId, targetId, protocol)
    }
    byProtocol.set(protocol, (id = sha256(`${sourceId}.${targetId}.${protocol}`)))
    edgeCount++
  }
  return id
}
