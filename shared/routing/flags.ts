// What the proxyless gRPC data plane cannot honour in the objects a wizard is about to write: the
// control plane's own findings (grpc-compat.ts), marked new when the edit introduces them, so
// nothing the wizard writes is silently approximated or ignored. Pure.
import type { ConfigObject } from '../k8s.ts'
import { formatPath } from '../validation.ts'
import type { ObjectChange, PlannedWrite, RoutingChange } from './change.ts'
import { GRPC_COMPAT_SEVERITY, grpcCompatFindings, type GrpcCompatId } from './grpc-compat.ts'

export interface RoutingFlag {
  /** "VirtualService bookinfo/reviews" */
  object: string
  id: GrpcCompatId
  severity: 'warning' | 'info'
  /** Kiali's path form: spec/http[0]/fault/delay */
  path: string
  message: string
  /** The edit brings it in (it was not there before). */
  introduced: boolean
}

function flagsOf(o: ConfigObject | undefined): Map<string, { id: GrpcCompatId; path: string; detail: string }> {
  const out = new Map<string, { id: GrpcCompatId; path: string; detail: string }>()
  if (!o) return out
  for (const f of grpcCompatFindings(o)) {
    const path = formatPath(f.path)
    // Path-independent key: an earlier route removed shifts indexes, not problems.
    out.set(`${f.id}|${path}|${f.detail}`, { id: f.id, path, detail: f.detail })
  }
  return out
}

function withoutIndexes(key: string): string {
  return key.replace(/\[\d+\]/g, '[]')
}

function changeFlags(c: ObjectChange | undefined): RoutingFlag[] {
  const after = c?.after
  if (!after) return []
  const before = new Set([...flagsOf(c.before).keys()].map(withoutIndexes))
  return [...flagsOf(after)].map(([key, f]) => ({
    object: `${after.kind} ${after.metadata.namespace ?? ''}/${after.metadata.name}`,
    id: f.id,
    severity: GRPC_COMPAT_SEVERITY[f.id],
    path: f.path,
    message: f.detail,
    introduced: !before.has(withoutIndexes(key)),
  }))
}

export function routingFlags(change: RoutingChange): RoutingFlag[] {
  return [...changeFlags(change.destinationRule), ...changeFlags(change.virtualService)]
}

/** The flags of the objects a plan writes, write by write. */
export function planFlags(writes: readonly PlannedWrite[]): RoutingFlag[] {
  return writes.flatMap((w) => changeFlags(w))
}
