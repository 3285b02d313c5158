import { useState } from 'react'
import { Link, useLocation, useParams } from 'react-router-dom'
import type { ProxyStatus } from '../../../shared/xds.ts'
import { ApiError } from '../../api/errors.ts'
import { useProxiesQuery } from '../../api/useProxiesQuery.ts'
import { useProxyConfigQuery } from '../../api/useProxyConfigQuery.ts'
import { linkKeepingNamespaces } from '../../app/url/namespaces.ts'
import { useNow } from '../../app/useNow.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { activeNacks, podName } from '../../components/syncStatus.ts'
import { NotFoundPage } from '../NotFound/NotFoundPage.tsx'
import { ConfigDumpView } from './ConfigDumpView.tsx'
import { NackBanner } from './NackBanner.tsx'
import { ProxyHeader } from './ProxyHeader.tsx'
import { TypeStatusTable } from './TypeStatusTable.tsx'

export function ProxyDetailPage() {
  const { id } = useParams()
  if (!id) return <NotFoundPage />
  // Another proxy is another page: nothing (the last status seen) carries over.
  return <ProxyDetail key={id} id={id} />
}

function ProxyDetail({ id }: { id: string }) {
  const location = useLocation()
  const now = useNow()
  // All namespaces: the proxy is found whatever the selection, and the list's cache is shared.
  const proxies = useProxiesQuery([])
  const config = useProxyConfigQuery(id)
  const current = proxies.data?.find((p) => p.id === id)

  // Kept once it leaves the list, so a proxy that disconnects while watched still shows what it had.
  const [lastSeen, setLastSeen] = useState<ProxyStatus | undefined>(current)
  if (current && current !== lastSeen) setLastSeen(current)
  const proxy = current ?? lastSeen

  const backToList = (
    <Link className="btn" to={linkKeepingNamespaces('/proxies', new URLSearchParams(location.search))}>
      Back to Proxies
    </Link>
  )
  const gone = proxies.isSuccess && !current
  const configGone = config.error instanceof ApiError && config.error.isNotFound

  return (
    <div className="page">
      <ProxyHeader id={id} proxy={proxy} now={now} />
      {proxies.isPending ? (
        <Loading label={`Loading proxy ${podName(id)}…`} />
      ) : proxies.isError && !proxy ? (
        <ErrorBanner title="Proxies could not be loaded" error={proxies.error} onRetry={() => void proxies.refetch()} />
      ) : !proxy ? (
        <EmptyState title={`Proxy ${podName(id)} is not connected`} actions={backToList}>
          <p>
            No proxy with the node id <code>{id}</code> is connected to the control plane. It may have disconnected, or it
            reconnected under another id (a restarted pod gets a new name).
          </p>
        </EmptyState>
      ) : (
        <>
          {gone && (
            <ErrorBanner title="This proxy disconnected">
              <p>Its ADS stream ended after you opened this page. Below is what it had when it left.</p>
            </ErrorBanner>
          )}
          {activeNacks(proxy).map((n) => (
            <NackBanner key={n.type} nack={n} ackedVersion={proxy.types[n.type]?.ackedVersion} now={now} />
          ))}
          <TypeStatusTable proxy={proxy} now={now} />
          {config.isPending ? (
            <Loading label="Loading the config sent to this proxy…" />
          ) : config.data ? (
            <ConfigDumpView dump={config.data} />
          ) : configGone ? null : (
            <ErrorBanner title="The proxy's config could not be loaded" error={config.error} onRetry={() => void config.refetch()} />
          )}
        </>
      )}
    </div>
  )
}
