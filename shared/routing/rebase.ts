// After a 409: the object changed on the server since the wizard loaded it. The wizard's write is
// rebuilt on top of the current object (its edit merged in, the other change kept), to be reviewed
// again before it is written. Pure.
import type { ConfigObject } from '../k8s.ts'
import type { PlannedWrite } from './change.ts'
import { isUnchanged } from './change.ts'
import { clone } from './json.ts'
import { mergeEdit } from './merge.ts'

export interface Rebased {
  /** The write to make now; undefined when the current object already is what the wizard wanted. */
  write?: PlannedWrite
  /** Where both changed the same field differently (the wizard's value is used). */
  conflicts: string[]
}

function withVersionOf(o: ConfigObject, current: ConfigObject): ConfigObject {
  const out = clone(o)
  const rv = current.metadata.resourceVersion
  if (rv !== undefined) out.metadata.resourceVersion = rv
  else delete out.metadata.resourceVersion
  return out
}

/**
 * `current` is the object as the server has it now (the 409's `current`), or undefined when it is
 * gone. An update of a deleted object becomes a create; a create of an object someone else made
 * meanwhile becomes an update of theirs with the wizard's fields; a delete stays a delete, of the
 * current version.
 */
export function rebaseWrite(write: PlannedWrite, current: ConfigObject | undefined): Rebased {
  const base = { kind: write.kind, namespace: write.namespace, name: write.name, apiVersion: write.apiVersion }
  if (write.op === 'delete') {
    return current ? { write: { ...base, op: 'delete', before: current }, conflicts: [] } : { conflicts: [] }
  }
  const mine = write.after!
  if (!current) {
    const after = clone(mine)
    delete after.metadata.resourceVersion
    return { write: { ...base, op: 'create', after }, conflicts: [] }
  }
  const { merged, conflicts } = mergeEdit(write.before, mine, current)
  const after = withVersionOf(merged, current)
  if (isUnchanged({ before: current, after })) return { conflicts }
  return { write: { ...base, op: 'update', before: current, after }, conflicts }
}
