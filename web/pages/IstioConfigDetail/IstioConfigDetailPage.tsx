import { Link, useParams } from 'react-router-dom'
import { describeRef } from '../../../shared/k8s.ts'
import { ApiError } from '../../api/errors.ts'
import type { ConfigRef } from '../../api/paths.ts'
import { useIstioConfigDetailsQuery } from '../../api/useIstioConfigDetailsQuery.ts'
import { refFromParams } from '../../app/url/objects.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { NotFoundPage } from '../NotFound/NotFoundPage.tsx'
import { ConfigEditor } from './ConfigEditor.tsx'
import { DetailHeader } from './DetailHeader.tsx'

export function IstioConfigDetailPage() {
  const configRef = refFromParams(useParams())
  if (!configRef) return <NotFoundPage />
  // A new object is a new editing session: nothing carries over from the previous one.
  const key = `${configRef.namespace}/${configRef.group}/${configRef.version}/${configRef.kind}/${configRef.name}`
  return <ConfigDetail key={key} configRef={configRef} />
}

function ConfigDetail({ configRef }: { configRef: ConfigRef }) {
  const details = useIstioConfigDetailsQuery(configRef)
  const notFound = details.error instanceof ApiError && details.error.isNotFound
  return (
    <div className="page page-detail">
      <DetailHeader configRef={configRef} details={details.data} />
      {details.isPending ? (
        <Loading label={`Loading ${describeRef(configRef)}…`} />
      ) : details.data ? (
        <>
          {notFound && (
            <ErrorBanner title="This object has been deleted">
              <p>It was removed from the config store after you opened it. Saving will fail; copy your text if you need it.</p>
            </ErrorBanner>
          )}
          <ConfigEditor configRef={configRef} details={details.data} />
        </>
      ) : notFound ? (
        <EmptyState title={`${describeRef(configRef)} does not exist`} actions={<Link className="btn" to="/istioconfig">Back to Istio Config</Link>}>
          <p>It may have been deleted or renamed, or the link has a typo.</p>
        </EmptyState>
      ) : (
        <ErrorBanner title={`${describeRef(configRef)} could not be loaded`} error={details.error} onRetry={() => void details.refetch()} />
      )}
    </div>
  )
}
