import { Link, useLocation } from 'react-router-dom'
import { EmptyState } from '../../components/EmptyState.tsx'

export function NotFoundPage() {
  const location = useLocation()
  return (
    <div className="page">
      <EmptyState title="Page not found" actions={<Link className="btn" to="/overview">Go to the overview</Link>}>
        <p>
          Nothing lives at <code>{location.pathname}</code>. The link may be from an older version of Trellis.
        </p>
      </EmptyState>
    </div>
  )
}
