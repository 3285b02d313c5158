// The graph's acceptance on the living demo (`trellis demo` as a process, real Prometheus, real
// grpc-js-xds workloads): the versionedApp graph of bookinfo shows productpage → details and →
// reviews v1/v2/v3 per the current weights, reviews v2/v3 → ratings, request rates on the edges and
// a VirtualService badge on reviews; a 50 % abort fault on ratings written through the API turns
// the reviews → ratings edges Failure within 30 s, with the gRPC status breakdown in `responses`.
import { afterAll, describe, expect, test } from 'vitest'
import type { EdgeData, GraphResponse, NodeData } from '../../../shared/graph.ts'
import { findPrometheus } from '../../../server/demo/prometheus.ts'
import { startDemo, until, type RunningDemo } from '../../support/demo-process.ts'

const PROMETHEUS = findPrometheus()

interface Edge {
  from: string
  to: string
  data: EdgeData
}

/** A node's name as a person reads it: `reviews v2`, `reviews (service)`. */
function nameOf(n: NodeData): string {
  if (n.nodeType === 'service') return `${n.service} (service)`
  if (n.nodeType === 'unknown') return 'unknown'
  return n.version ? `${n.app} ${n.version}` : (n.app ?? n.workload ?? n.id)
}

function edges(g: GraphResponse): Edge[] {
  const byId = new Map(g.elements.nodes.map((n) => [n.data.id, n.data]))
  return g.elements.edges.map((e) => ({ from: nameOf(byId.get(e.data.source)!), to: nameOf(byId.get(e.data.target)!), data: e.data }))
}

const find = (es: Edge[], from: string, to: string) => es.find((e) => e.from === from && e.to === to)

describe.skipIf(!PROMETHEUS)('the graph of the living demo', () => {
  let demo: RunningDemo | undefined

  afterAll(async () => {
    if (demo && demo.proc.exitCode === null && demo.proc.signalCode === null) await demo.stop()
  })

  test('shows Bookinfo as it runs, and a fault on ratings turns its callers red within 30 s', async () => {
    demo = await startDemo({ rate: 10 })
    const consoleUrl = demo.started.consoleUrl
    const output = demo.output
    const graph = async (): Promise<GraphResponse> => {
      const res = await fetch(`${consoleUrl}/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&injectServiceNodes=true&duration=60s`)
      if (res.status !== 200) throw new Error(`graph: ${res.status} ${await res.text()}`)
      return (await res.json()) as GraphResponse
    }
    const patch = async (name: string, spec: unknown) => {
      const res = await fetch(`${consoleUrl}/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/${name}`, {
        method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec }),
      })
      expect(res.status, await res.text()).toBe(200)
    }

    // Everyone but the test user 50/50 on v1 and v3; the test user (a fifth of the traffic) on v2.
    await patch('reviews', { http: [
      { name: 'test-users', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { name: 'everyone-else', route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] },
    ] })
    const wanted: [string, string][] = [
      ['unknown', 'productpage (service)'], ['productpage v1', 'details (service)'], ['productpage v1', 'reviews (service)'],
      ['reviews (service)', 'reviews v1'], ['reviews (service)', 'reviews v2'], ['reviews (service)', 'reviews v3'],
      ['reviews v2', 'ratings (service)'], ['reviews v3', 'ratings (service)'], ['ratings (service)', 'ratings v1'],
    ]
    const before = await until('every Bookinfo edge in the graph', 90_000, 2_000, async () => {
      const g = await graph()
      return wanted.every(([a, b]) => (find(edges(g), a, b)?.data.traffic.rates?.grpc ?? find(edges(g), a, b)?.data.traffic.rates?.http) !== undefined) ? g : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}\n${output()}`) })
    const es = edges(before)
    const rate = (a: string, b: string) => Number(find(es, a, b)!.data.traffic.rates!.grpc ?? find(es, a, b)!.data.traffic.rates!.http)
    // Per the weights: v2 gets about a fifth of reviews' requests, v1 and v3 two fifths each.
    const total = rate('productpage v1', 'reviews (service)')
    expect(rate('reviews (service)', 'reviews v2') / total).toBeGreaterThan(0.05)
    expect(rate('reviews (service)', 'reviews v3') / total).toBeGreaterThan(0.15)
    const reviews = before.elements.nodes.find((n) => n.data.nodeType === 'service' && n.data.service === 'reviews')!.data
    expect(reviews).toMatchObject({ hasVS: { hostnames: ['reviews'] }, hasTrafficShifting: true, hasRequestRouting: true })
    expect(find(es, 'reviews v2', 'ratings (service)')!.data.healthStatus).toBe('Healthy')

    // A 50 % abort on ratings, as the fault wizard would write it.
    const faultAt = Date.now()
    await patch('ratings', { http: [{ fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } }, route: [{ destination: { host: 'ratings', subset: 'v1' } }] }] })
    const seen: string[] = []
    const red = await until('reviews → ratings edges Failure', 30_000, 2_000, async () => {
      const g = await graph()
      const calls = edges(g).filter((e) => e.from.startsWith('reviews v') && e.to === 'ratings (service)')
      seen.push(`${Math.round((Date.now() - faultAt) / 1000)}s: ${calls.map((e) => `${e.from} ${e.data.healthStatus} ${e.data.traffic.rates?.grpcPercentErr ?? 0}%`).join(', ')}`)
      return calls.length === 2 && calls.every((e) => e.data.healthStatus === 'Failure') ? calls : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}; seen: ${seen.join(' | ')}`) })
    const redMs = Date.now() - faultAt
    for (const e of red) {
      // The breakdown by gRPC status: OK, and UNAVAILABLE injected by the fault (flag FI).
      expect(Object.keys(e.data.traffic.responses!)).toEqual(expect.arrayContaining(['0', '14']))
      expect(e.data.traffic.responses!['14'].flags).toHaveProperty('FI')
      expect(Number(e.data.traffic.rates!.grpcErr)).toBeGreaterThan(0)
    }
    process.stdout.write(`demo graph: reviews → ratings Failure ${(redMs / 1000).toFixed(1)} s after the fault (${seen.join(' | ')})\n`)
    expect(await demo.stop()).toBe(0)
  }, 240_000)
})
