// A plan's dry runs are made write by write, each against the config as it is now: the
// VirtualService's run does not see the subsets the same plan adds to the DestinationRule, so the
// analyzer's "subset not found" for exactly those is not a problem of the plan. Pure.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { PlannedWrite } from '../../../shared/routing/change.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { parsePath } from '../../../shared/validation.ts'

/** Kiali's code for a route naming a subset no DestinationRule defines. */
export const SUBSET_NOT_FOUND = 'KIA1107'

function subsetsOf(o: ConfigObject | undefined): Set<string> {
  const list = (o?.spec?.subsets as { name?: string }[] | undefined) ?? []
  return new Set(list.map((s) => s.name ?? ''))
}

/** Subsets the plan's DestinationRule writes add. */
export function addedSubsets(writes: readonly PlannedWrite[]): Set<string> {
  const out = new Set<string>()
  for (const w of writes) {
    if (w.kind !== 'DestinationRule' || !w.after) continue
    const before = subsetsOf(w.before)
    for (const s of subsetsOf(w.after)) if (!before.has(s)) out.add(s)
  }
  return out
}

function valueAt(o: unknown, path: readonly (string | number)[]): unknown {
  let cur = o
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[seg]
  }
  return cur
}

/** The checks of one write's dry run, without the subset-not-found ones the plan itself resolves. */
export function planChecks(write: PlannedWrite, checks: readonly IstioCheck[], added: ReadonlySet<string>): { checks: IstioCheck[]; resolved: number } {
  const kept: IstioCheck[] = []
  let resolved = 0
  for (const c of checks) {
    if (c.code === SUBSET_NOT_FOUND && write.after) {
      const subset = valueAt(write.after, parsePath(c.path))
      if (typeof subset === 'string' && added.has(subset)) {
        resolved++
        continue
      }
    }
    kept.push(c)
  }
  return { checks: kept, resolved }
}
