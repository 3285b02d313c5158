import { useId, useMemo } from 'react'
import type { MetricsQuery } from '../../../shared/telemetry.ts'
import { ApiError, errorMessage } from '../../api/errors.ts'
import { useMetricsQuery } from '../../api/useMetricsQuery.ts'
import type { EntityKind } from '../../app/url/entities.ts'
import { SPLIT_LABELS, type MetricsView, type Reporter } from '../../app/url/metrics.ts'
import { formatSpan, resolutionFor, type TimeControls } from '../../app/url/timeRange.ts'
import { MetricChart } from '../../components/charts/MetricChart.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { StaleNotice } from '../../components/StaleNotice.tsx'
import { buildCharts, QUANTILES } from './metricCharts.ts'
import { panelId, tabId } from './MetricsTabs.tsx'

interface Props {
  kind: EntityKind
  namespace: string
  name: string
  view: MetricsView
  onViewChange: (patch: Partial<MetricsView>) => void
  time: TimeControls
}

/** One direction's charts, refreshed on the page's interval; the last data stays (greyed) when a refresh fails. */
export function MetricsPanel({ kind, namespace, name, view, onViewChange, time }: Props) {
  const q: MetricsQuery = {
    direction: view.tab,
    duration: time.duration,
    ...resolutionFor(time.duration),
    quantiles: QUANTILES,
    reporter: view.reporter,
    byLabels: view.by,
  }
  const metrics = useMetricsQuery(kind, namespace, name, q, time.refresh)
  const charts = useMemo(() => (metrics.data ? buildCharts(metrics.data) : []), [metrics.data])
  const end = Math.floor((metrics.dataUpdatedAt || Date.now()) / 1000)
  const range = { start: end - time.duration, end }
  const stale = metrics.isError && metrics.data !== undefined
  const unavailable = metrics.error instanceof ApiError && metrics.error.isUnavailable

  return (
    <section className="metrics-panel" role="tabpanel" id={panelId(view.tab)} aria-labelledby={tabId(view.tab)} data-testid="metrics-panel">
      <MetricsOptions view={view} onChange={onViewChange} />
      {stale && <StaleNotice what="These metrics" error={metrics.error} updatedAt={metrics.dataUpdatedAt} />}
      {metrics.isPending ? (
        <Loading label={`Loading ${view.tab} metrics…`} />
      ) : metrics.data === undefined ? (
        unavailable ? (
          <div className="banner banner-warning" role="status" data-testid="metrics-unavailable">
            <div className="banner-body">
              <strong>Metrics are unavailable</strong>
              <p>{errorMessage(metrics.error)}</p>
            </div>
          </div>
        ) : (
          <ErrorBanner title={`The ${view.tab} metrics could not be loaded`} error={metrics.error} onRetry={() => void metrics.refetch()} />
        )
      ) : (
        <div className={stale ? 'chart-grid is-stale' : 'chart-grid'} aria-label={`${view.tab} metrics, last ${formatSpan(time.duration)}`} role="group">
          {charts.map((c) => (
            <MetricChart key={c.id} id={c.id} title={c.title} unit={c.unit} data={c.data} window={range} />
          ))}
        </div>
      )}
    </section>
  )
}

function MetricsOptions({ view, onChange }: { view: MetricsView; onChange: (patch: Partial<MetricsView>) => void }) {
  const id = useId()
  return (
    <div className="toolbar" role="group" aria-label="Metrics options">
      <label className="select-field" htmlFor={`${id}-reporter`}>
        <span className="select-label">Reported by</span>
        <select
          id={`${id}-reporter`}
          className="input"
          value={view.reporter}
          onChange={(e) => onChange({ reporter: e.target.value === 'source' ? 'source' : ('destination' satisfies Reporter) })}
          data-testid="reporter-select"
        >
          <option value="destination">Destination</option>
          <option value="source">Source</option>
        </select>
      </label>
      <label className="select-field" htmlFor={`${id}-by`}>
        <span className="select-label">Split by</span>
        <select
          id={`${id}-by`}
          className="input"
          value={view.by ?? ''}
          onChange={(e) => onChange({ by: e.target.value || undefined })}
          data-testid="split-select"
        >
          <option value="">Nothing</option>
          {SPLIT_LABELS[view.tab].map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
