// The grpc-js-xds bootstrap of one proxyless gRPC workload, in the shape Istio's agent writes
// (pkg/istio-agent/grpcxds/grpc_bootstrap.go), so Trellis's ADS reads our workloads exactly as
// istiod reads real ones: same node id form, same metadata keys and encodings.
import { isIP } from 'node:net'

/** Istio's name for the Listener an xDS-enabled gRPC server asks for; `%s` is its `IP:port`. */
export const SERVER_LISTENER_TEMPLATE = 'xds.istio.io/grpc/lds/inbound/%s'

export interface BootstrapOptions {
  /** `host:port` of Trellis's ADS, e.g. `127.0.0.1:15010`. */
  xdsServer: string
  namespace: string
  /** The workload (Deployment) name, e.g. `reviews-v2`. */
  workloadName: string
  /** The instance name; defaults to `<workloadName>-<pid>`: one process is one instance. */
  podName?: string
  app: string
  version?: string
  /** Extra pod labels; `app` and `version` above win over the same keys here. */
  labels?: Record<string, string>
  /** Defaults to `default`, Kubernetes' default service account. */
  serviceAccount?: string
  /** The instance IP, an IP literal (the ADS uses it as this workload's endpoint address). */
  ip?: string
  /** Named ports the workload serves (container ports), e.g. `{ grpc: 7070 }`. */
  ports?: Record<string, number>
  locality?: { region?: string; zone?: string; subZone?: string }
  clusterDomain?: string
  meshId?: string
  /** Istio's CLUSTER_ID; `Kubernetes` is istiod's default. */
  clusterId?: string
}

/**
 * Node metadata as Istio's proxyless agent sets it (model.NodeMetadata marshalled to JSON):
 * INSTANCE_IPS is a comma-separated string and POD_PORTS a JSON array *inside a string*,
 * both for Istio's legacy reasons; LABELS is an object.
 */
export interface NodeMetadata {
  GENERATOR: 'grpc'
  NAMESPACE: string
  INSTANCE_IPS: string
  LABELS: Record<string, string>
  SERVICE_ACCOUNT: string
  WORKLOAD_NAME: string
  NAME: string
  POD_PORTS?: string
  CLUSTER_ID: string
  MESH_ID: string
  ISTIO_VERSION: string
}

export interface XdsBootstrap {
  xds_servers: Array<{
    server_uri: string
    channel_creds: Array<{ type: 'insecure' }>
    server_features: string[]
  }>
  node: {
    id: string
    metadata: NodeMetadata
    /** Mandatory for grpc-js-xds (it throws without it); empty strings mean "no locality". */
    locality: { region: string; zone: string; sub_zone: string }
  }
  server_listener_resource_name_template: string
}

export const ISTIO_VERSION = 'trellis'
const CANONICAL_NAME = 'service.istio.io/canonical-name'
const CANONICAL_REVISION = 'service.istio.io/canonical-revision'
// RFC 1123 label: what Kubernetes accepts as a namespace name.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/

/** Istio's sidecar node id: `sidecar~<ip>~<pod>.<ns>~<ns>.svc.<clusterDomain>`. */
export function nodeId(ip: string, podName: string, namespace: string, clusterDomain = 'cluster.local'): string {
  return `sidecar~${ip}~${podName}.${namespace}~${namespace}.svc.${clusterDomain}`
}

/** The Listener name an xDS server bound at `address` (`IP:port`) subscribes to. */
export function inboundListenerName(address: string): string {
  return SERVER_LISTENER_TEMPLATE.replace('%s', address)
}

export function makeBootstrap(opts: BootstrapOptions): XdsBootstrap {
  const ip = opts.ip ?? '127.0.0.1'
  checkOptions(opts, ip)
  const podName = opts.podName ?? `${opts.workloadName}-${process.pid}`
  const clusterDomain = opts.clusterDomain ?? 'cluster.local'

  const labels: Record<string, string> = {
    // Istio derives the canonical service from the app/version labels unless set explicitly.
    [CANONICAL_NAME]: opts.app,
    [CANONICAL_REVISION]: opts.version ?? 'latest',
    ...opts.labels,
    app: opts.app,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
  }

  const metadata: NodeMetadata = {
    GENERATOR: 'grpc',
    NAMESPACE: opts.namespace,
    INSTANCE_IPS: ip,
    LABELS: labels,
    SERVICE_ACCOUNT: opts.serviceAccount ?? 'default',
    WORKLOAD_NAME: opts.workloadName,
    NAME: podName,
    CLUSTER_ID: opts.clusterId ?? 'Kubernetes',
    MESH_ID: opts.meshId ?? clusterDomain,
    ISTIO_VERSION,
  }
  const ports = Object.entries(opts.ports ?? {})
  if (ports.length > 0) {
    metadata.POD_PORTS = JSON.stringify(
      ports.map(([name, containerPort]) => ({ name, containerPort, protocol: 'TCP' })),
    )
  }

  return {
    xds_servers: [
      { server_uri: opts.xdsServer, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] },
    ],
    node: {
      id: nodeId(ip, podName, opts.namespace, clusterDomain),
      metadata,
      locality: {
        region: opts.locality?.region ?? '',
        zone: opts.locality?.zone ?? '',
        sub_zone: opts.locality?.subZone ?? '',
      },
    },
    server_listener_resource_name_template: SERVER_LISTENER_TEMPLATE,
  }
}

// Fail at start-up with what is wrong, rather than with a NACK-less silence from the ADS later.
function checkOptions(opts: BootstrapOptions, ip: string): void {
  const where = `workload bootstrap for ${opts.namespace}/${opts.workloadName}`
  if (!HOST_PORT.test(opts.xdsServer)) {
    throw new Error(`${where}: xdsServer must be host:port (e.g. 127.0.0.1:15010), got '${opts.xdsServer}'`)
  }
  if (!DNS_LABEL.test(opts.namespace)) {
    throw new Error(`${where}: namespace '${opts.namespace}' is not a valid Kubernetes namespace name`)
  }
  for (const [field, value] of [['workloadName', opts.workloadName], ['app', opts.app], ['podName', opts.podName]] as const) {
    // `~` and `.` would make the node id ambiguous for the ADS that splits it.
    if (value !== undefined && (value === '' || /[~\s]/.test(value) || (field === 'podName' && value.includes('.')))) {
      throw new Error(`${where}: ${field} '${value}' must be non-empty without '~', whitespace${field === 'podName' ? " or '.'" : ''}`)
    }
  }
  if (isIP(ip) === 0) {
    throw new Error(`${where}: ip must be an IP literal (it becomes the endpoint address), got '${ip}'`)
  }
  for (const [name, port] of Object.entries(opts.ports ?? {})) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${where}: port '${name}' must be an integer in 1..65535, got ${port}; pick a free port before building the bootstrap`)
    }
  }
}
