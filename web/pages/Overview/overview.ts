// The overview's cards: the selected namespaces (all when none is), by name. Pure.
import type { NamespaceOverview } from '../../../shared/telemetry.ts'

export function selectCards(list: readonly NamespaceOverview[], selected: readonly string[]): NamespaceOverview[] {
  return list.filter((o) => selected.length === 0 || selected.includes(o.namespace)).sort((a, b) => a.namespace.localeCompare(b.namespace))
}
