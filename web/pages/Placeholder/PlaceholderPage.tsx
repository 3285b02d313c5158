import { Link, useLocation } from 'react-router-dom'
import { EmptyState } from '../../components/EmptyState.tsx'
import { linkKeepingNamespaces } from '../../app/url/namespaces.ts'
import { PLACEHOLDERS, type PlaceholderName } from './placeholders.ts'

export function PlaceholderPage({ name }: { name: PlaceholderName }) {
  const { title, body, arrivesWith } = PLACEHOLDERS[name]
  const location = useLocation()
  return (
    <div className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <EmptyState
        title="Not built yet"
        actions={
          <Link className="btn" to={linkKeepingNamespaces('/istioconfig', new URLSearchParams(location.search))}>
            Go to Istio Config
          </Link>
        }
      >
        <p>{body}</p>
        <p className="muted">This page arrives with {arrivesWith}.</p>
      </EmptyState>
    </div>
  )
}
