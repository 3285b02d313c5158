// What each server-sent event makes stale. Pure, so the mapping is tested without a browser.
import type { QueryKey } from '@tanstack/react-query'
import type { ConfigEvent, ValidationsEvent } from '../../shared/api.ts'
import type { PushProgress } from '../../shared/xds.ts'
import { queryKeys } from './queryKeys.ts'

export type LiveEvent =
  | { type: 'config'; data: ConfigEvent }
  | { type: 'validations'; data: ValidationsEvent }
  /** A proxy connected, disconnected, ACKed or NACKed (the server throttles these). */
  | { type: 'proxies' }
  | { type: 'xds-push'; data: PushProgress }

export function invalidationsFor(event: LiveEvent): QueryKey[] {
  if (event.type === 'validations') {
    // Validations ride along in lists and details; dry runs depend on the rest of the mesh too.
    return [queryKeys.istioConfigAll(), queryKeys.validationsAll(), queryKeys.detailsAll(), queryKeys.dryRunAll()]
  }
  if (event.type === 'proxies') {
    // An ACK changes a proxy's status and its acked versions; a disconnect ends its config dump.
    return [queryKeys.proxyListAll(), queryKeys.proxyConfigAll()]
  }
  if (event.type === 'xds-push') {
    // A push sends new versions (status goes STALE until the ACK) and new resources to dump.
    return [queryKeys.proxiesAll()]
  }
  const { data } = event
  const keys: QueryKey[] = [queryKeys.istioConfigAll(), queryKeys.detailsOf(data)]
  if (data.kind === 'Namespace' && data.group === '') keys.push(queryKeys.namespaces())
  return keys
}

/**
 * Collapses a burst of keys into the fewest invalidations: a key is dropped when another key in
 * the set is its prefix (invalidating ['istio','config'] already covers every list variant).
 */
export function collapseKeys(keys: readonly QueryKey[]): QueryKey[] {
  const unique = new Map<string, QueryKey>()
  for (const k of keys) unique.set(JSON.stringify(k), k)
  const all = [...unique.values()]
  return all.filter((k) => !all.some((other) => other !== k && other.length < k.length && isPrefix(other, k)))
}

function isPrefix(prefix: QueryKey, key: QueryKey): boolean {
  return prefix.every((part, i) => JSON.stringify(part) === JSON.stringify(key[i]))
}
