import { ISTIO_KINDS } from '../../../shared/kinds.ts'
import {
  DEFAULT_FILTERS,
  hasActiveFilters,
  VALIDATION_FILTERS,
  type IstioConfigFilters,
  type ValidationFilter,
} from '../../app/url/istioConfig.ts'
import { MultiSelectMenu } from '../../components/MultiSelectMenu.tsx'
import { STATE_GLYPH } from '../../components/validationState.ts'
import { SearchInput } from '../../components/SearchInput.tsx'

const KIND_OPTIONS = ISTIO_KINDS.map((k) => ({ value: k.kind }))

const VALIDATION_LABEL: Record<ValidationFilter, string> = { valid: 'Valid', warning: 'Warning', error: 'Error' }

interface Props {
  filters: IstioConfigFilters
  onChange: (patch: Partial<IstioConfigFilters>) => void
}

function kindSummary(kinds: readonly string[]): string {
  if (kinds.length === 0) return 'All'
  if (kinds.length === 1) return kinds[0]
  return `${kinds.length} kinds`
}

export function ConfigFilters({ filters, onChange }: Props) {
  const toggleValidation = (v: ValidationFilter) =>
    onChange({
      validation: filters.validation.includes(v) ? filters.validation.filter((x) => x !== v) : [...filters.validation, v],
    })
  return (
    <div className="toolbar" role="search" aria-label="Filter Istio config">
      <MultiSelectMenu
        label="Kinds"
        summary={kindSummary(filters.kinds)}
        options={KIND_OPTIONS}
        selected={filters.kinds}
        onChange={(kinds) => onChange({ kinds })}
        testId="kind-filter"
        filterAbove={Infinity}
        clearText="Clear (all kinds)"
      />
      <SearchInput label="Filter by name" testId="name-filter" value={filters.name} onChange={(name) => onChange({ name })} />
      <div className="segmented" role="group" aria-label="Validation">
        {VALIDATION_FILTERS.map((v) => (
          <button
            key={v}
            type="button"
            className={`btn segmented-item validation-${v}`}
            aria-pressed={filters.validation.includes(v)}
            onClick={() => toggleValidation(v)}
            data-testid={`validation-filter-${v}`}
          >
            <span aria-hidden="true">{STATE_GLYPH[v]}</span> {VALIDATION_LABEL[v]}
          </button>
        ))}
      </div>
      {hasActiveFilters(filters) && (
        <button
          type="button"
          className="btn btn-link"
          onClick={() => onChange({ kinds: DEFAULT_FILTERS.kinds, name: '', validation: [] })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
