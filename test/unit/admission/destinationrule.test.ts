import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary } from './helpers.ts'

/** Istio's Bookinfo `reviews` DestinationRule (destination-rule-all.yaml), plus the traffic policy knobs Trellis users set. */
function bookinfoReviews(version: string) {
  return fromYaml(`
apiVersion: networking.istio.io/${version}
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
    connectionPool:
      tcp: { maxConnections: 100, connectTimeout: 30ms, idleTimeout: 0s }
      http: { http1MaxPendingRequests: 10, idleTimeout: 1h }
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
    trafficPolicy:
      loadBalancer:
        consistentHash:
          httpHeaderName: x-user
  - name: v3
    labels:
      version: v3
`)
}

const dr = (spec: Record<string, unknown>) => obj('DestinationRule', { host: 'reviews', ...spec })

describe('DestinationRule admission', () => {
  it.each(['v1', 'v1beta1', 'v1alpha3'])('admits Bookinfo reviews at networking.istio.io/%s with no checks', (version) => {
    expect(admitNew(bookinfoReviews(version))).toEqual([])
  })

  it('requires a valid host', () => {
    expect(summary(admitNew(obj('DestinationRule', { host: '' })))).toEqual([error('invalidField', 'spec/host')])
    expect(summary(admitNew(obj('DestinationRule', { host: 'reviews..bookinfo' })))).toEqual([error('invalidField', 'spec/host')])
    expect(admitNew(obj('DestinationRule', { host: '*.bookinfo.svc.cluster.local' }))).toEqual([])
  })

  it('rejects a duplicate subset name', () => {
    const checks = admitNew(dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2' }, { name: 'v1', labels: { version: 'v3' } }] }))
    expect(summary(checks)).toEqual([error('duplicateSubset', 'spec/subsets[2]/name')])
    expect(checks[0].message).toContain('already defined by subsets[0]')
  })

  it('rejects invalid subset names and labels', () => {
    const checks = admitNew(dr({ subsets: [{ name: 'v1_canary', labels: { 'version/x/y': 'v1' } }] }))
    expect(summary(checks)).toEqual([error('invalidName', 'spec/subsets[0]/name'), error('invalidLabel', 'spec/subsets[0]/labels/version/x/y')])
  })

  it('requires exactly one consistent-hash key', () => {
    const none = admitNew(dr({ trafficPolicy: { loadBalancer: { consistentHash: { minimumRingSize: 1024 } } } }))
    expect(summary(none)).toEqual([error('invalidField', 'spec/trafficPolicy/loadBalancer/consistentHash')])
    expect(none[0].message).toContain('none is set')
    const two = admitNew(dr({ subsets: [{ name: 'v1', trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, httpHeaderName: 'x-user' } } } }] }))
    expect(summary(two)).toEqual([error('invalidField', 'spec/subsets[0]/trafficPolicy/loadBalancer/consistentHash')])
    expect(two[0].message).toContain('httpHeaderName and useSourceIp are set')
  })

  it('rejects durations under 1ms, at any policy level', () => {
    const checks = admitNew(dr({
      trafficPolicy: {
        outlierDetection: { interval: '0s', baseEjectionTime: '0.5ms' },
        connectionPool: { tcp: { connectTimeout: '0ms', idleTimeout: '100us' }, http: { idleTimeout: '0s' } },
        portLevelSettings: [{ port: { number: 9080 }, outlierDetection: { interval: '1ns' } }],
      },
    }))
    expect(summary(checks)).toEqual([
      error('invalidDuration', 'spec/trafficPolicy/connectionPool/tcp/connectTimeout'),
      error('invalidDuration', 'spec/trafficPolicy/connectionPool/tcp/idleTimeout'),
      error('invalidDuration', 'spec/trafficPolicy/connectionPool/http/idleTimeout'),
      error('invalidDuration', 'spec/trafficPolicy/outlierDetection/interval'),
      error('invalidDuration', 'spec/trafficPolicy/outlierDetection/baseEjectionTime'),
      error('invalidDuration', 'spec/trafficPolicy/portLevelSettings[0]/outlierDetection/interval'),
    ])
  })

  it('rejects durations beyond protobuf range, which every proxy would NACK', () => {
    const checks = admitNew(dr({ trafficPolicy: { outlierDetection: { interval: '100000000h', baseEjectionTime: '87600h' } } }))
    expect(summary(checks)).toEqual([error('invalidDuration', 'spec/trafficPolicy/outlierDetection/interval')])
    expect(checks[0].message).toContain('longer than protobuf')
  })

  it('rejects a malformed duration as invalidDuration, not as a schema error', () => {
    const checks = admitNew(dr({ trafficPolicy: { outlierDetection: { interval: '10 sec' } } }))
    expect(summary(checks)).toEqual([error('invalidDuration', 'spec/trafficPolicy/outlierDetection/interval')])
  })

  it('keeps maxEjectionPercent within 0–100', () => {
    const checks = admitNew(dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 101 } } }))
    expect(summary(checks)).toEqual([error('schema', 'spec/trafficPolicy/outlierDetection/maxEjectionPercent')])
    expect(checks[0].message).toContain('must be ≤ 100; got 101')
  })

  it('requires a port on port-level settings', () => {
    const checks = admitNew(dr({ trafficPolicy: { portLevelSettings: [{ loadBalancer: { simple: 'LEAST_REQUEST' } }] } }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/trafficPolicy/portLevelSettings[0]/port')])
  })
})
