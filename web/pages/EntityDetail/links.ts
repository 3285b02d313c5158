// Links from a service to the routing config that applies to it. Pure.
import { findKind } from '../../../shared/kinds.ts'
import type { ConfigRef } from '../../api/paths.ts'

const NETWORKING = 'networking.istio.io'

/**
 * The Istio Config page of a VirtualService or DestinationRule named in a ServiceSummary: a name
 * alone is in the service's namespace; `ns/name` is in another (config exported to this one).
 * The preferred version: the server serves every stored object at each version it accepts.
 */
export function routingRef(kind: 'VirtualService' | 'DestinationRule', serviceNamespace: string, named: string): ConfigRef {
  const slash = named.indexOf('/')
  const namespace = slash < 0 ? serviceNamespace : named.slice(0, slash)
  const name = slash < 0 ? named : named.slice(slash + 1)
  const version = findKind(NETWORKING, kind)?.versions[0] ?? 'v1'
  return { group: NETWORKING, version, kind, namespace, name }
}
