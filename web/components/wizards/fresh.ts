// After a 409 the wizard rebuilds its edit on the objects as the server has them now: the loaded
// input with each refetched object swapped in (or dropped when it is gone). Pure.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { PlannedWrite } from '../../../shared/routing/change.ts'
import { routingContext, type RoutingContext, type RoutingInput } from '../../../shared/routing/context.ts'
import { rebaseWrite } from '../../../shared/routing/rebase.ts'

/** Refetched objects by `Kind/namespace/name`; null: it no longer exists. Objects not refetched are absent. */
export type CurrentObjects = ReadonlyMap<string, ConfigObject | null>

export function objectKey(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace}/${o.name}`
}

function keyOf(o: ConfigObject): string {
  return objectKey({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name })
}

function swap(list: readonly ConfigObject[], kind: string, current: CurrentObjects): ConfigObject[] {
  const out = list.flatMap((o) => {
    const k = keyOf(o)
    if (!current.has(k)) return [o]
    const now = current.get(k)
    return now ? [now] : []
  })
  for (const [k, o] of current) if (o && o.kind === kind && !list.some((x) => keyOf(x) === k)) out.push(o)
  return out
}

export function freshInput(input: RoutingInput, current: CurrentObjects): RoutingInput {
  return {
    ...input,
    virtualServices: swap(input.virtualServices, 'VirtualService', current),
    destinationRules: swap(input.destinationRules, 'DestinationRule', current),
  }
}

export function freshContext(input: RoutingInput, current: CurrentObjects): RoutingContext {
  return routingContext(freshInput(input, current))
}

/** The generic reapply: each write merged onto the object as it is now (see shared/routing/merge.ts). */
export function mergeOnto(plan: readonly PlannedWrite[], current: CurrentObjects): { plan: PlannedWrite[]; conflicts: string[] } {
  const out: PlannedWrite[] = []
  const conflicts: string[] = []
  for (const w of plan) {
    const k = objectKey(w)
    if (!current.has(k)) {
      out.push(w)
      continue
    }
    const r = rebaseWrite(w, current.get(k) ?? undefined)
    if (r.write) out.push(r.write)
    conflicts.push(...r.conflicts.map((c) => `${w.kind} ${w.name}: ${c}`))
  }
  return { plan: out, conflicts }
}
