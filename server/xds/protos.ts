// The Envoy v3 protos that @grpc/grpc-js-xds ships, loaded once into a protobufjs Root, and the
// strict packing of resources into google.protobuf.Any.
import { accessSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import protobuf from 'protobufjs'

const require = createRequire(import.meta.url)
const XDS_ROOT = dirname(require.resolve('@grpc/grpc-js-xds/package.json'))

export const PROTO_INCLUDE_DIRS = [
  ...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(XDS_ROOT, 'deps', d)),
  // google/protobuf/descriptor.proto and friends
  dirname(require.resolve('protobufjs/package.json')),
]

export const TYPE_URL = {
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  route: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  endpoint: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  hcm: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  fault: 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
  rbac: 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC',
  rbacPerRoute: 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute',
  tls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  downstreamTls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  ringHash: 'type.googleapis.com/envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash',
} as const

/** The four resource types ADS serves, in the order they are pushed (CDS, EDS, LDS, RDS). */
export const PUSH_ORDER = [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.listener, TYPE_URL.route] as const
export type ResourceTypeUrl = (typeof PUSH_ORDER)[number]

const PROTO_FILES = [
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/http/rbac/v3/rbac.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/load_balancing_policies/ring_hash/v3/ring_hash.proto',
  'envoy/service/discovery/v3/discovery.proto',
]

let root: protobuf.Root | undefined

/** Loading costs ~0.6 s and ~100 MB: done once per process. */
export function protoRoot(): protobuf.Root {
  if (root) return root
  const r = new protobuf.Root()
  r.resolvePath = (_origin, target) => {
    for (const dir of PROTO_INCLUDE_DIRS) {
      const candidate = join(dir, target)
      try {
        accessSync(candidate)
        return candidate
      } catch {
        // try the next include dir
      }
    }
    return target
  }
  r.loadSync(PROTO_FILES, { keepCase: false })
  r.resolveAll()
  root = r
  return r
}

export function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1)
}

export class UnknownFieldError extends Error {}

/**
 * protobufjs's fromObject silently drops keys it does not know (a snake_case key, a typo):
 * walk the object against the message type first and fail loudly instead.
 */
export function assertKnownFields(type: protobuf.Type, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return
  const obj = value as Record<string, unknown>
  if (type.fullName === '.google.protobuf.Any') {
    const url = obj['@type']
    if (typeof url !== 'string') throw new UnknownFieldError(`${path}: an Any needs "@type"`)
    const inner = typeOf(url)
    for (const [k, v] of Object.entries(obj)) if (k !== '@type') checkField(inner, k, v, path)
    return
  }
  if (type.fullName === '.google.protobuf.Struct' || type.fullName === '.google.protobuf.Value') return
  for (const [k, v] of Object.entries(obj)) checkField(type, k, v, path)
}

function checkField(type: protobuf.Type, key: string, value: unknown, path: string): void {
  const field = type.fields[key]
  if (!field) throw new UnknownFieldError(`${path}.${key}: no field "${key}" in ${type.fullName.slice(1)}`)
  field.resolve()
  if (!field.resolvedType || !(field.resolvedType instanceof protobuf.Type)) return
  const sub = field.resolvedType
  if (field.map) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) assertKnownFields(sub, v, `${path}.${key}[${k}]`)
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertKnownFields(sub, v, `${path}.${key}[${i}]`))
  } else {
    assertKnownFields(sub, value, `${path}.${key}`)
  }
}

const types = new Map<string, protobuf.Type>()
function typeOf(typeUrl: string): protobuf.Type {
  let t = types.get(typeUrl)
  if (!t) types.set(typeUrl, (t = protoRoot().lookupType(typeNameOf(typeUrl))))
  return t
}

/** Encodes a resource given in protobufjs object form (camelCase keys, Any as `{'@type': …}`). */
export function encodeResource(typeUrl: string, message: Record<string, unknown>): Uint8Array {
  const type = typeOf(typeUrl)
  assertKnownFields(type, message, typeNameOf(typeUrl))
  return type.encode(type.fromObject(message)).finish()
}

/** Decodes a packed resource back to JSON (for proxy-config views and tests). */
export function decodeResource(typeUrl: string, bytes: Uint8Array): Record<string, unknown> {
  const type = typeOf(typeUrl)
  return type.toObject(type.decode(bytes), { longs: String, enums: String, defaults: false, json: true }) as Record<string, unknown>
}
