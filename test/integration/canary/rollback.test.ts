// The acceptance of issue 6's canary ramp, on the living demo (`trellis demo` as a process: six
// grpc-js-xds Bookinfo workloads, the embedded control plane, Debian's Prometheus scraping every
// 5 s): a ramp of reviews to v3 whose canary fails rolls back to v1 by itself.
//
// How only v3 fails, with config the data plane honours: the ratings VirtualService aborts every
// call whose source carries `app: reviews, version: v3` (a sourceLabels match, which the control
// plane settles per proxy, so only reviews-v3's routes get the fault). reviews-v3 hides the failure
// from its callers (it answers without stars, as Bookinfo does), so what it serves looks healthy;
// its own calls fail, and the gates count those the way Kiali's workload health does (the worse of
// a workload's inbound and outbound error shares). An abort on reviews itself would not do: it
// would be reported by productpage with every destination label `unknown`, indistinguishable from
// a failure of v1.
//
// The step interval is scaled down to 10 s (two scrapes a window); the ramp must reach RolledBack
// within 75 s of its creation, with reviews back at 100% v1.
import { afterAll, describe, expect, test } from 'vitest'
import type { IstioConfigDetails, WriteResponse } from '../../../shared/api.ts'
import type { CanaryRampStatus } from '../../../shared/canary.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { findPrometheus } from '../../../server/demo/prometheus.ts'
import { startDemo, until, type RunningDemo } from '../../support/demo-process.ts'

const PROMETHEUS = findPrometheus()
if (!PROMETHEUS) process.stderr.write('canary rollback test skipped: Prometheus is not installed (apt-get install prometheus)\n')

const NS_API = '/api/namespaces/bookinfo/istio'
const RATINGS_VS = `${NS_API}/networking.istio.io/v1/VirtualService/ratings`
const REVIEWS_VS = `${NS_API}/networking.istio.io/v1/VirtualService/reviews`
const RAMP = `${NS_API}/rollouts.trellis.dev/v1alpha1/canaryramps/reviews-v3`

interface Route {
  name?: string
  match?: unknown[]
  route?: { destination: { host: string; subset?: string }; weight?: number }[]
}

describe.skipIf(!PROMETHEUS)('canary ramp on the demo (real workloads, real Prometheus)', () => {
  let demo: RunningDemo | undefined

  afterAll(async () => {
    if (demo && demo.proc.exitCode === null && demo.proc.signalCode === null) await demo.stop()
  })

  test('a ramp of reviews to v3, whose calls to ratings fail, rolls back to v1 by itself', async () => {
    demo = await startDemo({ rate: 20 })
    const { consoleUrl, prometheusUrl, productpageUrl } = demo.started
    const output = demo.output
    const api = async <T>(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${consoleUrl}${path}`, {
        method, signal: AbortSignal.timeout(10_000),
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': type } }),
      })
      return { status: res.status, body: (await res.json()) as T }
    }

    // Prometheus scrapes the reviews workloads (file_sd follows their registration).
    await until('Prometheus holding reviews-v1 requests', 60_000, 1_000, async () => {
      const q = encodeURIComponent('sum(istio_requests_total{reporter="destination",destination_workload="reviews-v1"})')
      const body = await (await fetch(`${prometheusUrl}/api/v1/query?query=${q}`)).json() as { data?: { result: unknown[] } }
      return body.data?.result.length ? true : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}\n${output()}`) })

    // Only reviews-v3's calls to ratings fail.
    const fault = await api<WriteResponse>('PATCH', RATINGS_VS, { spec: { http: [
      {
        name: 'reviews-v3-calls-fail',
        match: [{ sourceLabels: { app: 'reviews', version: 'v3' } }],
        fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 100 } } },
        route: [{ destination: { host: 'ratings', subset: 'v1' } }],
      },
      { route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
    ] } }, 'application/merge-patch+json')
    expect(fault.status, JSON.stringify(fault.body)).toBe(200)
    expect(fault.body.validation.checks.filter((c) => c.severity !== 'info')).toEqual([])

    const t0 = Date.now()
    const created = await api<WriteResponse>('POST', `${NS_API}/rollouts.trellis.dev/v1alpha1/canaryramps`, {
      metadata: { name: 'reviews-v3' },
      spec: { service: 'reviews', stable: 'v1', canary: 'v3', steps: [20, 50, 100], interval: '10s', gates: { maxErrorPercent: 10, maxP99Ms: 2000, minRequests: 5 } },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)

    // While the ramp holds its first step, v3 serves some of reviews' traffic (without stars: its ratings calls fail).
    const page = await until('a page served by reviews-v3 during the ramp', 20_000, 100, async () => {
      const html = await (await fetch(`${productpageUrl}/productpage`)).text()
      return html.includes('data-version="v3"') ? html : undefined
    })
    expect(page).toContain('Ratings service is currently unavailable (UNAVAILABLE)')

    const trajectory: string[] = []
    const status = await until('the ramp to finish', 75_000, 1_000, async () => {
      const s = ((await api<IstioConfigDetails>('GET', RAMP)).body.resource as ConfigObject).status as CanaryRampStatus | undefined
      const line = `${Math.round((Date.now() - t0) / 1000)}s ${s?.phase} step ${s?.step} ${s?.weight}%`
      if (trajectory.at(-1)?.slice(trajectory.at(-1)!.indexOf(' ')) !== line.slice(line.indexOf(' '))) trajectory.push(line)
      return s && ['RolledBack', 'Promoted', 'Cancelled', 'Failed'].includes(s.phase) ? s : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}; trajectory ${JSON.stringify(trajectory)}\n${output()}`) })
    const rolledBackMs = Date.now() - t0
    process.stdout.write(`canary: RolledBack ${(rolledBackMs / 1000).toFixed(1)} s after the ramp was created; ${JSON.stringify(trajectory)}; ` +
      `history ${JSON.stringify(status.history.map((e) => [e.event, e.weight, e.errorPercent, e.requests]))}\n`)

    expect(status.phase, JSON.stringify(status)).toBe('RolledBack')
    expect(status.weight).toBe(0)
    expect(status.history.some((e) => e.event === 'promoted')).toBe(false)
    const rollback = status.history.at(-1)!
    expect(rollback.event).toBe('rolled-back')
    expect(rollback.message).toMatch(/^gate maxErrorPercent failed: .*its calls 100% of/)
    expect(rollback.errorPercent).toBe(100)
    expect(rollback.requests).toBeGreaterThanOrEqual(5)

    // reviews: the catch-all route is back to 100% v1; the test user's route is untouched.
    const vs = (await api<IstioConfigDetails>('GET', REVIEWS_VS)).body.resource
    const http = vs.spec?.http as Route[]
    expect(http[0]).toEqual({ name: 'test-users', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] })
    expect(http[1].route?.map((d) => [d.destination.subset, d.weight])).toEqual([['v1', 100], ['v3', 0]])
    // And the traffic follows: once the push landed, no page is served by v3.
    await new Promise((r) => setTimeout(r, 1_000))
    for (let i = 0; i < 40; i++) {
      const html = await (await fetch(`${productpageUrl}/productpage`)).text()
      expect(html).not.toContain('data-version="v3"')
    }
    expect(rolledBackMs).toBeLessThan(75_000)
  }, 180_000)
})
