import { useMemo } from 'react'
import { useLocation } from 'react-router-dom'
import { useOverviewQuery } from '../../api/useOverviewQuery.ts'
import { useStatusQuery } from '../../api/useStatusQuery.ts'
import { useSelectedNamespaces, useTimeControls } from '../../app/url/hooks.ts'
import { telemetryParamsOnly } from '../../app/url/timeRange.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { StaleNotice } from '../../components/StaleNotice.tsx'
import { TimeControls } from '../../components/TimeControls.tsx'
import { NamespaceCard } from './NamespaceCard.tsx'
import { selectCards } from './overview.ts'

/** Each namespace at a glance: counts, application health, inbound traffic and its error ratio. */
export function OverviewPage() {
  const [namespaces] = useSelectedNamespaces()
  const [time, setTime] = useTimeControls()
  const location = useLocation()
  const overview = useOverviewQuery(time.duration, time.refresh)
  const metricsDown = useStatusQuery().data?.prometheus.available === false
  const cards = useMemo(() => selectCards(overview.data ?? [], namespaces), [overview.data, namespaces])
  const keep = telemetryParamsOnly(new URLSearchParams(location.search))
  const scope = namespaces.length ? namespaces.join(', ') : 'all namespaces'
  const stale = overview.isError && overview.data !== undefined

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Overview</h1>
          <p className="muted" aria-live="polite" data-testid="list-summary">
            {overview.isSuccess && `${cards.length === 1 ? '1 namespace' : `${cards.length} namespaces`} in ${scope}`}
          </p>
        </div>
        <TimeControls value={time} onChange={setTime} />
      </header>
      {stale && <StaleNotice what="The overview" error={overview.error} updatedAt={overview.dataUpdatedAt} />}
      {overview.isPending ? (
        <Loading label="Loading the overview…" />
      ) : overview.data === undefined ? (
        <ErrorBanner title="The overview could not be loaded" error={overview.error} onRetry={() => void overview.refetch()} />
      ) : cards.length === 0 ? (
        <EmptyState title={`No namespaces in ${scope}`}>
          <p>Namespaces appear here once the config store has objects in them.</p>
        </EmptyState>
      ) : (
        <div className={stale ? 'ns-cards is-stale' : 'ns-cards'} data-testid="namespace-cards">
          {cards.map((o) => (
            <NamespaceCard key={o.namespace} overview={o} duration={time.duration} keep={keep} metricsDown={metricsDown} />
          ))}
        </div>
      )}
    </div>
  )
}
