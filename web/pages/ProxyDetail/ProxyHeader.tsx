import { Link, useLocation } from 'react-router-dom'
import type { ProxyStatus } from '../../../shared/xds.ts'
import { linkKeepingNamespaces, withNamespaces } from '../../app/url/namespaces.ts'
import { searchString } from '../../app/url/params.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { SyncBadge } from '../../components/SyncBadge.tsx'
import { podName, rollupStatus } from '../../components/syncStatus.ts'

interface Props {
  id: string
  proxy: ProxyStatus | undefined
  now: number
}

export function ProxyHeader({ id, proxy, now }: Props) {
  const location = useLocation()
  const search = new URLSearchParams(location.search)
  const pod = podName(id)
  const labels = Object.entries(proxy?.labels ?? {}).sort(([a], [b]) => a.localeCompare(b))
  return (
    <header className="page-header detail-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to={linkKeepingNamespaces('/proxies', search)}>Proxies</Link>
          </li>
          {proxy && (
            <li>
              <Link to={'/proxies' + searchString(withNamespaces(new URLSearchParams(), [proxy.namespace]))}>{proxy.namespace}</Link>
            </li>
          )}
          <li aria-current="page">{pod}</li>
        </ol>
      </nav>
      <div className="detail-title">
        <h1>
          <span className="muted detail-kind">Proxy</span> {pod}
        </h1>
        {proxy && <SyncBadge status={rollupStatus(proxy)} title="The state of its worst xDS type" />}
      </div>
      <dl className="detail-meta">
        <div>
          <dt>Node id</dt>
          <dd>
            <code data-testid="proxy-id">{id}</code>
          </dd>
        </div>
        {proxy && (
          <>
            <div>
              <dt>Workload</dt>
              <dd>{proxy.workload}</dd>
            </div>
            <div>
              <dt>Namespace</dt>
              <dd>{proxy.namespace}</dd>
            </div>
            <div>
              <dt>Address</dt>
              <dd>
                <code>{proxy.address}</code>
              </dd>
            </div>
            <div>
              <dt>Connected</dt>
              <dd>
                <RelativeTime iso={proxy.connectedAt} now={now} />
              </dd>
            </div>
          </>
        )}
      </dl>
      {labels.length > 0 && (
        <ul className="labels" aria-label="Labels">
          {labels.map(([k, v]) => (
            <li key={k} className="code-tag">
              {k}={v}
            </li>
          ))}
        </ul>
      )}
    </header>
  )
}
