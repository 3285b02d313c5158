import { hasActiveProxyFilters, type ProxyFilters, type SyncFilter } from '../../app/url/proxies.ts'
import { SearchInput } from '../../components/SearchInput.tsx'

interface SyncOption {
  value: SyncFilter | undefined
  label: string
  title: string
  glyph?: string
  className: string
}

const SYNC_OPTIONS: readonly SyncOption[] = [
  { value: undefined, label: 'All', title: 'Every connected proxy', className: 'sync-filter-all' },
  {
    value: 'out-of-sync',
    label: 'Out of sync',
    title: 'Proxies with a type STALE (sent, not ACKed yet) or ERROR (NACKed)',
    glyph: '⟳',
    className: 'sync-filter-stale',
  },
  {
    value: 'error',
    label: 'Errors',
    title: 'Proxies that rejected (NACKed) the latest config sent to them',
    glyph: '✗',
    className: 'sync-filter-error',
  },
]

interface Props {
  filters: ProxyFilters
  onChange: (patch: Partial<ProxyFilters>) => void
}

export function ProxyFilterBar({ filters, onChange }: Props) {
  return (
    <div className="toolbar" role="search" aria-label="Filter proxies">
      <SearchInput
        label="Filter by pod, workload, namespace or address"
        placeholder="Filter by pod, workload or address"
        testId="proxy-filter"
        className="proxy-filter"
        value={filters.text}
        onChange={(text) => onChange({ text })}
      />
      <div className="segmented" role="group" aria-label="Sync status">
        {SYNC_OPTIONS.map((o) => (
          <button
            key={o.label}
            type="button"
            className={`btn segmented-item ${o.className}`}
            aria-pressed={filters.sync === o.value}
            onClick={() => onChange({ sync: o.value })}
            data-testid={`sync-filter-${o.value ?? 'all'}`}
            title={o.title}
          >
            {o.glyph && <span aria-hidden="true">{o.glyph}</span>} {o.label}
          </button>
        ))}
      </div>
      {hasActiveProxyFilters(filters) && (
        <button type="button" className="btn btn-link" onClick={() => onChange({ text: '', sync: undefined })}>
          Clear filters
        </button>
      )}
    </div>
  )
}
