import { usePrometheusStatus } from '../api/useStatusQuery.ts'
import { prometheusProblem } from './prometheusStatus.ts'

/**
 * Shown on every page while /api/status says Prometheus is down or not configured. A failing
 * status request says nothing here: the live indicator already shows the server is unreachable.
 */
export function PrometheusBanner() {
  const status = usePrometheusStatus()
  const problem = prometheusProblem(status.data)
  return (
    <div role="status" aria-live="polite" className="global-banners">
      {problem && (
        <div className="banner banner-warning" data-testid="prometheus-banner">
          <div className="banner-body">{problem}</div>
        </div>
      )}
    </div>
  )
}
