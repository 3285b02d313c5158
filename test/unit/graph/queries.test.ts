// The graph's PromQL: Kiali's reporter per direction, the reporters joined with `or` (the left
// one's series win), the window the duration asked for, and the grouping per graph type.
import { describe, expect, it } from 'vitest'
import { parseGraphOptions, parseNodeTarget, type GraphOptions } from '../../../server/graph/options.ts'
import {
  edgeGrouping, namespaceScope, reporterQueries, responseTimeQueries, scopeOf, securityQuery, throughputQuery, trafficQueries,
} from '../../../server/graph/queries.ts'
import { durationOfSeconds } from '../../../server/telemetry/prometheus/promql.ts'

const NOW = 1_800_000_000
const opts = (q: Record<string, string>, node?: Parameters<typeof parseNodeTarget>): GraphOptions =>
  parseGraphOptions(q, { nowS: NOW, ...(node ? { node: parseNodeTarget(...node) } : {}) })
const W = durationOfSeconds(600)

describe('traffic queries', () => {
  it('reads inbound from destinations, outbound from sources, unserviced requests from outside sources, in that order', () => {
    const o = opts({ namespaces: 'bookinfo,shop' })
    const [q, ...rest] = trafficQueries(o, scopeOf(o), W)
    expect(q.kind).toBe('requests')
    const parts = q.expr.text.split(' or ')
    expect(parts).toHaveLength(3)
    expect(parts[0]).toContain('istio_requests_total{reporter="destination",destination_workload_namespace=~"bookinfo|shop"}[10m]')
    expect(parts[1]).toContain('istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo|shop"}[10m]')
    expect(parts[2]).toContain('{reporter="source",source_workload_namespace!~"bookinfo|shop",destination_workload="unknown",destination_workload_namespace="unknown",destination_service_namespace=~"bookinfo|shop"}')
    for (const p of parts) expect(p).toMatch(/\) > 0\)*$/)
    expect(q.expr.text).toContain('sum by (source_cluster, source_workload_namespace, source_workload, source_canonical_service, source_canonical_revision, destination_cluster')
    // TCP sent bytes by default (a client's sent bytes are Istio's received_bytes).
    expect(rest.map((r) => r.kind)).toEqual(['tcp'])
    expect(rest[0].expr.text).toContain('istio_tcp_received_bytes_total{reporter="destination"')
    expect(rest[0].expr.text).not.toContain('response_code')
  })

  it('asks only for what the rates ask for', () => {
    const o = opts({ namespaces: 'a', rateHttp: 'none', rateTcp: 'total', rateGrpc: 'requests' })
    const qs = trafficQueries(o, scopeOf(o), W)
    expect(qs.map((q) => q.kind)).toEqual(['requests', 'tcp', 'tcp'])
    expect(qs[0].expr.text).toContain('request_protocol="grpc"')
    const none = opts({ namespaces: 'a', rateHttp: 'none', rateGrpc: 'total', rateTcp: 'none' })
    expect(trafficQueries(none, scopeOf(none), W).map((q) => q.expr.text.match(/istio_\w+_total/)![0]))
      .toEqual(['istio_request_messages_total', 'istio_response_messages_total'])
    expect(responseTimeQueries(none, scopeOf(none), W, [0.5])).toBeUndefined()
  })

  it('narrows a node graph to its node, a service graph to what was addressed to it', () => {
    const w = opts({}, ['workload', 'bookinfo', 'reviews-v2', undefined])
    const text = trafficQueries(w, scopeOf(w), W)[0].expr.text
    expect(text).toContain('{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}')
    expect(text).toContain('{reporter="source",source_workload_namespace="bookinfo",source_workload="reviews-v2"}')
    expect(text.split(' or ')).toHaveLength(2)
    const s = opts({}, ['service', 'bookinfo', 'ratings', undefined])
    const sText = trafficQueries(s, scopeOf(s), W)[0].expr.text
    expect(sText).toContain('{reporter="destination",destination_service_namespace="bookinfo",destination_service_name="ratings"}')
    expect(sText).toContain('{reporter="source",destination_workload="unknown",destination_service_namespace="bookinfo",destination_service_name="ratings"}')
    const a = opts({}, ['app', 'bookinfo', 'reviews', 'v2'])
    expect(trafficQueries(a, scopeOf(a), W)[0].expr.text).toContain('destination_canonical_service="reviews",destination_canonical_revision="v2"')
  })

  it('quotes whatever it is given, even past the validation', () => {
    const hostile = ['a"}or vector(1)or{x="']
    const text = trafficQueries(opts({ namespaces: 'a' }), namespaceScope(hostile), W)[0].expr.text
    expect(text).toContain('destination_workload_namespace="a\\"}or vector(1)or{x=\\""')
    expect(text).not.toContain('"}or vector(1)or{x="}')
  })

  it('asks which workloads report their own requests', () => {
    const o = opts({ namespaces: 'bookinfo' })
    const r = reporterQueries(o, scopeOf(o), W)
    expect(r.source?.text).toBe('sum by (source_workload_namespace, source_workload) (rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"}[10m])) > 0')
    expect(r.destination?.text).toBe('sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[10m])) > 0')
  })
})

describe('appender queries', () => {
  it('group an app graph by app and an injected edge by service, so quantiles are per graph edge', () => {
    expect(edgeGrouping('app', false)).toEqual([
      'source_cluster', 'source_workload_namespace', 'source_canonical_service',
      'destination_cluster', 'destination_service_namespace', 'destination_service_name', 'destination_workload_namespace', 'destination_canonical_service', 'request_protocol',
    ])
    expect(edgeGrouping('workload', true)).toEqual([
      'source_cluster', 'source_workload_namespace', 'source_workload', 'source_canonical_service',
      'destination_cluster', 'destination_service_namespace', 'destination_service_name', 'request_protocol',
    ])
    expect(edgeGrouping('versionedApp', false)).toContain('destination_workload')
  })

  it('read response times from destinations first, quantiles and the average from one histogram', () => {
    const o = opts({ namespaces: 'bookinfo', duration: '5m' })
    const q = responseTimeQueries(o, namespaceScope(o.namespaces), durationOfSeconds(300), [0.5, 0.99])!
    expect(q.quantiles.map((x) => x.q)).toEqual([0.5, 0.99])
    expect(q.quantiles[1].expr.text).toMatch(/^\(histogram_quantile\(0\.99, sum by \(le, source_cluster.*istio_request_duration_milliseconds_bucket\{reporter="destination",destination_workload_namespace="bookinfo"\}\[5m\]\)\)\) > 0\) or \(histogram_quantile\(0\.99, .*reporter="source",source_workload_namespace="bookinfo"/)
    expect(q.sum.text).toContain('istio_request_duration_milliseconds_sum{reporter="destination"')
    expect(q.count.text).toContain('istio_request_duration_milliseconds_count{reporter="source"')
  })

  it('count request bytes at the sender and response bytes at the responder', () => {
    const req = opts({ namespaces: 'bookinfo' })
    expect(throughputQuery(req, namespaceScope(['bookinfo']), W)?.text).toMatch(/istio_request_bytes_sum\{reporter="source".* or .*istio_request_bytes_sum\{reporter="source",destination_workload_namespace/)
    const res = opts({ namespaces: 'bookinfo', throughputType: 'response' })
    expect(throughputQuery(res, namespaceScope(['bookinfo']), W)?.text).toContain('istio_response_bytes_sum{reporter="destination"')
  })

  it('read security from destinations, with principals and the policy', () => {
    const text = securityQuery(opts({ namespaces: 'bookinfo' }), namespaceScope(['bookinfo']), W)!.text
    expect(text).toContain('source_principal, destination_principal, connection_security_policy')
    expect(text).not.toContain('reporter="source"')
  })
})
