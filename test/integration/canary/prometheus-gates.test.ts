// The canary gates' measurements against Debian's real Prometheus scraping the Istio test exporter
// every second (known rates, Istio's labels): what the PromQL built for a canary's workloads gives
// back, for a failing, a quiet and an unknown workload, and the error when Prometheus is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrometheusGateSource } from '../../../server/canary/prometheus-gates.ts'
import { judge } from '../../../server/canary/gates.ts'
import { PrometheusClient } from '../../../server/telemetry/prometheus/client.ts'
import { PrometheusUnavailableError } from '../../../server/telemetry/prometheus/errors.ts'
import { startExporter, type Edge, type Exporter } from '../../fixtures/prometheus/istio-exporter.ts'
import { hasPrometheus, launchPrometheus, PROMETHEUS_BIN, waitForSeries, type PrometheusProcess } from '../../fixtures/prometheus/prometheus-process.ts'

const present = hasPrometheus()
const title = present ? 'canary gates on the real Prometheus' : `canary gates on the real Prometheus (skipped: ${PROMETHEUS_BIN} is missing)`
const WINDOW_MS = 5000

const reviews = (version: string) => ({ app: 'reviews', version, service: 'reviews' })
/** reviews-v1 healthy; reviews-v2 failing a quarter of what it serves, and 0.1 of its 2.1 calls/s to ratings. */
const TRAFFIC: readonly Edge[] = [
  { source: { app: 'productpage', version: 'v1' }, destination: reviews('v1'), protocol: 'http', outcomes: [{ responseCode: '200', rate: 8 }] },
  { source: { app: 'productpage', version: 'v1' }, destination: reviews('v2'), protocol: 'http',
    outcomes: [{ responseCode: '200', rate: 1.5 }, { responseCode: '503', rate: 0.5 }] },
  { source: { app: 'reviews', version: 'v2' }, destination: { app: 'ratings', version: 'v1', service: 'ratings' }, protocol: 'grpc',
    outcomes: [{ responseCode: '200', grpcStatus: '0', rate: 2 }, { responseCode: '200', grpcStatus: '14', rate: 0.1 }] },
]

describe.skipIf(!present)(title, () => {
  let exporter: Exporter
  let prometheus: PrometheusProcess
  let gates: PrometheusGateSource

  beforeAll(async () => {
    exporter = await startExporter(TRAFFIC)
    prometheus = await launchPrometheus([exporter.target])
    gates = new PrometheusGateSource(new PrometheusClient({ url: prometheus.url, timeoutMs: 2000 }))
    await waitForSeries(prometheus.url, 'istio_requests_total', 8)
    // A full window of scrapes behind the measurements.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 2000))
  }, 60_000)

  afterAll(async () => {
    await prometheus?.dispose()
    await exporter?.close()
  })

  it('measures what a workload served and what it called, Kiali’s failures, and the p99', async () => {
    // reviews-v2 serves 2/s, a quarter of it 503; it calls ratings at 2.1/s, 0.1/s of that gRPC UNAVAILABLE.
    const m = await gates.measure({ namespace: 'bookinfo', workloads: ['reviews-v2'], end: Date.now() - 1000, windowMs: WINDOW_MS })
    expect(m.requests).toBeCloseTo(10, 0)
    expect(m.inboundErrorPercent).toBeCloseTo(25, 1)
    expect(m.outboundRequests).toBeCloseTo(10.5, 0)
    expect(m.outboundErrorPercent).toBeCloseTo(100 * 0.1 / 2.1, 1)
    // Buckets: half under 10 ms, 90 % under 25 ms, all under 50 ms: p99 interpolates to 47.5 ms.
    expect(m.p99Ms).toBeCloseTo(47.5, 1)
    const verdict = judge(m, { maxErrorPercent: 10, minRequests: 5 }, '5s')
    expect(verdict).toMatchObject({ result: 'fail', gate: 'maxErrorPercent' })
    expect(verdict.summary).toMatch(/error share 25% \(served 25%, its calls 4\.76% of 1[01]\)/)
  })

  it('counts several workloads of a version together', async () => {
    const m = await gates.measure({ namespace: 'bookinfo', workloads: ['reviews-v1', 'reviews-v2'], end: Date.now() - 1000, windowMs: WINDOW_MS })
    expect(m.requests).toBeCloseTo(50, 0)
    expect(m.inboundErrorPercent).toBeCloseTo(5, 1)
  })

  it('finds nothing for a workload without traffic: no share, no latency, nothing to promote on', async () => {
    const m = await gates.measure({ namespace: 'bookinfo', workloads: ['reviews-v3'], end: Date.now() - 1000, windowMs: WINDOW_MS })
    expect(m).toEqual({ requests: 0, outboundRequests: 0, inboundErrorPercent: undefined, outboundErrorPercent: undefined })
    expect(judge(m, { maxErrorPercent: 5 }, '5s').result).toBe('insufficient')
  })

  it('throws Prometheus’s unavailability when it is gone', async () => {
    await prometheus.stop()
    await expect(gates.measure({ namespace: 'bookinfo', workloads: ['reviews-v2'], end: Date.now(), windowMs: WINDOW_MS }))
      .rejects.toBeInstanceOf(PrometheusUnavailableError)
  })
})
