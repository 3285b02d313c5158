import { Link, useLocation, useParams } from 'react-router-dom'
import { ApiError } from '../../api/errors.ts'
import { useEntityQuery } from '../../api/useEntityQuery.ts'
import { ENTITIES, type EntityKind } from '../../app/url/entities.ts'
import { useMetricsView, useTimeControls } from '../../app/url/hooks.ts'
import { searchString } from '../../app/url/params.ts'
import { telemetryParamsOnly } from '../../app/url/timeRange.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { TimeControls } from '../../components/TimeControls.tsx'
import { RoutingActions } from '../../components/wizards/RoutingActions.tsx'
import { ServiceRouting } from '../../components/wizards/ServiceRouting.tsx'
import { NotFoundPage } from '../NotFound/NotFoundPage.tsx'
import { EntityHeader } from './EntityHeader.tsx'
import { MetricsPanel } from './MetricsPanel.tsx'
import { MetricsTabs } from './MetricsTabs.tsx'
import { SummaryPanel } from './SummaryPanel.tsx'

/** /namespaces/{ns}/applications|workloads|services/{name}: summary, then inbound and outbound metrics. */
export function EntityDetailPage({ kind }: { kind: EntityKind }) {
  const { namespace, name } = useParams()
  if (!namespace || !name) return <NotFoundPage />
  // Another item is another page: nothing carries over.
  return <EntityDetail key={`${kind}/${namespace}/${name}`} kind={kind} namespace={namespace} name={name} />
}

function EntityDetail({ kind, namespace, name }: { kind: EntityKind; namespace: string; name: string }) {
  const info = ENTITIES[kind]
  const location = useLocation()
  const [time, setTime] = useTimeControls()
  const [view, setView, selectTab] = useMetricsView(info.directions)
  const entity = useEntityQuery(kind, namespace, name, time.refresh)
  const search = searchString(telemetryParamsOnly(new URLSearchParams(location.search)))
  const notFound = entity.error instanceof ApiError && entity.error.isNotFound

  if (notFound) {
    return (
      <div className="page">
        <EntityHeader kind={kind} namespace={namespace} name={name} entity={undefined} controls={null} />
        <EmptyState
          title={`No ${info.title.toLowerCase()} ${name} in ${namespace}`}
          actions={
            <Link className="btn" to={info.section + search}>
              Back to {info.plural}
            </Link>
          }
        >
          <p>The mesh has no {info.title.toLowerCase()} of that name. It may have been removed, or the link is from before a rename.</p>
        </EmptyState>
      </div>
    )
  }

  return (
    <div className="page">
      <EntityHeader
        kind={kind}
        namespace={namespace}
        name={name}
        entity={entity.data}
        controls={
          <div className="detail-controls">
            {kind === 'service' && <RoutingActions />}
            <TimeControls value={time} onChange={setTime} />
          </div>
        }
      />
      {entity.isPending ? (
        <Loading label={`Loading ${info.title.toLowerCase()} ${name}…`} />
      ) : entity.data ? (
        <SummaryPanel entity={entity.data} search={search} />
      ) : (
        <ErrorBanner title={`${info.title} ${name} could not be loaded`} error={entity.error} onRetry={() => void entity.refetch()} />
      )}
      {kind === 'service' && <ServiceRouting namespace={namespace} name={name} />}
      <MetricsTabs tabs={info.directions} selected={view.tab} onSelect={selectTab} />
      <MetricsPanel kind={kind} namespace={namespace} name={name} view={view} onViewChange={setView} time={time} />
    </div>
  )
}
