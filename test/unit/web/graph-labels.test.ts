import { describe, expect, it } from 'vitest'
import { nodeBadges } from '../../../web/pages/Graph/badges.ts'
import { edgeErrorPercent, edgeLabel, edgeTrafficPercent, formatByteRate, formatEdgeRate, nodeKindLabel, nodeLabel } from '../../../web/pages/Graph/labels.ts'
import { buildModel } from '../../../web/pages/Graph/model.ts'
import { bookinfo } from '../../fixtures/graph/bookinfo.ts'

const model = buildModel(bookinfo())
const e = (id: string) => model.edges.get(id)!
const n = (id: string) => model.nodes.get(id)!

describe('edge labels', () => {
  it('request rate, with the error share when some requests fail', () => {
    expect(edgeLabel(e('e-details'), ['trafficRate'])).toBe('10 req/s')
    expect(edgeLabel(e('e-rv2'), ['trafficRate'])).toBe('3 req/s · 25% err')
    expect(edgeLabel(e('e-ratings2'), ['trafficRate'])).toBe('3 req/s · 50% err')
  })

  it('a TCP edge counts bytes', () => {
    expect(edgeLabel(e('e-mongo'), ['trafficRate'])).toBe('1.46 KiB/s')
    expect(formatEdgeRate(e('e-mongo'))).toBe('1.46 KiB/s')
    expect(formatByteRate(512)).toBe('512 B/s')
  })

  it("share of the source's traffic (httpPercentReq / grpcPercentReq)", () => {
    expect(edgeLabel(e('e-rv2'), ['trafficDistribution'])).toBe('30%')
    expect(edgeLabel(e('e-ratings3'), ['trafficDistribution'])).toBe('100%')
    expect(edgeTrafficPercent(e('e-mongo'))).toBeUndefined()
  })

  it('response time and throughput, when the server measured them', () => {
    expect(edgeLabel(e('e-ratings2'), ['responseTime'])).toBe('40 ms')
    expect(edgeLabel(e('e-rv1'), ['responseTime'])).toBe('')
    expect(edgeLabel(e('e-reviews'), ['throughput'])).toBe('2 KiB/s')
  })

  it('several labels one per line, in the order picked; none is empty', () => {
    expect(edgeLabel(e('e-reviews'), ['trafficRate', 'responseTime', 'trafficDistribution'])).toBe('10 req/s · 7.5% err\n80 ms\n50%')
    expect(edgeLabel(e('e-reviews'), [])).toBe('')
  })

  it('an edge without traffic has no rate label', () => {
    const g = bookinfo()
    g.elements.edges[0].data.traffic.rates = { http: '0.00' }
    expect(edgeLabel(buildModel(g).edges.get('e-ingress')!, ['trafficRate'])).toBe('')
  })

  it('error share by protocol; TCP has none', () => {
    expect(edgeErrorPercent(e('e-rv2'))).toBe(25)
    expect(edgeErrorPercent(e('e-ratings2'))).toBe(50)
    expect(edgeErrorPercent(e('e-details'))).toBe(0)
    expect(edgeErrorPercent(e('e-mongo'))).toBe(0)
  })
})

describe('node labels and kinds', () => {
  it('names by type; a versioned app adds its version, a node from outside its namespace', () => {
    expect(nodeLabel(n('reviews-v2'))).toBe('reviews\nv2')
    expect(nodeLabel(n('reviews'))).toBe('reviews')
    expect(nodeLabel(n('mongodb'))).toBe('mongodb-v1\n(db)')
    expect(nodeLabel(n('unknown'))).toBe('unknown')
    expect(nodeLabel(n('box-bookinfo'))).toBe('bookinfo')
  })

  it('kinds in words', () => {
    expect(nodeKindLabel(n('reviews-v2'))).toBe('versioned app')
    expect(nodeKindLabel(n('reviews'))).toBe('service')
    expect(nodeKindLabel(n('mongodb'))).toBe('workload')
    expect(nodeKindLabel(n('box-bookinfo'))).toBe('namespace')
  })
})

describe('badges', () => {
  it('lists config and nature in a fixed order, with the find word for each', () => {
    expect(nodeBadges(n('reviews').data).map((b) => b.code)).toEqual(['VS', 'TS', 'CB'])
    expect(nodeBadges(n('unknown').data).map((b) => [b.code, b.find])).toEqual([
      ['OM', 'om'],
      ['SRC', 'root'],
    ])
    expect(nodeBadges(n('ratings-v2').data).map((b) => b.code)).toEqual(['DEAD'])
    expect(nodeBadges(n('details-v2').data).map((b) => b.code)).toEqual(['IDLE'])
    expect(nodeBadges(n('reviews-v3').data).map((b) => b.title)).toEqual(['Fault injection'])
    expect(nodeBadges(n('details-v1').data)).toEqual([])
  })
})
