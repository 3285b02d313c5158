import { useLocation } from 'react-router-dom'
import { useEntitiesQuery } from '../../api/useEntitiesQuery.ts'
import { useNamespacesQuery } from '../../api/useNamespacesQuery.ts'
import { ENTITIES, hasActiveEntityFilters, type EntityKind } from '../../app/url/entities.ts'
import { useEntityFilters, useSelectedNamespaces, useTimeControls } from '../../app/url/hooks.ts'
import { searchString } from '../../app/url/params.ts'
import { telemetryParamsOnly } from '../../app/url/timeRange.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { TimeControls } from '../../components/TimeControls.tsx'
import { EntityFilterBar } from './EntityFilterBar.tsx'
import { EntityTable } from './EntityTable.tsx'
import { countByHealth, filterEntities, sortEntities } from './rows.ts'

/** Applications, workloads or services of the selected namespaces, with their health. */
export function EntityListPage({ kind }: { kind: EntityKind }) {
  const info = ENTITIES[kind]
  const noun = info.plural.toLowerCase()
  const [selected] = useSelectedNamespaces()
  const [filters, setFilters] = useEntityFilters()
  const [time, setTime] = useTimeControls()
  const location = useLocation()
  // None selected means all: the lists are per namespace, so all means every one the mesh knows.
  const allNamespaces = useNamespacesQuery()
  const namespaces = selected.length ? selected : (allNamespaces.data ?? []).map((n) => n.name)
  const result = useEntitiesQuery(kind, namespaces, time.refresh)

  const allRows = sortEntities(result.entities)
  const rows = filterEntities(allRows, filters)
  const counts = countByHealth(allRows)
  const linkSearch = searchString(telemetryParamsOnly(new URLSearchParams(location.search)))
  const scope = selected.length ? selected.join(', ') : 'all namespaces'
  const waitingForNamespaces = !selected.length && allNamespaces.isPending
  const loaded = !waitingForNamespaces && !result.isPending

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>{info.plural}</h1>
          <p className="muted" aria-live="polite" data-testid="list-summary">
            {loaded &&
              `${allRows.length} ${noun} in ${scope}` +
                (counts.Failure ? ` · ${counts.Failure} failing` : '') +
                (counts.Degraded ? ` · ${counts.Degraded} degraded` : '') +
                (hasActiveEntityFilters(filters) ? ` · ${rows.length} shown` : '')}
          </p>
        </div>
        <TimeControls value={time} onChange={setTime} showDuration={false} />
      </header>
      <EntityFilterBar noun={noun} filters={filters} onChange={setFilters} />
      {result.failures.map((f) => (
        <ErrorBanner
          key={f.namespace}
          title={`${info.plural} of namespace ${f.namespace} could not be loaded`}
          error={f.error}
          onRetry={result.refetch}
        />
      ))}
      {!selected.length && allNamespaces.isError ? (
        <ErrorBanner title="Namespaces could not be loaded" error={allNamespaces.error} onRetry={() => void allNamespaces.refetch()} />
      ) : !loaded ? (
        <Loading label={`Loading ${noun}…`} />
      ) : allRows.length === 0 ? (
        result.failures.length === namespaces.length && namespaces.length > 0 ? null : (
          <EmptyState title={`No ${noun} in ${scope}`}>
            <p>{EMPTY_HINT[kind]}</p>
          </EmptyState>
        )
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${noun} match the filters`}>
          <p>
            {allRows.length} {noun} are hidden by the filters above.
          </p>
        </EmptyState>
      ) : (
        <EntityTable kind={kind} rows={rows} linkSearch={linkSearch} />
      )}
    </div>
  )
}

const EMPTY_HINT: Record<EntityKind, string> = {
  app: 'An application is the workloads that share an app label; add WorkloadEntries (or connect proxies) labelled app=<name>.',
  workload: 'Workloads are WorkloadEntries in the config store and proxies connected to the control plane.',
  service: 'Services are the Service and ServiceEntry objects in the config store.',
}
