import { useMemo } from 'react'
import { useLocation } from 'react-router-dom'
import { useIstioConfigQuery } from '../../api/useIstioConfigQuery.ts'
import { useValidationsQuery } from '../../api/useValidationsQuery.ts'
import { hasActiveFilters } from '../../app/url/istioConfig.ts'
import { useIstioConfigFilters, useSelectedNamespaces } from '../../app/url/hooks.ts'
import { namespacesOnly } from '../../app/url/namespaces.ts'
import { searchString } from '../../app/url/params.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { ConfigFilters } from './ConfigFilters.tsx'
import { ConfigTable } from './ConfigTable.tsx'
import { buildRows, countRows, filterRows, sortRows } from './rows.ts'
import { SourceErrorsBanner } from './SourceErrorsBanner.tsx'

export function IstioConfigListPage() {
  const [namespaces] = useSelectedNamespaces()
  const [filters, setFilters] = useIstioConfigFilters()
  const location = useLocation()
  const config = useIstioConfigQuery(namespaces)
  const validations = useValidationsQuery(namespaces)

  const allRows = useMemo(() => (config.data ? buildRows(config.data) : []), [config.data])
  const rows = useMemo(
    () => sortRows(filterRows(allRows, filters), filters.sort, filters.desc),
    [allRows, filters],
  )
  const counts = countRows(allRows)
  const linkSearch = searchString(namespacesOnly(new URLSearchParams(location.search)))
  const scope = namespaces.length ? namespaces.join(', ') : 'all namespaces'

  return (
    <div className="page">
      <header className="page-header">
        <h1>Istio Config</h1>
        <p className="muted" aria-live="polite" data-testid="list-summary">
          {config.isSuccess &&
            `${counts.total} objects in ${scope}` +
              (counts.errors ? ` · ${counts.errors} with errors` : '') +
              (counts.warnings ? ` · ${counts.warnings} with warnings` : '') +
              (hasActiveFilters(filters) ? ` · ${rows.length} shown` : '')}
        </p>
      </header>
      <SourceErrorsBanner errors={validations.data?.sourceErrors ?? []} />
      {validations.isError && (
        <ErrorBanner title="Validation details could not be loaded" error={validations.error} onRetry={() => void validations.refetch()} />
      )}
      <ConfigFilters filters={filters} onChange={setFilters} />
      {config.isPending ? (
        <Loading label="Loading Istio config…" />
      ) : config.isError ? (
        <ErrorBanner title="Istio config could not be loaded" error={config.error} onRetry={() => void config.refetch()} />
      ) : allRows.length === 0 ? (
        <EmptyState title="No Istio config">
          <p>There are no Istio objects in {scope}. Objects appear here as soon as they are added to the config store.</p>
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No objects match the filters">
          <p>{allRows.length} objects are hidden by the filters above.</p>
        </EmptyState>
      ) : (
        <ConfigTable
          rows={rows}
          filters={filters}
          onSort={(sort, desc) => setFilters({ sort, desc })}
          linkSearch={linkSearch}
        />
      )}
    </div>
  )
}
