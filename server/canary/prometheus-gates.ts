// Measures a canary from Istio's metrics in Prometheus, over one step's window, the way Kiali judges
// a workload's health: its requests as its workloads report them (reporter="destination") and the
// calls it makes (reporter="source"), each with Kiali's failed-request definition (response code 0,
// 4xx or 5xx, or a non-OK gRPC status), the worse share counting.
//
// Why both directions: a call that fails before it reaches a workload — an xDS-injected abort, no
// endpoint, a refused connection — is reported by its source only, with every destination_* label
// `unknown` (server/workload/telemetry-grpc.ts, as Envoy does), so it cannot be told apart per
// version on the way in. The canary's own outbound calls, though, are reported under its workload
// name: a canary whose dependencies fail for it (a new version calling a new endpoint, or a fault
// injected for `sourceLabels: {version: v3}`) shows there, whether or not it hides the failure
// from its own callers. Inbound, only the requests it answered count; a canary that never answers
// serves nothing, and the ramp pauses for lack of data instead of promoting.
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import { failedRequestRate, ISTIO_DURATION, ISTIO_REQUESTS } from '../telemetry/prometheus/istio-queries.ts'
import { durationOfSeconds, eq, histogramQuantile, increase, metric, oneOf, rate, sum, type InstantVector, type Matcher } from '../telemetry/prometheus/promql.ts'
import type { CanaryMeasurement, GateSource, MeasureRequest } from './gates.ts'

export class PrometheusGateSource implements GateSource {
  constructor(private readonly prometheus: PrometheusClient) {}

  async measure(req: MeasureRequest): Promise<CanaryMeasurement> {
    if (req.workloads.length === 0) throw new Error('the canary has no registered workload to measure')
    // PromQL windows are whole seconds; a shorter window than the step would miss its start.
    const window = durationOfSeconds(Math.max(1, Math.ceil(req.windowMs / 1000)))
    const at = req.end / 1000
    const inbound: Matcher[] = [eq('reporter', 'destination'), eq('destination_workload_namespace', req.namespace), oneOf('destination_workload', req.workloads)]
    const outbound: Matcher[] = [eq('reporter', 'source'), eq('source_workload_namespace', req.namespace), oneOf('source_workload', req.workloads)]
    const served = metric(ISTIO_REQUESTS, ...inbound)
    const called = metric(ISTIO_REQUESTS, ...outbound)
    const value = async (expr: InstantVector): Promise<number | undefined> => {
      const samples = await this.prometheus.queryVector(expr, at)
      const v = samples[0]?.value
      return v !== undefined && Number.isFinite(v) ? v : undefined
    }
    const [requests, servedRate, servedFailed, outboundRequests, calledRate, calledFailed, p99] = await Promise.all([
      value(sum(increase(served.over(window)))),
      value(sum(rate(served.over(window)))),
      value(sum(failedRequestRate(served, window))),
      value(sum(increase(called.over(window)))),
      value(sum(rate(called.over(window)))),
      value(sum(failedRequestRate(called, window))),
      value(histogramQuantile(0.99, metric(ISTIO_DURATION, ...inbound), window)),
    ])
    const share = (failed: number | undefined, total: number | undefined) => (total ? (100 * (failed ?? 0)) / total : undefined)
    return {
      requests: requests ?? 0,
      inboundErrorPercent: share(servedFailed, servedRate),
      outboundRequests: outboundRequests ?? 0,
      outboundErrorPercent: share(calledFailed, calledRate),
      ...(p99 !== undefined ? { p99Ms: p99 } : {}),
    }
  }
}
