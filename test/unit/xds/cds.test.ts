import { describe, expect, it } from 'vitest'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { generate, mesh, one, REVIEWS, REVIEWS_SUBSETS, unchangedForClient } from './helpers.ts'

const CDS = TYPE_URL.cluster
type Json = Record<string, any>
const name = (subset: string, port = 9080) => `outbound|${port}|${subset}|${REVIEWS}`

function rule(spec: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
${spec}
`
}

describe('CDS: clusters', () => {
  it('makes a round-robin EDS cluster over ADS, its EDS name its own', () => {
    const c = one(CDS, mesh(), name(''))
    expect(c.json).toEqual({
      name: name(''),
      type: 'EDS',
      edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' }, serviceName: name('') },
      lbPolicy: 'ROUND_ROBIN',
      outlierDetection: { enforcingConsecutive_5xx: { value: 0 }, enforcingSuccessRate: { value: 0 } },
    })
    expect(c.parsed).toMatchObject({
      type: 'EDS',
      edsServiceName: name(''),
      lbPolicyConfig: [{ xds_wrr_locality: { child_policy: [{ round_robin: {} }] } }],
      maxConcurrentRequests: undefined,
      outlierDetectionUpdate: { success_rate_ejection: undefined, failure_percentage_ejection: undefined },
    })
  })

  it('uses RING_HASH with XX_HASH for a consistent hash, and caps the ring where grpc-js would NACK', () => {
    const snapshot = mesh(rule(`
  trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user, ringHash: { minimumRingSize: 2048 } } } }
  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 99999999 } } }
`))
    const c = one(CDS, snapshot, name(''))
    expect(c.json).toMatchObject({ lbPolicy: 'RING_HASH', ringHashLbConfig: { minimumRingSize: { value: '2048' } } })
    expect(c.parsed).toMatchObject({ lbPolicyConfig: [{ ring_hash: { min_ring_size: 2048, max_ring_size: 8388608 } }] })
    expect(one(CDS, snapshot, name('v1')).parsed).toMatchObject({ lbPolicyConfig: [{ ring_hash: { min_ring_size: 8388608 } }] })
  })

  it('falls back to ROUND_ROBIN for balancers grpc-js does not have (LEAST_REQUEST would be NACKed)', () => {
    const c = one(CDS, mesh(rule('  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }')), name(''))
    expect(c.parsed).toMatchObject({ lbPolicyConfig: [{ xds_wrr_locality: { child_policy: [{ round_robin: {} }] } }] })
  })

  it('limits concurrent requests by http2MaxRequests, and writes the connect timeout', () => {
    const c = one(CDS, mesh(rule(`
  trafficPolicy:
    connectionPool: { http: { http2MaxRequests: 100 }, tcp: { connectTimeout: 2s } }
`)), name(''))
    expect(c.json).toMatchObject({ circuitBreakers: { thresholds: [{ maxRequests: { value: 100 } }] }, connectTimeout: { seconds: '2' } })
    expect(c.parsed).toMatchObject({ maxConcurrentRequests: 100 })
  })

  it('turns consecutive errors into failure-percentage ejection, the kind grpc-js runs', () => {
    const c = one(CDS, mesh(rule(`
  trafficPolicy:
    outlierDetection: { consecutive5xxErrors: 3, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50 }
`)), name(''))
    expect((c.json as Json).outlierDetection).toEqual({
      consecutive_5xx: { value: 3 },
      enforcingConsecutive_5xx: { value: 100 },
      interval: { seconds: '10' },
      baseEjectionTime: { seconds: '30' },
      maxEjectionPercent: { value: 50 },
      enforcingSuccessRate: { value: 0 },
      failurePercentageThreshold: { value: 50 },
      enforcingFailurePercentage: { value: 100 },
      failurePercentageMinimumHosts: { value: 1 },
      failurePercentageRequestVolume: { value: 3 },
    })
    // What grpc-js's outlier detection balancer is configured with.
    expect((c.parsed as Json).outlierDetectionUpdate).toEqual({
      interval: { seconds: 10, nanos: 0 },
      base_ejection_time: { seconds: 30, nanos: 0 },
      max_ejection_time: undefined,
      max_ejection_percent: 50,
      success_rate_ejection: undefined,
      failure_percentage_ejection: { enforcement_percentage: 100, minimum_hosts: 1, request_volume: 3, threshold: 50 },
      child_policy: [],
    })
  })

  it('ejects after Envoy\'s default of 5 errors when none is given, and not at all when errors are set to 0', () => {
    const od = (spec: string) => ((one(CDS, mesh(rule(`  trafficPolicy: { outlierDetection: ${spec} }`)), name('')).parsed as Json)
      .outlierDetectionUpdate.failure_percentage_ejection)
    expect(od('{ interval: 5s }')).toMatchObject({ request_volume: 5 })
    expect(od('{ consecutiveGatewayErrors: 2, consecutive5xxErrors: 4 }')).toMatchObject({ request_volume: 2 })
    expect(od('{ consecutiveErrors: 7 }')).toMatchObject({ request_volume: 7 })
    expect(od('{ consecutive5xxErrors: 0 }')).toBeUndefined()
  })

  it('makes adding or removing outlier detection visible to grpc-js-xds\'s update check', () => {
    const cluster = (policy: string) => one(CDS, mesh(rule(`  trafficPolicy: ${policy}`)), name(''))
    const off = cluster('{ connectionPool: { http: { http2MaxRequests: 5 } } }')
    const on = cluster('{ connectionPool: { http: { http2MaxRequests: 5 } }, outlierDetection: { consecutive5xxErrors: 3 } }')
    expect(unchangedForClient(CDS, off, on)).toBe(false)
    expect(unchangedForClient(CDS, on, off)).toBe(false)
  })

  it('merges the subset\'s policy and port-level settings over the top-level policy', () => {
    const snapshot = mesh(rule(`
  trafficPolicy:
    connectionPool: { http: { http2MaxRequests: 10 } }
    portLevelSettings:
    - { port: { number: 9443 }, connectionPool: { http: { http2MaxRequests: 20 } } }
  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy: { connectionPool: { http: { http2MaxRequests: 30 } } }
  - name: v2
    labels: { version: v2 }
    trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user } } }
`))
    const max = (n: string) => (one(CDS, snapshot, n).parsed as Json).maxConcurrentRequests
    expect([max(name('')), max(name('', 9443)), max(name('v1')), max(name('v1', 9443)), max(name('v2'))]).toEqual([10, 20, 30, 30, 10])
    expect(one(CDS, snapshot, name('v2')).json).toMatchObject({ lbPolicy: 'RING_HASH' })
  })

  it('leaves out unknown hosts, ports and subsets, and malformed names', () => {
    expect(generate(CDS, mesh(REVIEWS_SUBSETS), [
      name('v9'), name('', 1234), 'outbound|9080||nope.bookinfo.svc.cluster.local', 'inbound|9080||x', `outbound|x||${REVIEWS}`, REVIEWS,
    ])).toEqual([])
  })

  it('answers a wildcard request with every service port, whole and per subset', () => {
    const names = generate(CDS, mesh(REVIEWS_SUBSETS), []).map((c) => c.name).filter((n) => n.endsWith(REVIEWS))
    expect(names).toEqual([name(''), name('v1'), name('v2'), name('v3'), name('', 9443), name('v1', 9443), name('v2', 9443), name('v3', 9443)])
  })
})
