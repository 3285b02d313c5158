import { useMemo } from 'react'
import { useLocation } from 'react-router-dom'
import { useProxiesQuery } from '../../api/useProxiesQuery.ts'
import { useProxyFilters, useSelectedNamespaces } from '../../app/url/hooks.ts'
import { namespacesOnly } from '../../app/url/namespaces.ts'
import { searchString } from '../../app/url/params.ts'
import { hasActiveProxyFilters } from '../../app/url/proxies.ts'
import { useNow } from '../../app/useNow.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { ProxyFilterBar } from './ProxyFilterBar.tsx'
import { ProxyTable } from './ProxyTable.tsx'
import { PushesPanel } from './PushesPanel.tsx'
import { buildProxyRows, countProxies, filterProxyRows } from './rows.ts'

/** Like `istioctl proxy-status`, live: every proxy connected to the control plane and its sync state per xDS type. */
export function ProxiesListPage() {
  const [namespaces] = useSelectedNamespaces()
  const [filters, setFilters] = useProxyFilters()
  const location = useLocation()
  const now = useNow()
  const proxies = useProxiesQuery(namespaces)

  const allRows = useMemo(() => (proxies.data ? buildProxyRows(proxies.data) : []), [proxies.data])
  const rows = useMemo(() => filterProxyRows(allRows, filters), [allRows, filters])
  const counts = countProxies(allRows)
  const linkSearch = searchString(namespacesOnly(new URLSearchParams(location.search)))
  const scope = namespaces.length ? namespaces.join(', ') : 'all namespaces'

  return (
    <div className="page">
      <header className="page-header">
        <h1>Proxies</h1>
        <p className="muted" aria-live="polite" data-testid="list-summary">
          {proxies.isSuccess &&
            `${counts.total === 1 ? '1 proxy' : `${counts.total} proxies`} connected in ${scope}` +
              (counts.outOfSync ? ` · ${counts.outOfSync} out of sync` : '') +
              (counts.errors ? ` · ${counts.errors} with errors` : '') +
              (hasActiveProxyFilters(filters) ? ` · ${rows.length} shown` : '')}
        </p>
      </header>
      <ProxyFilterBar filters={filters} onChange={setFilters} />
      <div className="proxies-layout">
        <div className="proxies-main">
          {proxies.isPending ? (
            <Loading label="Loading proxies…" />
          ) : proxies.isError ? (
            <ErrorBanner title="Proxies could not be loaded" error={proxies.error} onRetry={() => void proxies.refetch()} />
          ) : allRows.length === 0 ? (
            <NoProxies scope={scope} />
          ) : rows.length === 0 ? (
            <EmptyState title="No proxies match the filters">
              <p>{allRows.length === 1 ? '1 proxy is' : `${allRows.length} proxies are`} hidden by the filters above.</p>
            </EmptyState>
          ) : (
            <ProxyTable rows={rows} now={now} linkSearch={linkSearch} />
          )}
        </div>
        <PushesPanel now={now} linkSearch={linkSearch} />
      </div>
    </div>
  )
}

/** How a proxy gets here, for the first visit. */
function NoProxies({ scope }: { scope: string }) {
  const adsAddress = `${window.location.hostname || '127.0.0.1'}:15010`
  const bootstrap = `{
  "xds_servers": [{
    "server_uri": "${adsAddress}",
    "channel_creds": [{ "type": "insecure" }],
    "server_features": ["xds_v3"]
  }]
}`
  return (
    <EmptyState title={`No proxies connected in ${scope}`}>
      <div className="empty-state-guide" data-testid="no-proxies">
        <p>
          A proxy appears here as soon as it opens an ADS stream to the control plane, and leaves when the stream ends.
        </p>
        <p>
          To connect a proxyless gRPC workload, point its xDS bootstrap (the file named by <code>GRPC_XDS_BOOTSTRAP</code>) at the
          control plane's ADS port, <strong>15010</strong> unless Trellis was started with another <code>--xds-port</code>:
        </p>
        <pre className="snippet">{bootstrap}</pre>
        <p>
          Workloads built on Trellis's workload library get this bootstrap from <code>makeBootstrap</code>, node id and
          metadata included.
        </p>
        <p>
          Its node id names the pod as Istio does, <code>sidecar~IP~pod.namespace~namespace.svc.cluster.local</code>, with{' '}
          <code>NAMESPACE</code> and <code>LABELS</code> in the node metadata.
        </p>
        <p>
          On the command line, <code>npx trellis proxy-status</code> lists the same proxies.
        </p>
      </div>
    </EmptyState>
  )
}
