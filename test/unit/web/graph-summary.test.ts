import { describe, expect, it } from 'vitest'
import { edgeMetricsSource, nodeEntity, routedService, tracesPath } from '../../../web/pages/Graph/entities.ts'
import { nodeKindLabel } from '../../../web/pages/Graph/labels.ts'
import { buildModel } from '../../../web/pages/Graph/model.ts'
import { isErrorCode, responseCodeLabel, responseFlagLabel } from '../../../web/pages/Graph/responseCodes.ts'
import { edgeSummary, graphTotals, nodeRates, percentOf, responseCodes } from '../../../web/pages/Graph/summary.ts'
import { computeVisibility } from '../../../web/pages/Graph/visibility.ts'
import { bookinfo, node } from '../../fixtures/graph/bookinfo.ts'

const model = buildModel(bookinfo())
const e = (id: string) => model.edges.get(id)!
const n = (id: string) => model.nodes.get(id)!

describe('response codes in words', () => {
  it('gRPC status codes by name, HTTP codes with their reason', () => {
    expect(responseCodeLabel('grpc', '14')).toBe('UNAVAILABLE (14)')
    expect(responseCodeLabel('grpc', '0')).toBe('OK (0)')
    expect(responseCodeLabel('grpc', '16')).toBe('UNAUTHENTICATED (16)')
    expect(responseCodeLabel('grpc', '99')).toBe('99')
    expect(responseCodeLabel('http', '503')).toBe('503 Service Unavailable')
    expect(responseCodeLabel('http', '418')).toBe('418')
    expect(responseCodeLabel('http', '-')).toBe('No response')
  })

  it('what counts as an error', () => {
    expect(isErrorCode('grpc', '0')).toBe(false)
    expect(isErrorCode('grpc', '14')).toBe(true)
    expect(isErrorCode('http', '200')).toBe(false)
    expect(isErrorCode('http', '302')).toBe(false)
    expect(isErrorCode('http', '404')).toBe(true)
    expect(isErrorCode('http', '503')).toBe(true)
    expect(isErrorCode('http', '-')).toBe(true)
  })

  it('Envoy response flags with their meaning', () => {
    expect(responseFlagLabel('FI')).toBe('FI (aborted by fault injection)')
    expect(responseFlagLabel('UH,URX')).toBe('UH (no healthy upstream), URX (upstream retry limit exceeded)')
    expect(responseFlagLabel('-')).toBe('no flag')
    expect(responseFlagLabel('XYZ')).toBe('XYZ')
  })
})

describe('an edge in the side panel', () => {
  it('response codes: share of all the edge’s requests (sum of the code’s flags), rate, errors first', () => {
    const codes = responseCodes(e('e-rv2'))
    expect(codes.map((c) => [c.code, c.label, c.isError, c.percent, c.rate])).toEqual([
      ['503', '503 Service Unavailable', true, 25, 0.75],
      ['200', '200 OK', false, 75, 2.25],
    ])
    expect(codes[0].flags.map((f) => [f.label, f.percent])).toEqual([
      ['UH (no healthy upstream)', 15],
      ['no flag', 10],
    ])
  })

  it('gRPC: the status breakdown, with hosts only when no flags were sent', () => {
    const s = edgeSummary(e('e-ratings2'))
    expect(s.codes.map((c) => [c.label, c.percent])).toEqual([
      ['UNAVAILABLE (14)', 50],
      ['OK (0)', 50],
    ])
    expect(s.errorPercent).toBe(50)
    expect(s.trafficPercent).toBe(100)
    expect(s.mtlsPercent).toBe(100)
    expect(s.times).toEqual({ avg: 20.5, p50: 15, p95: 40, p99: 90 })
    expect(s.rate).toBe(3)
    const g = bookinfo()
    g.elements.edges[6].data.traffic.responses = { '14': { hosts: { a: '30.0', b: '20.0' } } }
    expect(responseCodes(buildModel(g).edges.get('e-ratings2')!).map((c) => c.percent)).toEqual([50])
  })

  it('without response times, p95 falls back to the responseTime field', () => {
    expect(edgeSummary(e('e-reviews')).times).toEqual({ avg: undefined, p50: undefined, p95: 80, p99: undefined })
    expect(edgeSummary(e('e-reviews')).throughput).toBe(2048)
    expect(edgeSummary(e('e-rv1')).mtlsPercent).toBeUndefined()
  })
})

describe('a node in the side panel', () => {
  it('rates in and out per protocol, errors in from its rates, errors out from its edges', () => {
    expect(nodeRates(model, n('reviews-v2'))).toEqual([
      { protocol: 'http', inbound: 3, outbound: 0, inboundErrors: 0.75, outboundErrors: 0 },
      { protocol: 'grpc', inbound: 0, outbound: 3, inboundErrors: 0, outboundErrors: 1.5 },
    ])
    expect(nodeRates(model, n('ratings-v1'))).toEqual([
      { protocol: 'grpc', inbound: 5, outbound: 0, inboundErrors: 1.5, outboundErrors: 0 },
      { protocol: 'tcp', inbound: 0, outbound: 1500, inboundErrors: 0, outboundErrors: 0 },
    ])
    expect(nodeRates(model, n('details-v2'))).toEqual([])
    expect(percentOf(1.5, 5)).toBe(30)
    expect(percentOf(0, 0)).toBeUndefined()
  })

  it('what it links to: its entity, the service its requests were addressed to, its traces', () => {
    expect(nodeEntity(n('reviews-v2').data)).toEqual({ kind: 'app', namespace: 'bookinfo', name: 'reviews' })
    expect(nodeEntity(n('reviews').data)).toEqual({ kind: 'service', namespace: 'bookinfo', name: 'reviews' })
    expect(nodeEntity(n('mongodb').data)).toEqual({ kind: 'workload', namespace: 'db', name: 'mongodb-v1' })
    expect(nodeEntity(n('unknown').data)).toBeUndefined()
    expect(routedService(n('reviews-v2').data)).toEqual({ kind: 'service', namespace: 'bookinfo', name: 'reviews' })
    expect(routedService(n('reviews').data)).toEqual({ kind: 'service', namespace: 'bookinfo', name: 'reviews' })
    expect(routedService(n('mongodb').data)).toBeUndefined()
    expect(tracesPath(n('reviews-v2').data)).toBe('/traces?service=reviews&namespaces=bookinfo')
    expect(tracesPath(n('unknown').data)).toBeUndefined()
    const se = node({ id: 'se', nodeType: 'service', service: 'api.example.com', isServiceEntry: { location: 'MESH_EXTERNAL', hosts: ['api.example.com'] } })
    expect(nodeEntity(se)).toBeUndefined()
  })

  it("where an edge's own rate is read: the source's outbound metrics split by destination", () => {
    const wl = buildModel({
      ...bookinfo(),
      elements: {
        nodes: [
          { data: node({ id: 'pp', nodeType: 'workload', workload: 'productpage-v1', app: 'productpage' }) },
          { data: node({ id: 'svc', nodeType: 'service', service: 'reviews' }) },
          { data: node({ id: 'r1', nodeType: 'workload', workload: 'reviews-v1', app: 'reviews' }) },
          { data: node({ id: 'in', nodeType: 'unknown', workload: 'unknown', app: 'unknown' }) },
        ],
        edges: [
          { data: { id: 'pp-svc', source: 'pp', target: 'svc', traffic: { protocol: 'http' } } },
          { data: { id: 'svc-r1', source: 'svc', target: 'r1', traffic: { protocol: 'http' } } },
          { data: { id: 'in-pp', source: 'in', target: 'pp', traffic: { protocol: 'http' } } },
          { data: { id: 'pp-r1', source: 'pp', target: 'r1', traffic: { protocol: 'http' } } },
        ],
      },
    })
    expect(edgeMetricsSource(wl, wl.edges.get('pp-svc')!)).toEqual({
      entity: { kind: 'workload', namespace: 'bookinfo', name: 'productpage-v1' },
      direction: 'outbound',
      byLabel: 'destination_service_name',
      value: 'reviews',
    })
    expect(edgeMetricsSource(wl, wl.edges.get('pp-r1')!)).toMatchObject({ direction: 'outbound', byLabel: 'destination_workload', value: 'reviews-v1' })
    // From a service node: the workload's inbound requests addressed to that service.
    expect(edgeMetricsSource(wl, wl.edges.get('svc-r1')!)).toEqual({
      entity: { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v1' },
      direction: 'inbound',
      byLabel: 'destination_service_name',
      value: 'reviews',
    })
    // From outside telemetry: the destination's inbound requests from unknown.
    expect(edgeMetricsSource(wl, wl.edges.get('in-pp')!)).toMatchObject({ direction: 'inbound', byLabel: 'source_workload', value: 'unknown' })
    // A versioned app's metrics cover all its versions: no line for one edge.
    expect(edgeMetricsSource(model, e('e-ratings2'))).toBeUndefined()
  })
})

describe('the whole graph in the side panel', () => {
  it('counts by kind, sums traffic per protocol over the drawn edges, lists unhealthy edges worst first', () => {
    const t = graphTotals(model, computeVisibility(model, { idleNodes: true, deadNodes: true, boxes: true }), nodeKindLabel)
    expect(t.nodes).toBe(11)
    expect(t.edges).toBe(9)
    expect(t.nodeKinds).toEqual([
      { kind: 'versioned app', count: 8 },
      { kind: 'service', count: 1 },
      { kind: 'unknown', count: 1 },
      { kind: 'workload', count: 1 },
    ])
    expect(t.protocols).toEqual([
      { protocol: 'http', rate: 40, errorPercent: 3.75 },
      { protocol: 'grpc', rate: 5, errorPercent: 30 },
      { protocol: 'tcp', rate: 1500, errorPercent: undefined },
    ])
    expect(t.problems.map((p) => p.id)).toEqual(['e-ratings2', 'e-rv2', 'e-reviews'])
  })
})
