import { useId } from 'react'
import { Link } from 'react-router-dom'
import type { NamespaceOverview } from '../../../shared/telemetry.ts'
import { ENTITIES, type EntityKind } from '../../app/url/entities.ts'
import { withNamespaces } from '../../app/url/namespaces.ts'
import { searchString } from '../../app/url/params.ts'
import { formatSpan } from '../../app/url/timeRange.ts'
import { Sparkline } from '../../components/charts/Sparkline.tsx'
import { formatRatio } from '../../components/units.ts'
import { HealthBreakdown } from './HealthBreakdown.tsx'

interface Props {
  overview: NamespaceOverview
  duration: number
  /** The time controls (and anything else) a link keeps; the namespace is set to the card's. */
  keep: URLSearchParams
  /** Prometheus is down or not configured: an empty line means "unknown", not "no requests". */
  metricsDown: boolean
}

const COUNTS: readonly { kind: EntityKind; field: keyof NamespaceOverview['counts'] }[] = [
  { kind: 'app', field: 'apps' },
  { kind: 'workload', field: 'workloads' },
  { kind: 'service', field: 'services' },
]

/** One namespace at a glance. The whole card leads to its applications; the counts lead to their lists. */
export function NamespaceCard({ overview: o, duration, keep, metricsDown }: Props) {
  const headingId = useId()
  const search = searchString(withNamespaces(keep, [o.namespace]))
  return (
    <article className="ns-card" aria-labelledby={headingId} data-testid="namespace-card" data-namespace={o.namespace}>
      <h2 id={headingId} className="ns-card-title">
        <Link className="card-link" to={ENTITIES.app.section + search} aria-label={`${o.namespace}: applications`}>
          {o.namespace}
        </Link>
      </h2>
      <ul className="ns-counts" aria-label="Counts">
        {COUNTS.map(({ kind, field }) => (
          <li key={kind}>
            <Link className="ns-count" to={ENTITIES[kind].section + search} data-testid={`count-${field}`}>
              <strong>{o.counts[field]}</strong> <span className="muted">{ENTITIES[kind].plural}</span>
            </Link>
          </li>
        ))}
      </ul>
      <HealthBreakdown counts={o.appHealth} total={o.counts.apps} />
      <div className="ns-traffic">
        <span className="muted ns-traffic-label">Inbound traffic, last {formatSpan(duration)}</span>
        <Sparkline
          points={o.requestRate}
          label={`Inbound requests to ${o.namespace}, last ${formatSpan(duration)}`}
          emptyText={metricsDown ? 'No traffic data: metrics are unavailable' : undefined}
        />
        <p className="ns-error-ratio" data-testid="error-ratio">
          {o.errorRatio === undefined ? (
            <span className="muted">{metricsDown ? 'Error ratio unknown' : 'No error ratio (no requests)'}</span>
          ) : (
            <>
              <span className="muted">Error ratio</span>{' '}
              <strong className={o.errorRatio > 0 ? 'text-error' : undefined}>{formatRatio(o.errorRatio)}</strong>
            </>
          )}
        </p>
      </div>
    </article>
  )
}
