// The demo as a newcomer runs it: `trellis demo` as a process (no web build needed), the real
// Prometheus, six real grpc-js-xds workloads. Within 60 s Prometheus must hold Istio's request
// series, from both reporters, for every Bookinfo edge; productpage must show reviews; a merge
// patch of the reviews VirtualService to 50/50 v1/v3 must bring reviews-v3's share of reviews
// requests to about half within 30 s; and Ctrl-C (SIGINT) must leave no process behind.
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findPrometheus } from '../../../server/demo/prometheus.ts'
import { isAlive } from '../../../server/demo/supervisor.ts'
import { startDemo, until, type RunningDemo } from '../../support/demo-process.ts'

const PROMETHEUS = findPrometheus()
if (!PROMETHEUS) {
  process.stderr.write('demo integration test skipped: Prometheus is not installed (apt-get install prometheus; .ci/run installs it)\n')
}

interface PromVector {
  metric: Record<string, string>
  value: [number, string]
}

async function query(prometheusUrl: string, promql: string): Promise<PromVector[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql })}`, { signal: AbortSignal.timeout(5_000) })
  const body = await res.json() as { status: string; data?: { resultType: string; result: PromVector[] }; error?: string }
  if (body.status !== 'success' || !body.data) throw new Error(`Prometheus: ${body.error ?? res.status}`)
  return body.data.result
}

/** Request rates in the namespace by source and destination workload. */
function edgesQuery(reporter: 'source' | 'destination'): string {
  return `sum(rate(istio_requests_total{reporter="${reporter}",destination_service_namespace="bookinfo"}[1m])) by (source_workload, destination_workload) > 0`
}

// Kiali's own graph queries for a namespace (business/graph: traffic from inside the namespace,
// reporter source; from unknown callers, reporter destination), with its group-by.
const KIALI_GROUP_BY = 'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,' +
  'destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,' +
  'destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags'
const KIALI_IN_NAMESPACE = `sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"}[60s])) by (${KIALI_GROUP_BY}) > 0`
const KIALI_FROM_UNKNOWN = `sum(rate(istio_requests_total{reporter="destination",source_workload="unknown",destination_service_namespace="bookinfo"}[60s])) by (${KIALI_GROUP_BY}) > 0`

const EDGES = [
  ['productpage-v1', /^details-v1$/],
  ['productpage-v1', /^reviews-v[123]$/],
  [/^reviews-v[23]$/, /^ratings-v1$/],
] as const

function hasEveryEdge(result: PromVector[]): boolean {
  const match = (p: string | RegExp, v: string | undefined): boolean => (typeof p === 'string' ? p === v : v !== undefined && p.test(v))
  return EDGES.every(([src, dst]) => result.some((r) => match(src, r.metric.source_workload) && match(dst, r.metric.destination_workload)))
}

describe.skipIf(!PROMETHEUS)('trellis demo (real Prometheus, real grpc-js-xds workloads)', () => {
  let demo: RunningDemo | undefined

  afterAll(async () => {
    // Only if a test failed half-way: the last test stops the demo itself.
    if (demo && demo.proc.exitCode === null && demo.proc.signalCode === null) await demo.stop()
  })

  test('a living mesh within 60 s; traffic shifting shows in Prometheus; Ctrl-C leaves nothing behind', async () => {
    const t0 = Date.now()
    demo = await startDemo({ rate: 10 })
    const { started, status } = demo
    const output = demo.output
    const prometheusUrl = started.prometheusUrl
    const startedMs = Date.now() - t0

    // Every edge, from both reporters, in Prometheus within 60 s of `trellis demo`.
    const edges = await until('istio_requests_total for every Bookinfo edge from both reporters', 60_000 - (Date.now() - t0), 1_000, async () => {
      const [dest, src] = await Promise.all([query(prometheusUrl, edgesQuery('destination')), query(prometheusUrl, edgesQuery('source'))])
      return hasEveryEdge(dest) && hasEveryEdge(src) ? { dest, src } : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}\n${output()}`) })
    const firstSeriesMs = Date.now() - t0
    // productpage's own traffic comes from outside the mesh: Kiali's `unknown` source.
    expect(edges.dest.some((r) => r.metric.source_workload === 'unknown' && r.metric.destination_workload === 'productpage-v1')).toBe(true)
    // Kiali's graph queries see the same mesh, with services, canonical names and codes filled in.
    const kiali = await query(prometheusUrl, KIALI_IN_NAMESPACE)
    expect(hasEveryEdge(kiali)).toBe(true)
    for (const r of kiali) {
      expect(r.metric).toMatchObject({ source_cluster: 'Kubernetes', destination_cluster: 'Kubernetes', request_protocol: 'grpc', response_code: '200', grpc_response_status: '0', response_flags: '-' })
      expect(r.metric.destination_service).toBe(`${r.metric.destination_service_name}.bookinfo.svc.cluster.local`)
      expect(r.metric.destination_canonical_service).toBe(r.metric.destination_workload.replace(/-v\d$/, ''))
    }
    const [fromUnknown] = await query(prometheusUrl, KIALI_FROM_UNKNOWN)
    expect(fromUnknown.metric).toMatchObject({ destination_workload: 'productpage-v1', destination_service_name: 'productpage', request_protocol: 'http', response_code: '200' })

    // The page a person would look at: the book, its details and reviews; the test user gets v2's black stars.
    const page = await (await fetch(`${started.productpageUrl}/productpage`)).text()
    expect(page).toContain('The Comedy of Errors')
    expect(page).toContain('William Shakespeare')
    expect(page).toMatch(/Reviewer1[\s\S]*Reviewer2/)
    expect(page).toContain('Reviews served by: <b>reviews-v1</b>')
    const jason = await (await fetch(`${started.productpageUrl}/productpage`, { headers: { 'end-user': 'jason' } })).text()
    expect(jason).toContain('data-version="v2"')
    expect(jason).toContain('style="color: black"')

    // Shift reviews to 50/50 v1/v3 through the REST API, as the console's wizard would.
    const patchAt = Date.now()
    const res = await fetch(`${started.consoleUrl}/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { http: [{ route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
        { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      ] }] } }),
    })
    expect(res.status, await res.text()).toBe(200)
    // A 15 s rate window holds only post-patch samples from 20 s on (15 s + one scrape); the
    // share must be about half by 30 s.
    const shareQuery = 'sum(rate(istio_requests_total{reporter="destination",destination_service_name="reviews",destination_workload="reviews-v3"}[15s]))'
      + ' / sum(rate(istio_requests_total{reporter="destination",destination_service_name="reviews"}[15s]))'
    const shares: Array<[number, number]> = []
    const share = await until('reviews-v3 serving about half of reviews requests', 30_000, 1_000, async () => {
      const [r] = await query(prometheusUrl, shareQuery)
      const v = r ? Number(r.value[1]) : 0
      const since = Math.round((Date.now() - patchAt) / 1000)
      shares.push([since, Math.round(v * 100) / 100])
      return since >= 20 && v >= 0.35 && v <= 0.65 ? v : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}; share by seconds since the patch: ${JSON.stringify(shares)}`) })
    const shareMs = Date.now() - patchAt
    const page3 = await until('a page served by reviews-v3 (red stars)', 10_000, 100, async () => {
      const html = await (await fetch(`${started.productpageUrl}/productpage`)).text()
      return html.includes('data-version="v3"') ? html : undefined
    })
    expect(page3).toContain('style="color: red"')

    // Nothing crashed along the way.
    const final = status()
    expect(final.children.map((c) => [c.name, c.restarts])).toEqual(final.children.map((c) => [c.name, 0]))
    process.stdout.write(`demo: started in ${(startedMs / 1000).toFixed(1)} s; every edge in Prometheus after ${(firstSeriesMs / 1000).toFixed(1)} s; ` +
      `reviews-v3 share ${share.toFixed(2)} ${(shareMs / 1000).toFixed(1)} s after the patch (trajectory ${JSON.stringify(shares)})\n`)

    // Ctrl-C: every process it started is gone, and so is its temp folder.
    const code = await demo.stop()
    expect(code, output()).toBe(0)
    const pids = [final.pid, ...final.pids]
    expect(pids.filter(isAlive)).toEqual([])
    expect(existsSync(dirname(final.configDir))).toBe(false)
  }, 150_000)
})
