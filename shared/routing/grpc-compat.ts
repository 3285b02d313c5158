// What proxyless gRPC clients (grpc-js-xds) cannot honour in a VirtualService or DestinationRule.
// The control plane's generators leave such fields out (or approximate them) rather than send config
// the client would NACK; each one is a finding here, so nothing is dropped silently. The server turns
// findings into checks on the object (server/xds/compat.ts, codes TRL0301–TRL0305); the routing
// wizards show the same findings for the objects they are about to write. Pure.
import type { ConfigObject } from '../k8s.ts'
import type { DestinationRuleSpec, HTTPRoute, TrafficPolicy, VirtualServiceSpec } from '../istio/networking.ts'
import { formatPath } from '../validation.ts'
import { grpcRetryOn, grpcStatusCode, HONOURED_POOL_SETTING, MAX_RING_SIZE, unevaluableConditions } from './grpc.ts'

/** The kinds of finding, named as in the server's code registry (server/validation/codes.ts). */
export type GrpcCompatId = 'grpcUnsupported' | 'grpcRouteSkipped' | 'grpcMatchNeverApplies' | 'grpcApproximated' | 'grpcFaultNoPercentage'

/** How much a finding matters: approximations are information, the rest warnings (the registry's severities). */
export const GRPC_COMPAT_SEVERITY: Readonly<Record<GrpcCompatId, 'warning' | 'info'>> = {
  grpcUnsupported: 'warning',
  grpcRouteSkipped: 'warning',
  grpcMatchNeverApplies: 'warning',
  grpcApproximated: 'info',
  grpcFaultNoPercentage: 'warning',
}

export interface GrpcCompatFinding {
  id: GrpcCompatId
  /** Field path segments: ['spec', 'http', 0, 'fault']. */
  path: (string | number)[]
  detail: string
}

type Path = readonly (string | number)[]

class Checks {
  readonly out: GrpcCompatFinding[] = []

  add(id: GrpcCompatId, path: Path, detail: string): void {
    this.out.push({ id, path: [...path], detail })
  }

  /** The common case: a field the client ignores. */
  ignored(path: Path, why: string): void {
    this.add('grpcUnsupported', path, `${formatPath(path)} is ignored; ${why}`)
  }
}

export function grpcCompatFindings(obj: ConfigObject): GrpcCompatFinding[] {
  const c = new Checks()
  if (obj.kind === 'VirtualService') virtualService(c, (obj.spec ?? {}) as VirtualServiceSpec)
  else if (obj.kind === 'DestinationRule') destinationRule(c, (obj.spec ?? {}) as DestinationRuleSpec)
  return c.out
}

// ---- VirtualService

function virtualService(c: Checks, spec: VirtualServiceSpec): void {
  const l4 = 'gRPC clients make HTTP/2 calls only; they follow the http routes, or the default route when there are none'
  if (spec.tcp?.length) c.ignored(['spec', 'tcp'], l4)
  if (spec.tls?.length) c.ignored(['spec', 'tls'], l4)
  spec.http?.forEach((route, i) => httpRoute(c, route, ['spec', 'http', i]))
}

function httpRoute(c: Checks, route: HTTPRoute, at: Path): void {
  for (const action of ['redirect', 'directResponse', 'delegate'] as const) {
    if (route[action] === undefined) continue
    c.add('grpcRouteSkipped', [...at, action],
      `gRPC clients only forward calls, so this route is not sent to them and its calls fall through to the next route; ` +
      'route them to a destination instead')
  }
  if (route.rewrite) c.ignored([...at, 'rewrite'], 'calls keep their method path and authority')
  for (const f of ['mirror', 'mirrors', 'mirrorPercentage', 'mirrorPercent'] as const) {
    if (route[f] !== undefined) c.ignored([...at, f], 'calls are not mirrored')
  }
  if (route.corsPolicy) c.ignored([...at, 'corsPolicy'], 'CORS applies to browsers, not to gRPC clients')
  headerOps(c, route.headers, [...at, 'headers'])
  route.route?.forEach((d, j) => headerOps(c, d.headers, [...at, 'route', j, 'headers']))
  route.match?.forEach((m, k) => {
    const mp = [...at, 'match', k]
    for (const f of unevaluableConditions(m)) {
      c.add('grpcMatchNeverApplies', [...mp, f],
        `gRPC clients match calls on the method path and metadata only, so a match entry with ${f} is left out for them; ` +
        'match the gRPC method with uri (e.g. prefix: /package.Service/) or a header instead')
    }
    if (m.ignoreUriCase && m.uri?.regex !== undefined) c.ignored([...mp, 'ignoreUriCase'], 'a regex uri match is always case-sensitive')
    if (m.statPrefix !== undefined) c.ignored([...mp, 'statPrefix'], 'gRPC clients keep no Envoy route statistics')
    for (const f of ['headers', 'withoutHeaders'] as const) {
      for (const name of Object.keys(m[f] ?? {})) {
        if (name.endsWith('-bin')) c.ignored([...mp, f, name], 'binary (-bin) metadata cannot be matched, so this condition never holds')
      }
    }
  })
  retries(c, route.retries, [...at, 'retries'])
  fault(c, route.fault, [...at, 'fault'])
}

function headerOps(c: Checks, headers: HTTPRoute['headers'], at: Path): void {
  for (const dir of ['request', 'response'] as const) {
    for (const op of ['set', 'add', 'remove'] as const) {
      if (headers?.[dir]?.[op] !== undefined) c.ignored([...at, dir, op], 'grpc-js does not change call metadata')
    }
  }
}

function retries(c: Checks, r: HTTPRoute['retries'], at: Path): void {
  if (!r) return
  if (r.perTryTimeout !== undefined) c.ignored([...at, 'perTryTimeout'], 'grpc-js bounds all attempts together by the route timeout')
  if (r.retryRemoteLocalities !== undefined) c.ignored([...at, 'retryRemoteLocalities'], 'grpc-js picks retry endpoints by its load balancer')
  if (!r.retryOn || !r.attempts) return
  const { codes, ignored } = grpcRetryOn(r.retryOn)
  if (!codes.length) {
    c.add('grpcUnsupported', [...at, 'retryOn'],
      `none of "${r.retryOn}" is a condition gRPC clients can retry on, so they do not retry; ` +
      'use cancelled, deadline-exceeded, internal, resource-exhausted or unavailable')
  } else if (ignored.length) {
    c.ignored([...at, 'retryOn'], `${ignored.join(', ')} ha${ignored.length > 1 ? 've' : 's'} no gRPC meaning; ` +
      `gRPC clients retry on ${codes.join(', ')}`)
  }
}

function fault(c: Checks, f: HTTPRoute['fault'], at: Path): void {
  const delay = f?.delay
  if (delay) {
    if (delay.exponentialDelay !== undefined) c.ignored([...at, 'delay', 'exponentialDelay'], 'only fixedDelay can be injected')
    if (delay.percentage?.value === undefined && delay.percent === undefined) {
      c.add('grpcFaultNoPercentage', [...at, 'delay'], 'no call is delayed; set percentage.value (100 delays every call)')
    }
  }
  const abort = f?.abort
  if (abort) {
    if (abort.http2Error !== undefined) c.ignored([...at, 'abort', 'http2Error'], 'gRPC clients can abort with grpcStatus or httpStatus only')
    if (abort.grpcStatus !== undefined && grpcStatusCode(abort.grpcStatus) === undefined) {
      c.ignored([...at, 'abort', 'grpcStatus'], `"${abort.grpcStatus}" is not a gRPC status name such as UNAVAILABLE`)
    }
    if (abort.percentage?.value === undefined) {
      c.add('grpcFaultNoPercentage', [...at, 'abort'], 'no call is aborted; set percentage.value (100 aborts every call)')
    }
  }
}

// ---- DestinationRule

function destinationRule(c: Checks, spec: DestinationRuleSpec): void {
  trafficPolicy(c, spec.trafficPolicy, ['spec', 'trafficPolicy'])
  spec.subsets?.forEach((s, i) => trafficPolicy(c, s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy']))
}

type PolicyCore = Omit<TrafficPolicy, 'portLevelSettings' | 'tunnel' | 'proxyProtocol'>

function trafficPolicy(c: Checks, p: TrafficPolicy | undefined, at: Path): void {
  if (!p) return
  policyCore(c, p, at)
  p.portLevelSettings?.forEach((s, i) => policyCore(c, s, [...at, 'portLevelSettings', i]))
  if (p.tunnel) c.ignored([...at, 'tunnel'], 'gRPC clients connect to endpoints directly')
  if (p.proxyProtocol) c.ignored([...at, 'proxyProtocol'], 'gRPC clients send no PROXY protocol header')
}

const FALLBACK_LB = new Set(['LEAST_REQUEST', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH'])

function policyCore(c: Checks, p: PolicyCore, at: Path): void {
  const lb = p.loadBalancer
  const lbAt = [...at, 'loadBalancer']
  if (lb?.simple && FALLBACK_LB.has(lb.simple)) {
    c.add('grpcUnsupported', [...lbAt, 'simple'], `gRPC clients balance ${lb.simple} clusters with ROUND_ROBIN instead`)
  }
  const hash = lb?.consistentHash
  if (hash) {
    const hAt = [...lbAt, 'consistentHash']
    for (const f of ['httpCookie', 'httpQueryParameterName'] as const) {
      if (hash[f] !== undefined) {
        c.ignored([...hAt, f], 'grpc-js hashes on metadata (headers) only, so calls land anywhere on the ring; use httpHeaderName')
      }
    }
    if (hash.useSourceIp) {
      c.add('grpcApproximated', [...hAt, 'useSourceIp'],
        'gRPC clients do not know their source IP; each client channel sticks to one endpoint instead')
    }
    if (hash.maglev) c.add('grpcApproximated', [...hAt, 'maglev'], 'grpc-js has no Maglev; a ring hash is used instead')
    const ring = hash.ringHash?.minimumRingSize ?? hash.minimumRingSize
    if (ring !== undefined && ring > MAX_RING_SIZE) {
      c.add('grpcUnsupported', [...hAt, hash.ringHash ? 'ringHash' : 'minimumRingSize'], `the ring size is capped at ${MAX_RING_SIZE}`)
    }
  }
  if (lb?.localityLbSetting) c.ignored([...lbAt, 'localityLbSetting'], 'localities are weighted by their endpoints only, with no failover or distribution rules')
  if (lb?.warmupDurationSecs) c.ignored([...lbAt, 'warmupDurationSecs'], 'new endpoints get their full share at once')
  const pool = p.connectionPool
  for (const [f, v] of Object.entries(pool?.tcp ?? {})) {
    if (v !== undefined) c.ignored([...at, 'connectionPool', 'tcp', f], 'gRPC clients keep one connection per endpoint with their own timeouts')
  }
  for (const [f, v] of Object.entries(pool?.http ?? {})) {
    if (v !== undefined && f !== HONOURED_POOL_SETTING) {
      c.ignored([...at, 'connectionPool', 'http', f], 'of the connection pool, gRPC clients honour http2MaxRequests only')
    }
  }
  outlier(c, p.outlierDetection, [...at, 'outlierDetection'])
  if (p.tls?.mode && p.tls.mode !== 'DISABLE') {
    c.ignored([...at, 'tls'], 'TLS settings are not sent to proxyless gRPC clients yet, so their calls are plaintext')
  }
}

function outlier(c: Checks, od: PolicyCore['outlierDetection'], at: Path): void {
  if (!od) return
  c.add('grpcApproximated', at,
    'gRPC clients count no consecutive errors; an endpoint is ejected when more than half of its calls in an interval ' +
    'fail, once it has had as many calls as the consecutive-error count (5 by default)')
  for (const f of ['consecutiveLocalOriginFailures', 'splitExternalLocalOriginErrors', 'minHealthPercent'] as const) {
    if (od[f] !== undefined) c.ignored([...at, f], 'gRPC outlier detection does not tell local-origin errors apart or keep a panic threshold')
  }
}
