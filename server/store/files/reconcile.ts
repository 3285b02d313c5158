// Derives the stored objects from the files' definitions, and what changed since the last time.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { describeRef, refOf } from '../../../shared/k8s.ts'
import type { SourceError } from '../../../shared/validation.ts'
import { check } from '../../validation/codes.ts'
import type { WatchEvent } from '../types.ts'
import { deepEqual, deepFreeze, sameContent, withMetadata } from './objects.ts'
import type { Definition, SourceFile } from './source.ts'

export interface Entry {
  /** Frozen, with server-side metadata. */
  object: ConfigObject
  file: string
  def: Definition
}

interface Candidate {
  file: SourceFile
  def: Definition
}

export interface Reconciled {
  objects: Map<string, Entry>
  events: WatchEvent[]
  /** The files' own errors and the duplicate definitions. */
  errors: SourceError[]
}

/**
 * A definition in use stays in use while its file still has it; other definitions of the same
 * object are reported as duplicates, and the first of them (by path) takes over if the one in use
 * goes away. Unchanged content keeps its resourceVersion; changed content gets `nextVersion()`.
 */
export function reconcile(
  sources: Iterable<SourceFile>,
  objects: ReadonlyMap<string, Entry>,
  nextVersion: () => string,
): Reconciled {
  const files = [...sources].sort((a, b) => (a.rel < b.rel ? -1 : 1))
  const candidates = new Map<string, Candidate[]>()
  for (const file of files) {
    for (const def of file.defs) {
      const list = candidates.get(def.key) ?? []
      list.push({ file, def })
      candidates.set(def.key, list)
    }
  }
  const next = new Map<string, Entry>()
  const events: WatchEvent[] = []
  const duplicates: SourceError[] = []
  for (const [key, defs] of candidates) {
    const cur = objects.get(key)
    const owner = defs.find((d) => d.file.rel === cur?.file) ?? defs[0]
    for (const other of defs) if (other !== owner) duplicates.push(duplicateError(other, owner))
    const entry = entryFor(owner, cur, nextVersion)
    next.set(key, entry)
    if (!cur) events.push({ type: 'ADDED', object: entry.object })
    else if (entry.object !== cur.object) events.push({ type: 'MODIFIED', object: entry.object })
  }
  for (const [key, cur] of objects) {
    if (!next.has(key)) events.push({ type: 'DELETED', object: cur.object })
  }
  return { objects: next, events, errors: [...files.flatMap((f) => f.errors), ...duplicates] }
}

export function nextGeneration(current: ConfigObject, next: ConfigObject): number {
  const generation = current.metadata.generation ?? 1
  return deepEqual(current.spec, next.spec) ? generation : generation + 1
}

function entryFor({ file, def }: Candidate, cur: Entry | undefined, nextVersion: () => string): Entry {
  if (cur?.def === def) return cur
  // A file without creationTimestamp: the object keeps the one it had, or takes the file's mtime.
  const creationTimestamp =
    def.object.metadata.creationTimestamp ?? cur?.object.metadata.creationTimestamp ?? file.mtime.toISOString()
  const content = withMetadata(def.object, { creationTimestamp })
  if (cur && sameContent(content, cur.object)) return { object: cur.object, file: file.rel, def }
  const generation = cur ? nextGeneration(cur.object, content) : 1
  const object = deepFreeze(withMetadata(content, { resourceVersion: nextVersion(), generation }))
  return { object, file: file.rel, def }
}

function duplicateError(dup: Candidate, owner: Candidate): SourceError {
  const ref = refOf(dup.def.object)
  const c = check(
    'duplicateObject',
    '',
    `also defined in ${owner.file.rel} (line ${owner.def.line}), which is the definition in use; remove one of them`,
  )
  return {
    file: dup.file.rel,
    line: dup.def.line,
    code: c.code,
    message: `${describeRef(ref)}: ${c.message}`,
    object: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
  }
}
