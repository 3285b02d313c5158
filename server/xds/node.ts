// What a connecting proxy says about itself: Istio's node id and proxyless metadata, turned into
// a ProxyInfo and the workload it registers (as Istio's WorkloadGroup auto-registration does).
import type { Workload } from '../mesh/types.ts'
import type { Locality, ProxyInfo } from './types.ts'

/** google.protobuf.Value as proto-loader decodes it (oneofs: true). */
export interface StructValue {
  kind?: string
  nullValue?: unknown
  numberValue?: number
  stringValue?: string
  boolValue?: boolean
  structValue?: { fields?: Record<string, StructValue> }
  listValue?: { values?: StructValue[] }
}

export interface NodeMessage {
  id?: string
  cluster?: string
  metadata?: { fields?: Record<string, StructValue> }
  locality?: { region?: string; zone?: string; subZone?: string }
}

export function structToJson(fields: Record<string, StructValue> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields ?? {})) out[k] = valueToJson(v)
  return out
}

function valueToJson(v: StructValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue
  if (v.numberValue !== undefined) return v.numberValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.structValue) return structToJson(v.structValue.fields)
  if (v.listValue) return (v.listValue.values ?? []).map(valueToJson)
  return null
}

export class NodeError extends Error {}

const MAX_ID = 512

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val
  }
  return out
}

/** POD_PORTS is a JSON string: `[{"name":"grpc","containerPort":9080,"protocol":"TCP"}]`. */
function parsePorts(raw: unknown): Record<string, number> {
  if (typeof raw !== 'string' || !raw) return {}
  try {
    const list = JSON.parse(raw) as unknown
    const out: Record<string, number> = {}
    if (Array.isArray(list)) {
      for (const p of list as { name?: unknown; containerPort?: unknown }[]) {
        if (typeof p.name === 'string' && typeof p.containerPort === 'number') out[p.name] = p.containerPort
      }
    }
    return out
  } catch {
    throw new NodeError(`node metadata POD_PORTS is not valid JSON: ${raw.slice(0, 80)}`)
  }
}

/**
 * Parses Istio's node id `type~ip~pod.namespace~namespace.svc.domain` and the metadata Istio's
 * agent sets for proxyless gRPC (GENERATOR, NAMESPACE, INSTANCE_IPS, LABELS, SERVICE_ACCOUNT, …).
 */
export function proxyFromNode(node: NodeMessage | undefined): ProxyInfo {
  if (!node || !node.id) throw new NodeError('the first request on a stream must carry node.id')
  if (node.id.length > MAX_ID) throw new NodeError(`node.id is ${node.id.length} characters; at most ${MAX_ID} are accepted`)
  const parts = node.id.split('~')
  if (parts.length !== 4 || !['sidecar', 'router'].includes(parts[0])) {
    throw new NodeError(`node.id "${node.id.slice(0, 100)}" is not in Istio's form type~ip~pod.namespace~namespace.svc.cluster.local`)
  }
  const meta = structToJson(node.metadata?.fields)
  const [type, idIp, podDotNs] = parts
  const dot = podDotNs.indexOf('.')
  const podName = dot < 0 ? podDotNs : podDotNs.slice(0, dot)
  const namespace = (typeof meta.NAMESPACE === 'string' && meta.NAMESPACE) || (dot < 0 ? '' : podDotNs.slice(dot + 1))
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new NodeError(`node namespace "${namespace.slice(0, 80)}" is not a valid namespace name`)
  }
  const ips = typeof meta.INSTANCE_IPS === 'string' && meta.INSTANCE_IPS ? meta.INSTANCE_IPS.split(',').map((s) => s.trim()) : [idIp]
  const labels = stringMap(meta.LABELS)
  const locality: Locality = { region: node.locality?.region ?? '', zone: node.locality?.zone ?? '', subZone: node.locality?.subZone ?? '' }
  const flat: Record<string, string> = {}
  for (const [k, v] of Object.entries(meta)) flat[k] = typeof v === 'string' ? v : JSON.stringify(v)
  return {
    id: node.id,
    type: type as 'sidecar' | 'router',
    ip: ips[0],
    ips,
    namespace,
    podName,
    workloadName: (typeof meta.WORKLOAD_NAME === 'string' && meta.WORKLOAD_NAME) || labels.app || podName,
    labels,
    serviceAccount: (typeof meta.SERVICE_ACCOUNT === 'string' && meta.SERVICE_ACCOUNT) || 'default',
    locality,
    ports: parsePorts(meta.POD_PORTS),
    generator: typeof meta.GENERATOR === 'string' ? meta.GENERATOR : '',
    metadata: flat,
  }
}

export function localityString(l: Locality): string {
  return [l.region, l.zone, l.subZone].filter(Boolean).join('/')
}

export function proxyWorkloadKey(proxyId: string): string {
  return `proxy/${proxyId}`
}

/** The workload a connected proxy stands for: its endpoints join the services that select it. */
export function workloadOfProxy(p: ProxyInfo): Workload {
  return {
    key: proxyWorkloadKey(p.id),
    name: p.podName,
    workloadName: p.workloadName,
    namespace: p.namespace,
    labels: p.labels,
    address: p.ip,
    ports: p.ports,
    serviceAccount: p.serviceAccount,
    locality: localityString(p.locality),
    weight: 1,
    network: '',
    origin: 'Proxy',
  }
}
