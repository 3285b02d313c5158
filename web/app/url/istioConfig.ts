// The Istio Config list's view state in the URL: `?kind=VirtualService,Gateway&name=rev&validation=error&sort=kind&order=desc`.
import { ISTIO_KINDS } from '../../../shared/kinds.ts'
import { parseList, withParam } from './params.ts'

export const VALIDATION_FILTERS = ['valid', 'warning', 'error'] as const
export type ValidationFilter = (typeof VALIDATION_FILTERS)[number]

export const SORT_FIELDS = ['name', 'namespace', 'kind', 'validation'] as const
export type SortField = (typeof SORT_FIELDS)[number]

export interface IstioConfigFilters {
  /** Kind names (VirtualService); empty means every kind. */
  kinds: string[]
  /** Case-insensitive substring of the name. */
  name: string
  /** Empty means any state. */
  validation: ValidationFilter[]
  sort: SortField
  desc: boolean
}

export const DEFAULT_FILTERS: IstioConfigFilters = { kinds: [], name: '', validation: [], sort: 'name', desc: false }

const KIND_NAMES: readonly string[] = ISTIO_KINDS.map((k) => k.kind)

function isOneOf<T extends string>(values: readonly T[], v: string): v is T {
  return (values as readonly string[]).includes(v)
}

/** Unknown values are dropped rather than failing: an old bookmark still opens. */
export function parseIstioConfigFilters(params: URLSearchParams): IstioConfigFilters {
  const sort = params.get('sort') ?? ''
  return {
    kinds: parseList(params.get('kind')).filter((k) => KIND_NAMES.includes(k)),
    name: params.get('name')?.trim() ?? '',
    validation: parseList(params.get('validation')).filter((v) => isOneOf(VALIDATION_FILTERS, v)),
    sort: isOneOf(SORT_FIELDS, sort) ? sort : DEFAULT_FILTERS.sort,
    desc: params.get('order') === 'desc',
  }
}

/** Writes the filters over `params`, leaving other params (the namespace selection) alone; defaults are omitted. */
export function writeIstioConfigFilters(params: URLSearchParams, f: IstioConfigFilters): URLSearchParams {
  let next = withParam(params, 'kind', f.kinds)
  next = withParam(next, 'name', f.name.trim())
  next = withParam(next, 'validation', f.validation)
  next = withParam(next, 'sort', f.sort === DEFAULT_FILTERS.sort ? undefined : f.sort)
  next = withParam(next, 'order', f.desc ? 'desc' : undefined)
  return next
}

export function hasActiveFilters(f: IstioConfigFilters): boolean {
  return f.kinds.length > 0 || f.name !== '' || f.validation.length > 0
}
