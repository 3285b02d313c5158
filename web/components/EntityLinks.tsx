import { Link } from 'react-router-dom'
import { entityPath, type EntityKind } from '../app/url/entities.ts'

interface Props {
  kind: EntityKind
  namespace: string
  names: readonly string[]
  /** Appended to each link (namespace selection, time controls). */
  search: string
  /** What an empty list says. */
  none?: string
}

/** Names of applications, workloads or services in one namespace, each a link to its page. */
export function EntityLinks({ kind, namespace, names, search, none = '—' }: Props) {
  if (names.length === 0) return <span className="muted">{none}</span>
  return (
    <ul className="inline-list">
      {names.map((n) => (
        <li key={n}>
          <Link to={entityPath(kind, namespace, n) + search}>{n}</Link>
        </li>
      ))}
    </ul>
  )
}
