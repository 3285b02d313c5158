// What a wizard produces: the VirtualService and DestinationRule before and after, and the writes
// that get from one to the other, in an order that never routes to a subset that does not exist
// yet. Pure.
import type { ConfigObject } from '../k8s.ts'
import { NETWORKING_API_VERSION, type RoutingContext } from './context.ts'
import { sameJson } from './json.ts'

/** One object's change: no `before` creates it, no `after` deletes it. */
export interface ObjectChange {
  before?: ConfigObject
  after?: ConfigObject
}

export interface RoutingChange {
  virtualService?: ObjectChange
  destinationRule?: ObjectChange
}

export type WriteOp = 'create' | 'update' | 'delete'

export interface PlannedWrite {
  op: WriteOp
  kind: string
  namespace: string
  name: string
  apiVersion: string
  before?: ConfigObject
  after?: ConfigObject
}

/** Metadata the server manages: a change to it alone is no change. */
const SERVER_METADATA = ['resourceVersion', 'generation', 'creationTimestamp', 'uid'] as const

function withoutServerMetadata(o: ConfigObject): ConfigObject {
  const metadata: Record<string, unknown> = { ...o.metadata }
  for (const k of SERVER_METADATA) delete metadata[k]
  return { ...o, metadata: metadata as ConfigObject['metadata'] }
}

export function isUnchanged(c: ObjectChange | undefined): boolean {
  if (!c || (!c.before && !c.after)) return true
  if (!c.before || !c.after) return false
  return sameJson(withoutServerMetadata(c.before), withoutServerMetadata(c.after))
}

function toWrite(c: ObjectChange | undefined): PlannedWrite | undefined {
  if (!c || isUnchanged(c)) return undefined
  const o = (c.after ?? c.before)!
  const op: WriteOp = !c.before ? 'create' : !c.after ? 'delete' : 'update'
  return {
    op,
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    apiVersion: o.apiVersion,
    ...(c.before ? { before: c.before } : {}),
    ...(c.after ? { after: c.after } : {}),
  }
}

/**
 * The writes a change needs, skipping objects it leaves as they were. The DestinationRule goes
 * first when it gains subsets a route may name; when routing is removed the VirtualService goes
 * first, so no route is left naming a subset that was just removed.
 */
export function planWrites(change: RoutingChange): PlannedWrite[] {
  const vs = toWrite(change.virtualService)
  const dr = toWrite(change.destinationRule)
  const writes = dr?.op === 'delete' ? [vs, dr] : [dr, vs]
  return writes.filter((w): w is PlannedWrite => w !== undefined)
}

export function newVirtualService(ctx: RoutingContext): ConfigObject {
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'VirtualService',
    metadata: { name: ctx.newVirtualServiceName, namespace: ctx.target.namespace },
    spec: { hosts: [ctx.target.service] },
  }
}

export function newDestinationRule(ctx: RoutingContext): ConfigObject {
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'DestinationRule',
    metadata: { name: ctx.newDestinationRuleName, namespace: ctx.target.namespace },
    spec: { host: ctx.target.service },
  }
}

export function describeWrite(w: PlannedWrite): string {
  const verb = w.op === 'create' ? 'Create' : w.op === 'delete' ? 'Delete' : 'Update'
  return `${verb} ${w.kind} ${w.namespace}/${w.name}`
}
