import { HEALTH_STATUSES, hasActiveEntityFilters, type EntityFilters } from '../../app/url/entities.ts'
import { HEALTH_CLASS, HEALTH_GLYPH, HEALTH_MEANING, HEALTH_SHORT } from '../../components/health.ts'
import type { HealthStatus } from '../../../shared/telemetry.ts'
import { SearchInput } from '../../components/SearchInput.tsx'

interface Props {
  /** "applications", "workloads", "services". */
  noun: string
  filters: EntityFilters
  onChange: (patch: Partial<EntityFilters>) => void
}

export function EntityFilterBar({ noun, filters, onChange }: Props) {
  const toggle = (s: HealthStatus) =>
    onChange({ health: filters.health.includes(s) ? filters.health.filter((x) => x !== s) : [...filters.health, s] })
  return (
    <div className="toolbar" role="search" aria-label={`Filter ${noun}`}>
      <SearchInput label="Filter by name" testId="name-filter" value={filters.name} onChange={(name) => onChange({ name })} />
      <div className="segmented" role="group" aria-label="Health">
        {HEALTH_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn segmented-item health-filter-${HEALTH_CLASS[s]}`}
            aria-pressed={filters.health.includes(s)}
            onClick={() => toggle(s)}
            title={HEALTH_MEANING[s]}
            data-testid={`health-filter-${s}`}
          >
            <span aria-hidden="true">{HEALTH_GLYPH[s]}</span> {HEALTH_SHORT[s]}
          </button>
        ))}
      </div>
      {hasActiveEntityFilters(filters) && (
        <button type="button" className="btn btn-link" onClick={() => onChange({ name: '', health: [] })}>
          Clear filters
        </button>
      )}
    </div>
  )
}
