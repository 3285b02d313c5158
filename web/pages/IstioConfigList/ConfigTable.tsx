import { Link } from 'react-router-dom'
import type { IstioConfigFilters, SortField } from '../../app/url/istioConfig.ts'
import { detailPath } from '../../app/url/objects.ts'
import { ValidationIcon } from '../../components/ValidationIcon.tsx'
import type { ConfigRow } from './rows.ts'

interface Props {
  rows: readonly ConfigRow[]
  filters: IstioConfigFilters
  onSort: (sort: SortField, desc: boolean) => void
  /** Appended to each object's link, to keep the namespace selection. */
  linkSearch: string
}

const COLUMNS: readonly { field: SortField; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'namespace', label: 'Namespace' },
  { field: 'kind', label: 'Kind' },
  { field: 'validation', label: 'Config' },
]

export function ConfigTable({ rows, filters, onSort, linkSearch }: Props) {
  return (
    <table className="table" data-testid="istio-config-table">
      <caption className="visually-hidden">Istio config objects</caption>
      <thead>
        <tr>
          {COLUMNS.map(({ field, label }) => {
            const active = filters.sort === field
            return (
              <th key={field} scope="col" aria-sort={active ? (filters.desc ? 'descending' : 'ascending') : undefined}>
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => onSort(field, active ? !filters.desc : false)}
                >
                  {label}
                  <span aria-hidden="true" className="sort-indicator">
                    {active ? (filters.desc ? '▼' : '▲') : ''}
                  </span>
                </button>
              </th>
            )
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid="istio-config-row">
            <td>
              <Link to={detailPath(r.ref) + linkSearch}>{r.ref.name}</Link>
            </td>
            <td>{r.ref.namespace}</td>
            <td>
              {r.ref.kind} <span className="muted api-version">{r.ref.group}/{r.ref.version}</span>
            </td>
            <td>
              <ValidationIcon validation={r.validation} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
