// The dry run's push preview, compactly: for each xDS resource that would change, the leaf fields
// that differ (`route.weightedClusters.clusters[1].weight: 0 → 50`) rather than two JSON dumps. Pure.
import type { PushPreview } from '../../../shared/xds.ts'

export interface FieldChange {
  path: string
  before?: string
  after?: string
}

type Leaves = Map<string, string>

function flatten(v: unknown, path: string, out: Leaves): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(path, '[]')
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, out))
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
    if (entries.length === 0) out.set(path, '{}')
    for (const [k, x] of entries) flatten(x, path ? `${path}.${k}` : k, out)
  } else if (v !== undefined) {
    out.set(path, JSON.stringify(v))
  }
}

/** The leaf fields that differ between two decoded resources, in the order they appear. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b: Leaves = new Map()
  const a: Leaves = new Map()
  flatten(before, '', b)
  flatten(after, '', a)
  const out: FieldChange[] = []
  const paths = [...new Set([...a.keys(), ...b.keys()])]
  for (const p of paths) {
    const x = b.get(p)
    const y = a.get(p)
    if (x === y) continue
    out.push({ path: p || '(value)', ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) })
  }
  return out
}

export interface ResourceChangeView {
  key: string
  type: string
  name: string
  change: 'added' | 'removed' | 'changed'
  proxies: number
  fields: FieldChange[]
  /** Fields left out of `fields` to keep the view short. */
  more: number
}

export function resourceChanges(preview: PushPreview, maxFields = 12): ResourceChangeView[] {
  return preview.resources.map((r, i) => {
    const all = fieldChanges(r.before, r.after)
    return {
      key: `${r.type}|${r.name}|${i}`,
      type: r.type,
      name: r.name,
      change: r.change,
      proxies: r.proxies,
      fields: all.slice(0, maxFields),
      more: Math.max(0, all.length - maxFields),
    }
  })
}
