// The words of the Prometheus banner. Pure: tested in test/unit/web.
import type { StatusResponse } from '../../shared/telemetry.ts'

/** Undefined while Prometheus answers: no banner. */
export function prometheusProblem(status: StatusResponse | undefined): string | undefined {
  if (!status || status.prometheus.available) return undefined
  const { url, error } = status.prometheus
  if (!url) {
    return (
      'Metrics are unavailable: no Prometheus is configured. Config pages keep working; ' +
      'start Trellis with --prometheus-url to see health and metrics.'
    )
  }
  // The server's error may already say "Prometheus at … is not reachable: why"; the banner wants the why.
  const why = error?.replace(`Prometheus at ${url} is not reachable: `, '')
  const reason = why ? ` (${why})` : ''
  return `Metrics are unavailable: Prometheus at ${url} is not reachable${reason}. Config pages keep working; data returns when it is back.`
}
