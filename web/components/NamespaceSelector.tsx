import { useNamespacesQuery } from '../api/useNamespacesQuery.ts'
import { useSelectedNamespaces } from '../app/url/hooks.ts'
import { MultiSelectMenu } from './MultiSelectMenu.tsx'

function summary(selected: readonly string[]): string {
  if (selected.length === 0) return 'All'
  if (selected.length <= 2) return selected.join(', ')
  return `${selected.length} selected`
}

/** The namespace selection lives in `?namespaces=`; none selected means all namespaces. */
export function NamespaceSelector() {
  const [selected, setSelected] = useSelectedNamespaces()
  const query = useNamespacesQuery()
  const names = (query.data ?? []).map((n) => n.name)
  // A selected namespace that no longer exists stays listed so that it can be unselected.
  const options = [...new Set([...names, ...selected])].sort().map((value) => ({ value }))
  return (
    <MultiSelectMenu
      label="Namespaces"
      summary={summary(selected)}
      options={options}
      selected={selected}
      onChange={setSelected}
      testId="namespace-selector"
      clearText="Clear (show all)"
      status={
        query.isPending ? (
          <p className="muted">Loading namespaces…</p>
        ) : query.isError ? (
          <p className="text-error">Namespaces could not be loaded: {query.error.message}</p>
        ) : options.length === 0 ? (
          <p className="muted">No namespaces yet.</p>
        ) : null
      }
    />
  )
}
