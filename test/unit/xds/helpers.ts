// A Bookinfo-like mesh for generator tests, a proxy in it, and the round trip every generated
// resource must survive: our strict encoder, our decoder, and grpc-js-xds's own validation (the
// code that decides ACK or NACK in a real client).
import { Metadata } from '@grpc/grpc-js'
import { register } from '@grpc/grpc-js-xds'
import { getPredicateForMatcher } from '@grpc/grpc-js-xds/build/src/route.js'
import { ClusterResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/cluster-resource-type.js'
import { EndpointResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/endpoint-resource-type.js'
import { ListenerResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/listener-resource-type.js'
import { RouteConfigurationResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/route-config-resource-type.js'
import type { XdsDecodeContext, XdsResourceType } from '@grpc/grpc-js-xds/build/src/xds-resource-type/xds-resource-type.js'
import type { RouteMatch__Output } from '@grpc/grpc-js-xds/build/src/generated/envoy/config/route/v3/RouteMatch.js'
import { parseAllDocuments } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { buildSnapshot } from '../../../server/mesh/model.ts'
import type { MeshSnapshot } from '../../../server/mesh/snapshot.ts'
import { GENERATORS } from '../../../server/xds/generate/index.ts'
import { decodeResource, encodeResource, TYPE_URL, type ResourceTypeUrl } from '../../../server/xds/protos.ts'
import type { ProxyInfo, Resource } from '../../../server/xds/types.ts'

// Registers grpc-js-xds's HTTP filters (fault, router, RBAC) and LB policies, as a client does.
register()

export const REVIEWS = 'reviews.bookinfo.svc.cluster.local'
export const RATINGS = 'ratings.bookinfo.svc.cluster.local'

function workload(name: string, address: string, labels: string, extra = ''): string {
  return `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: ${name}, namespace: bookinfo }
spec: { address: ${address}, labels: { ${labels} }, serviceAccount: bookinfo${extra} }
`
}

function service(name: string, ports = '[{ name: grpc, port: 9080 }]'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: bookinfo }
spec: { selector: { app: ${name} }, ports: ${ports} }
`
}

/** Bookinfo with reviews v1/v2/v3 spread over localities; reviews also serves 9443. */
export const BOOKINFO = [
  service('productpage'),
  service('details'),
  service('ratings'),
  service('reviews', '[{ name: grpc, port: 9080 }, { name: grpc-admin, port: 9443 }]'),
  workload('productpage-v1', '10.0.0.1', 'app: productpage, version: v1'),
  workload('details-v1', '10.0.0.2', 'app: details, version: v1'),
  workload('ratings-v1', '10.0.0.6', 'app: ratings, version: v1'),
  workload('reviews-v1', '10.0.0.3', 'app: reviews, version: v1', ', locality: us-east/us-east-1a'),
  workload('reviews-v2', '10.0.0.4', 'app: reviews, version: v2', ', locality: us-east/us-east-1b/rack-7, weight: 3'),
  workload('reviews-v2b', '10.0.0.7', 'app: reviews, version: v2', ', locality: us-east/us-east-1b/rack-7'),
  workload('reviews-v3', '10.0.0.5', 'app: reviews, version: v3', ', locality: us-east/us-east-1a'),
].join('---')

export const REVIEWS_SUBSETS = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
  - { name: v3, labels: { version: v3 } }
`

export function objects(...docs: string[]): ConfigObject[] {
  return parseAllDocuments(docs.join('\n---\n'))
    .map((d) => d.toJS() as ConfigObject | null)
    .filter((o): o is ConfigObject => o !== null)
}

export function mesh(...docs: string[]): MeshSnapshot {
  return buildSnapshot(objects(BOOKINFO, ...docs))
}

/** productpage's proxyless client in bookinfo, unless told otherwise. */
export function proxy(over: Partial<ProxyInfo> = {}): ProxyInfo {
  const namespace = over.namespace ?? 'bookinfo'
  return {
    id: `sidecar~10.0.0.1~productpage-v1.${namespace}~${namespace}.svc.cluster.local`,
    type: 'sidecar',
    ip: '10.0.0.1',
    ips: ['10.0.0.1'],
    namespace,
    podName: 'productpage-v1',
    workloadName: 'productpage-v1',
    labels: { app: 'productpage', version: 'v1' },
    serviceAccount: 'bookinfo-productpage',
    locality: { region: 'us-east', zone: 'us-east-1a', subZone: '' },
    ports: { grpc: 9080 },
    generator: 'grpc',
    metadata: {},
    ...over,
  }
}

const VALIDATORS: Record<ResourceTypeUrl, XdsResourceType> = {
  [TYPE_URL.listener]: ListenerResourceType.get(),
  [TYPE_URL.route]: RouteConfigurationResourceType.get(),
  [TYPE_URL.cluster]: ClusterResourceType.get(),
  [TYPE_URL.endpoint]: EndpointResourceType.get(),
}

// Validation reads the bootstrap only for TLS certificate providers and the server only for LRS,
// neither of which these resources use.
const CONTEXT = { bootstrap: { certificateProviders: {} }, server: {} } as unknown as XdsDecodeContext

export interface Checked {
  name: string
  bytes: Uint8Array
  /** Envoy JSON as our decoder reads the packed bytes (proto3 defaults, such as enum 0, omitted). */
  json: Record<string, unknown>
  /** What grpc-js-xds made of it after validation (snake_case, defaults filled in). */
  parsed: Record<string, unknown>
}

/** Packs a resource, unpacks it, and has grpc-js-xds validate it; throws on what it would NACK. */
export function check(typeUrl: ResourceTypeUrl, r: Resource): Checked {
  const bytes = encodeResource(typeUrl, r.message)
  const result = VALIDATORS[typeUrl].decode(CONTEXT, { type_url: typeUrl, value: Buffer.from(bytes) })
  if (result.error !== undefined) throw new Error(`grpc-js-xds would NACK ${r.name}: ${result.error}`)
  if (result.name !== r.name) throw new Error(`grpc-js-xds reads the resource as "${result.name}", not "${r.name}"`)
  return { name: r.name, bytes, json: decodeResource(typeUrl, bytes), parsed: result.value as Record<string, unknown> }
}

/** Runs one generator and checks every resource it returns. */
export function generate(typeUrl: ResourceTypeUrl, snapshot: MeshSnapshot, names: string[], p: ProxyInfo = proxy()): Checked[] {
  return GENERATORS[typeUrl](snapshot, p, names).map((r) => check(typeUrl, r))
}

export function one(typeUrl: ResourceTypeUrl, snapshot: MeshSnapshot, name: string, p: ProxyInfo = proxy()): Checked {
  const out = generate(typeUrl, snapshot, [name], p)
  if (out.length !== 1) throw new Error(`expected one resource for ${name}, got ${out.length}`)
  return out[0]
}

/** Whether grpc-js-xds would take `update` for the same as `cached` and not apply it. */
export function unchangedForClient(typeUrl: ResourceTypeUrl, cached: Checked, update: Checked): boolean {
  return VALIDATORS[typeUrl].resourcesEqual(cached.parsed, update.parsed)
}

/** The cluster a gRPC client would pick for a call, by grpc-js-xds's own route matching. */
export function routedCluster(parsedRouteConfig: Record<string, unknown>, method: string, md: Record<string, string> = {}): string | undefined {
  const metadata = new Metadata()
  for (const [k, v] of Object.entries(md)) metadata.set(k, v)
  const vhosts = parsedRouteConfig.virtual_hosts as { routes: { match: RouteMatch__Output; route: { cluster: string } }[] }[]
  const hit = vhosts[0].routes.find((r) => getPredicateForMatcher(r.match).apply(method, metadata))
  return hit?.route.cluster
}
