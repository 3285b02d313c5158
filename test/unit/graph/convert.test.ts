// The JSON conversion (Kiali's number formats, ids, boxes, order), the stages every graph gets
// (outsiders, roots, the service-graph reduction) and the node budget.
import { describe, expect, it } from 'vitest'
import { applyNodeBudget } from '../../../server/graph/budget.ts'
import { formatBytes, formatMillis, formatPercent, formatRate, toGraphJson } from '../../../server/graph/convert.ts'
import { markOutsiders, markRoots, reduceToServiceGraph } from '../../../server/graph/finalize.ts'
import { edgeId, nodeId, sha256 } from '../../../server/graph/ids.ts'
import { parseGraphOptions } from '../../../server/graph/options.ts'
import { buildTrafficMap } from '../../../server/graph/traffic.ts'
import type { TrafficMap } from '../../../server/graph/types.ts'
import type { GraphResponse } from '../../../shared/graph.ts'
import type { Sample } from '../../../server/telemetry/prometheus/answers.ts'
import { context, QUERY_TIME, sample } from './helpers.ts'

async function map(traffic: Sample[], query: Record<string, string> = {}): Promise<TrafficMap> {
  const { ctx } = context({ query, answer: (t) => (t.startsWith('(') && t.includes('response_code') ? traffic : []) })
  return (await buildTrafficMap(ctx)).map
}
const toGraphResponse = (...args: Parameters<typeof toGraphJson>) => JSON.parse(toGraphJson(...args).toString()) as GraphResponse
const opts = (q: Record<string, string> = {}) => parseGraphOptions({ namespaces: 'bookinfo', ...q }, { nowS: QUERY_TIME })

describe('number formats', () => {
  it("writes rates with two decimals, more to show something small; percentages with one", () => {
    expect(formatRate(8, 2)).toBe('8.00')
    expect(formatRate(1 / 3, 2)).toBe('0.33')
    expect(formatRate(0.004, 2)).toBe('0.004')
    expect(formatRate(0.0000012, 2)).toBe('0.00000')
    expect(formatPercent(100 / 3)).toBe('33.3')
    expect(formatMillis(37.5)).toBe('38')
    expect(formatMillis(4.63)).toBe('4.6')
    expect(formatMillis(0.471)).toBe('0.47')
    expect(formatBytes(1234.4)).toBe('1234')
    expect(formatBytes(0.34)).toBe('0.3')
  })

  it("writes exactly what toFixed writes, whole numbers and halves included", () => {
    // The formats skip toFixed where the answer is plain; they must agree with it everywhere.
    const decimals = (v: number, max: number) => {
      let d = 0
      for (let x = v; d < max && x > 0 && x < 1; x *= 10) d++
      return d
    }
    const values = [0, 0.5, 1.5, 2.5, 9.5, 10, 10.5, 99.95, 100, 0.049999999999999996, 2 ** 52 + 0.5, 2 ** 53, 2 ** 53 + 2, 1e21, 1e22, 123456789.125]
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 20_000; i++) {
      const r = rnd()
      values.push(r * 1000, Math.round(r * 2000) / 2, Math.round(r * 1e5) / 1e3, r * 2 ** 60, Math.floor(r * 1e6))
    }
    const wrong: string[] = []
    const check = (what: string, got: string, want: string) => {
      if (got !== want) wrong.push(`${what}: ${got} ≠ ${want}`)
    }
    for (const v of values) {
      check(`formatRate(${v}, 2)`, formatRate(v, 2), v.toFixed(Math.max(2, decimals(v, 5))))
      check(`formatPercent(${v})`, formatPercent(v), v.toFixed(1))
      check(`formatMillis(${v})`, formatMillis(v), v.toFixed(v >= 10 ? 0 : v >= 1 ? 1 : 2))
      check(`formatBytes(${v})`, formatBytes(v), v.toFixed(decimals(v, 2)))
    }
    expect(wrong).toEqual([])
  })
})

describe('toGraphResponse', () => {
  it("writes Kiali's shape: hashed ids, rates per protocol, responses as shares of the edge", async () => {
    const m = await map([sample({}, 9), sample({ response_code: '503', response_flags: 'UF' }, 1), sample({ dst: 'details-v1' }, 10)])
    const g = toGraphResponse(m, opts({ boxBy: 'none' }), QUERY_TIME)
    expect(g).toMatchObject({ timestamp: QUERY_TIME, duration: 600, graphType: 'workload' })
    const pp = g.elements.nodes.find((n) => n.data.workload === 'productpage-v1')!.data
    expect(pp).toEqual({
      id: sha256('wl_Kubernetes_bookinfo_productpage-v1'), nodeType: 'workload', cluster: 'Kubernetes', namespace: 'bookinfo',
      workload: 'productpage-v1', app: 'productpage', version: 'v1', traffic: [{ protocol: 'http', rates: { httpOut: '20.00' } }], healthData: null,
    })
    const reviews = g.elements.nodes.find((n) => n.data.workload === 'reviews-v1')!.data
    const e = g.elements.edges.find((x) => x.data.target === reviews.id)!.data
    expect(e).toEqual({
      id: edgeId(pp.id, reviews.id, 'http'), source: pp.id, target: reviews.id,
      traffic: {
        protocol: 'http',
        rates: { http: '10.00', http5xx: '1.00', httpPercentErr: '10.0', httpPercentReq: '50.0' },
        responses: {
          200: { flags: { '-': '90.0' }, hosts: { 'reviews.bookinfo.svc.cluster.local': '90.0' } },
          503: { flags: { UF: '10.0' }, hosts: { 'reviews.bookinfo.svc.cluster.local': '10.0' } },
        },
      },
    })
    expect(nodeId('x')).toBe(sha256('x'))
  })

  it('writes JSON that reads back as written, whatever the names hold', async () => {
    const m = await map([
      sample({ response_code: '0', response_flags: 'DC' }, 1), sample({}, 2), sample({ response_code: '503' }, 1),
      sample({ dst: 'details-v1', destination_service: 'we"ird\\host\u2028' }, 1),
    ])
    const text = toGraphJson(m, opts(), QUERY_TIME).toString()
    expect(JSON.stringify(JSON.parse(text))).toBe(text)
    const g = JSON.parse(text) as GraphResponse
    const weird = g.elements.edges.find((e) => e.data.traffic.responses?.['200']?.hosts?.['we"ird\\host\u2028'])
    expect(weird).toBeDefined()
    // Codes in the order JSON gives them back: numbers ascending, then the rest ("-" is no response).
    const reviews = g.elements.edges.find((e) => e.data.traffic.rates?.http === '4.00')!
    expect(Object.keys(reviews.data.traffic.responses!)).toEqual(['200', '503', '-'])
  })

  it('writes a graph bigger than its first guess, names of any size and script included', async () => {
    const long = `${'a'.repeat(5000)}.example`
    const m = await map([sample({ dst: 'details-v1', destination_service: long }, 1), sample({ destination_service: 'résumé.bookinfo.svc.cluster.local ✓' }, 1)])
    const bytes = toGraphJson(m, opts(), QUERY_TIME)
    const g = JSON.parse(bytes.toString('utf8')) as GraphResponse
    expect(Buffer.byteLength(JSON.stringify(g))).toBe(bytes.length)
    const hosts = g.elements.edges.flatMap((e) => Object.keys(e.data.traffic.responses?.['200']?.hosts ?? {}))
    expect(hosts.sort()).toEqual([long, 'résumé.bookinfo.svc.cluster.local ✓'])
  })

  it('orders nodes and edges the same way whatever the map order', async () => {
    const traffic = [sample({}, 1), sample({ dst: 'details-v1' }, 1), sample({ src: 'reviews-v1', dst: 'ratings-v1' }, 1)]
    const a = toGraphResponse(await map(traffic), opts(), QUERY_TIME)
    const b = toGraphResponse(await map([...traffic].reverse()), opts(), QUERY_TIME)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(a.elements.nodes.map((n) => n.data.workload)).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1'])
  })

  it('boxes apps, and namespaces only when there is more than one', async () => {
    const traffic = [sample({}, 1), sample({ dst: 'reviews-v2' }, 1), sample({ src: 'frontend-v1', source_workload_namespace: 'shop', dst: 'productpage-v1' }, 1)]
    const one = toGraphResponse(await map(traffic.slice(0, 2)), opts({ boxBy: 'namespace,app' }), QUERY_TIME)
    const boxes = one.elements.nodes.filter((n) => n.data.nodeType === 'box').map((n) => n.data)
    expect(boxes).toEqual([{ id: sha256('box_Kubernetes_bookinfo_reviews'), nodeType: 'box', cluster: 'Kubernetes', namespace: 'bookinfo', app: 'reviews', healthData: null, isBox: 'app' }])
    expect(one.elements.nodes.filter((n) => n.data.parent === boxes[0].id).map((n) => n.data.workload)).toEqual(['reviews-v1', 'reviews-v2'])
    const two = toGraphResponse(await map(traffic), opts({ namespaces: 'bookinfo,shop', boxBy: 'namespace' }), QUERY_TIME)
    const ns = two.elements.nodes.filter((n) => n.data.isBox === 'namespace')
    // shop has one node: no box for it.
    expect(ns.map((n) => n.data.namespace)).toEqual(['bookinfo'])
    expect(two.elements.nodes[0].data.isBox).toBe('namespace')
  })
})

describe('finalizers', () => {
  it('marks outsiders, inaccessible nodes and roots', async () => {
    const m = await map([
      sample({ src: 'frontend-v1', source_workload_namespace: 'shop', dst: 'productpage-v1' }, 1),
      sample({ source_cluster: 'unknown', source_workload_namespace: 'unknown', source_workload: 'unknown', source_canonical_service: 'unknown', dst: 'productpage-v1' }, 1),
      sample({}, 1),
    ])
    markOutsiders(m, new Set(['bookinfo']))
    markRoots(m)
    expect(m.get('wl_Kubernetes_shop_frontend-v1')!.flags).toEqual({ isOutside: true, isRoot: true })
    expect(m.get('unknown_unknown_source')!.flags).toEqual({ isInaccessible: true, isRoot: true })
    expect(m.get('wl_Kubernetes_bookinfo_productpage-v1')!.flags).toEqual({})
  })

  it('reduces a workload graph with service nodes to services, keeping roots', async () => {
    const m = await map([
      sample({ source_cluster: 'unknown', source_workload_namespace: 'unknown', source_workload: 'unknown', source_canonical_service: 'unknown', dst: 'productpage-v1', destination_service_name: 'productpage' }, 10),
      sample({ src: 'productpage-v1', dst: 'reviews-v1' }, 6),
      sample({ src: 'productpage-v1', dst: 'reviews-v2' }, 4),
      sample({ src: 'reviews-v1', dst: 'ratings-v1' }, 1),
      sample({ src: 'reviews-v2', dst: 'ratings-v1', response_code: '503' }, 3),
    ], { graphType: 'service' })
    markRoots(m)
    const s = reduceToServiceGraph(m)
    expect([...s.keys()].sort()).toEqual(['svc_Kubernetes_bookinfo_productpage', 'svc_Kubernetes_bookinfo_ratings', 'svc_Kubernetes_bookinfo_reviews', 'unknown_unknown_source'])
    const reviews = s.get('svc_Kubernetes_bookinfo_reviews')!
    expect(reviews.edges).toHaveLength(1)
    // Two workloads' edges to ratings became the service's one.
    expect(Object.fromEntries(Object.entries(reviews.edges[0].rates).filter(([, v]) => v !== 0))).toEqual({ http: 4, http5xx: 3 })
    expect(reviews.rates.httpOut).toBe(4)
    expect(reviews.edges[0].source).toBe(reviews)
    expect(s.get('svc_Kubernetes_bookinfo_productpage')!.edges.map((e) => e.dest.key)).toEqual(['svc_Kubernetes_bookinfo_reviews'])
  })
})

describe('node budget', () => {
  it('keeps the busiest nodes and says how many there were', async () => {
    const m = await map([sample({}, 10), sample({ dst: 'details-v1' }, 1), sample({ src: 'reviews-v1', dst: 'ratings-v1' }, 0.5)])
    expect(applyNodeBudget(m, 10)).toBeUndefined()
    const t = applyNodeBudget(m, 2)!
    expect(t).toMatchObject({ nodes: 4, budget: 2 })
    expect(t.message).toMatch(/4 nodes, more than the 2 .* Select fewer namespaces/)
    expect([...m.keys()].sort()).toEqual(['wl_Kubernetes_bookinfo_productpage-v1', 'wl_Kubernetes_bookinfo_reviews-v1'])
    // No edge to a node that was cut.
    for (const n of m.values()) for (const e of n.edges) expect(m.has(e.dest.key)).toBe(true)
  })
})
