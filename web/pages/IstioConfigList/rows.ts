// The list's rows: objects joined with their validations, then filtered and sorted. Pure.
import type { IstioConfigList } from '../../../shared/api.ts'
import { groupOf, versionOf } from '../../../shared/k8s.ts'
import type { IstioValidation } from '../../../shared/validation.ts'
import type { ConfigRef } from '../../api/paths.ts'
import type { IstioConfigFilters, SortField } from '../../app/url/istioConfig.ts'
import { validationState, type ValidationState } from '../../components/validationState.ts'

export interface ConfigRow {
  /** Unique per object: group/Kind/namespace/name. */
  key: string
  ref: ConfigRef
  validation: IstioValidation | undefined
  state: ValidationState
}

function validationKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`
}

export function buildRows(list: IstioConfigList): ConfigRow[] {
  const byObject = new Map<string, IstioValidation>()
  for (const v of list.validations) {
    byObject.set(validationKey(v.objectGVK.group, v.objectGVK.kind, v.namespace, v.name), v)
  }
  return list.items.map((obj) => {
    const ref: ConfigRef = {
      group: groupOf(obj.apiVersion),
      version: versionOf(obj.apiVersion),
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name,
    }
    const key = validationKey(ref.group, ref.kind, ref.namespace, ref.name)
    const validation = byObject.get(key)
    return { key, ref, validation, state: validationState(validation) }
  })
}

export function filterRows(rows: readonly ConfigRow[], f: IstioConfigFilters): ConfigRow[] {
  const needle = f.name.toLowerCase()
  return rows.filter(
    (r) =>
      (f.kinds.length === 0 || f.kinds.includes(r.ref.kind)) &&
      (needle === '' || r.ref.name.toLowerCase().includes(needle)) &&
      (f.validation.length === 0 || (r.state !== 'unknown' && f.validation.includes(r.state))),
  )
}

/** Worst first when sorting by validation. */
const STATE_RANK: Record<ValidationState, number> = { error: 0, warning: 1, valid: 2, unknown: 3 }

const compareText = (a: string, b: string) => a.localeCompare(b)

function compareBy(field: SortField, a: ConfigRow, b: ConfigRow): number {
  switch (field) {
    case 'name':
      return compareText(a.ref.name, b.ref.name)
    case 'namespace':
      return compareText(a.ref.namespace, b.ref.namespace)
    case 'kind':
      return compareText(a.ref.kind, b.ref.kind)
    case 'validation':
      return STATE_RANK[a.state] - STATE_RANK[b.state]
  }
}

/** Sorts by the field, then by namespace, kind and name so the order is stable across refreshes. */
export function sortRows(rows: readonly ConfigRow[], field: SortField, desc: boolean): ConfigRow[] {
  const sign = desc ? -1 : 1
  return [...rows].sort(
    (a, b) =>
      sign * compareBy(field, a, b) ||
      compareText(a.ref.namespace, b.ref.namespace) ||
      compareText(a.ref.kind, b.ref.kind) ||
      compareText(a.ref.name, b.ref.name),
  )
}

export interface RowCounts {
  total: number
  errors: number
  warnings: number
}

export function countRows(rows: readonly ConfigRow[]): RowCounts {
  return {
    total: rows.length,
    errors: rows.filter((r) => r.state === 'error').length,
    warnings: rows.filter((r) => r.state === 'warning').length,
  }
}
