import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { grpcCompatChecks } from '../../../server/xds/compat.ts'
import { PUSH_ORDER } from '../../../server/xds/protos.ts'
import { generate, mesh, objects, REVIEWS } from './helpers.ts'

const EVERYTHING_VS = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - match: [{ method: { exact: POST }, uri: { regex: '/reviews.*' }, ignoreUriCase: true, headers: { trace-bin: { exact: x } } }]
    redirect: { uri: /v2 }
  - mirror: { host: reviews, subset: v3 }
    mirrorPercentage: { value: 10 }
    rewrite: { uri: / }
    corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }] }
    headers: { request: { set: { x-a: b } } }
    retries: { attempts: 3, perTryTimeout: 1s, retryOn: 'unavailable,retriable-4xx' }
    fault: { delay: { fixedDelay: 1s }, abort: { http2Error: REFUSED_STREAM, percentage: { value: 5 } } }
    route:
    - destination: { host: reviews, subset: v1 }
      headers: { response: { remove: [x-b] } }
  tcp:
  - route: [{ destination: { host: reviews } }]
`

const EVERYTHING_DR = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  trafficPolicy:
    loadBalancer: { simple: LEAST_REQUEST, localityLbSetting: { enabled: true }, warmupDurationSecs: 10s }
    connectionPool: { tcp: { maxConnections: 10, connectTimeout: 1s }, http: { http2MaxRequests: 10, maxRetries: 3 } }
    outlierDetection: { consecutive5xxErrors: 3, minHealthPercent: 50 }
    tls: { mode: ISTIO_MUTUAL }
    portLevelSettings:
    - port: { number: 9080 }
      loadBalancer: { consistentHash: { httpCookie: { name: user, ttl: 0s } } }
  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } }
  - { name: v3, labels: { version: v3 } }
`

const summary = (yaml: string) => grpcCompatChecks(objects(yaml)[0]).map((c) => `${c.code} ${c.severity} ${c.path}`)

describe('proxyless gRPC compatibility checks', () => {
  it('warns about every VirtualService field gRPC clients cannot honour, at its path', () => {
    expect(summary(EVERYTHING_VS)).toEqual([
      'TRL0301 warning spec/tcp',
      'TRL0302 warning spec/http[0]/redirect',
      'TRL0303 warning spec/http[0]/match[0]/method',
      'TRL0301 warning spec/http[0]/match[0]/ignoreUriCase',
      'TRL0301 warning spec/http[0]/match[0]/headers/trace-bin',
      'TRL0301 warning spec/http[1]/rewrite',
      'TRL0301 warning spec/http[1]/mirror',
      'TRL0301 warning spec/http[1]/mirrorPercentage',
      'TRL0301 warning spec/http[1]/corsPolicy',
      'TRL0301 warning spec/http[1]/headers/request/set',
      'TRL0301 warning spec/http[1]/route[0]/headers/response/remove',
      'TRL0301 warning spec/http[1]/retries/perTryTimeout',
      'TRL0301 warning spec/http[1]/retries/retryOn',
      'TRL0305 warning spec/http[1]/fault/delay',
      'TRL0301 warning spec/http[1]/fault/abort/http2Error',
    ])
  })

  it('warns about every DestinationRule setting gRPC clients cannot honour, at its path', () => {
    expect(summary(EVERYTHING_DR)).toEqual([
      'TRL0301 warning spec/trafficPolicy/loadBalancer/simple',
      'TRL0301 warning spec/trafficPolicy/loadBalancer/localityLbSetting',
      'TRL0301 warning spec/trafficPolicy/loadBalancer/warmupDurationSecs',
      'TRL0301 warning spec/trafficPolicy/connectionPool/tcp/maxConnections',
      'TRL0301 warning spec/trafficPolicy/connectionPool/tcp/connectTimeout',
      'TRL0301 warning spec/trafficPolicy/connectionPool/http/maxRetries',
      'TRL0304 info spec/trafficPolicy/outlierDetection',
      'TRL0301 warning spec/trafficPolicy/outlierDetection/minHealthPercent',
      'TRL0301 warning spec/trafficPolicy/tls',
      'TRL0301 warning spec/trafficPolicy/portLevelSettings[0]/loadBalancer/consistentHash/httpCookie',
      'TRL0304 info spec/subsets[0]/trafficPolicy/loadBalancer/consistentHash/useSourceIp',
      'TRL0304 info spec/subsets[0]/trafficPolicy/loadBalancer/consistentHash/maglev',
    ])
  })

  it('says what happens instead and what to do', () => {
    const [retryOn] = grpcCompatChecks(objects(EVERYTHING_VS)[0]).filter((c) => c.path.endsWith('retryOn'))
    expect(retryOn.message).toBe(
      'Not supported by proxyless gRPC: spec/http[1]/retries/retryOn is ignored; retriable-4xx has no gRPC meaning; gRPC clients retry on unavailable')
    const [method] = grpcCompatChecks(objects(EVERYTHING_VS)[0]).filter((c) => c.path.endsWith('method'))
    expect(method.message).toMatch(/match the gRPC method with uri/)
  })

  it('has nothing to say about Bookinfo\'s own routing', () => {
    const dir = new URL('../../fixtures/bookinfo-config/bookinfo/', import.meta.url)
    for (const file of ['reviews-virtualservice.yaml', 'reviews-destinationrule.yaml']) {
      expect(grpcCompatChecks(objects(readFileSync(new URL(file, dir), 'utf8'))[0])).toEqual([])
    }
  })

  it('ignores other kinds', () => {
    expect(grpcCompatChecks(objects('{ apiVersion: v1, kind: Service, metadata: { name: x }, spec: { tcp: [] } }')[0])).toEqual([])
  })

  it('never costs a NACK: the generators still send valid config for such objects', () => {
    const snapshot = mesh(EVERYTHING_VS, EVERYTHING_DR)
    const names = {
      [PUSH_ORDER[0]]: [`outbound|9080||${REVIEWS}`, `outbound|9080|v1|${REVIEWS}`],
      [PUSH_ORDER[1]]: [`outbound|9080||${REVIEWS}`, `outbound|9080|v1|${REVIEWS}`],
      [PUSH_ORDER[2]]: ['reviews:9080'],
      [PUSH_ORDER[3]]: [`outbound|9080||${REVIEWS}`],
    }
    for (const typeUrl of PUSH_ORDER) expect(generate(typeUrl, snapshot, names[typeUrl])).toHaveLength(names[typeUrl].length)
  })
})
