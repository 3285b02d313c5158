// The controller's writes: through the store like any other client's (so admission checks them and
// they land in the files), each against the resourceVersion it read; a conflict (409) means someone
// wrote in between, so the object is read again and the change made again on top of theirs.
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { describeRef, refOf } from '../../shared/k8s.ts'
import { AlreadyExistsError, ConflictError } from '../store/errors.ts'
import { deepEqual, sameContent } from '../store/files/objects.ts'
import type { ConfigStore } from '../store/types.ts'
import { TrafficEditError } from './traffic.ts'

/** Attempts before a write that keeps meeting concurrent writes gives up (and is retried later). */
export const WRITE_ATTEMPTS = 5

export class ContendedWriteError extends Error {}

/**
 * Applies `change` to the object `find` returns (undefined: none yet, `change` creates one) and
 * writes the result unless it equals what is stored. Returns the stored object.
 */
export async function editObject(
  store: ConfigStore,
  find: () => ConfigObject | undefined,
  change: (current: ConfigObject | undefined) => ConfigObject,
): Promise<ConfigObject> {
  for (let attempt = 1; ; attempt++) {
    const found = find()
    // The store's copy, not a snapshot's: it carries the resourceVersion the write is checked against.
    const current = found && store.get(refOf(found))
    const next = change(current)
    if (current && sameContent(next, current)) return current
    try {
      if (current) return (await store.update(next)).object
      const taken = store.get(refOf(next))
      if (taken) {
        throw new TrafficEditError(`${describeRef(refOf(next))} exists but is not the one for this service; rename it or route the service in it`)
      }
      return (await store.create(next)).object
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof AlreadyExistsError)) throw err
      if (attempt >= WRITE_ATTEMPTS) throw new ContendedWriteError(`${describeRef(refOf(next))} kept changing under ${WRITE_ATTEMPTS} attempts to write it`)
    }
  }
}

/**
 * Writes a ramp's status, computed from `basis`. Someone may have changed the spec meanwhile (a
 * user pausing): the status still holds, and goes onto their version. If the status itself changed
 * (another writer drove the ramp), nothing is written: false, and the caller decides again.
 */
export async function writeStatus(store: ConfigStore, ref: ObjectRef, basis: ConfigObject, status: unknown): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = store.get(ref)
    if (!current || !deepEqual(current.status, basis.status)) return false
    try {
      await store.update({ ...current, status })
      return true
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err
      if (attempt >= WRITE_ATTEMPTS) throw new ContendedWriteError(`${describeRef(ref)} kept changing under ${WRITE_ATTEMPTS} attempts to write its status`)
    }
  }
}
