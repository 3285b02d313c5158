import { Link, useLocation } from 'react-router-dom'
import type { IstioConfigDetails } from '../../../shared/api.ts'
import type { ConfigRef } from '../../api/paths.ts'
import { linkKeepingNamespaces, namespacesOnly, withNamespaces } from '../../app/url/namespaces.ts'
import { searchString, withParam } from '../../app/url/params.ts'
import { ValidationIcon } from '../../components/ValidationIcon.tsx'

interface Props {
  configRef: ConfigRef
  details: IstioConfigDetails | undefined
}

export function DetailHeader({ configRef, details }: Props) {
  const location = useLocation()
  const search = new URLSearchParams(location.search)
  const listOf = (kind: string) => '/istioconfig' + searchString(withParam(namespacesOnly(search), 'kind', kind))
  const version = details?.resource.metadata.resourceVersion
  return (
    <header className="page-header detail-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to={linkKeepingNamespaces('/istioconfig', search)}>Istio Config</Link>
          </li>
          <li>
            <Link to={'/istioconfig' + searchString(withNamespaces(new URLSearchParams(), [configRef.namespace]))}>{configRef.namespace}</Link>
          </li>
          <li>
            <Link to={listOf(configRef.kind)}>{configRef.kind}</Link>
          </li>
          <li aria-current="page">{configRef.name}</li>
        </ol>
      </nav>
      <div className="detail-title">
        <h1>
          <span className="muted detail-kind">{configRef.kind}</span> {configRef.name}
        </h1>
        {details && (
          <span className="detail-validation" title="Validation of the object as stored; the checks beside the editor follow your edits">
            <span className="muted">As stored:</span> <ValidationIcon validation={details.validation} withText />
          </span>
        )}
      </div>
      {details && (
        <dl className="detail-meta">
          <div>
            <dt>Namespace</dt>
            <dd>{configRef.namespace}</dd>
          </div>
          <div>
            <dt>API version</dt>
            <dd>{details.resource.apiVersion}</dd>
          </div>
          {version && (
            <div>
              <dt>resourceVersion</dt>
              <dd data-testid="resource-version">{version}</dd>
            </div>
          )}
          {details.source && (
            <div>
              <dt>File</dt>
              <dd>
                <code>{details.source.file}</code>
              </dd>
            </div>
          )}
        </dl>
      )}
    </header>
  )
}
