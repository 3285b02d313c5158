// The folder-of-YAML ConfigStore: objects live in files people edit by hand; an API write rewrites
// only its own document, atomically, and hand edits reach watchers through a file watcher.
import { mkdir, open } from 'node:fs/promises'
import path from 'node:path'
import jsonMergePatch from 'json-merge-patch'
import type { ConfigObject, ObjectRef } from '../../../shared/k8s.ts'
import { describeRef, keyOf, refKey, refOf } from '../../../shared/k8s.ts'
import type { IstioCheck, SourceError } from '../../../shared/validation.ts'
import { check, hasErrors } from '../../validation/codes.ts'
import { AlreadyExistsError, BadRequestError, ConflictError, InvalidObjectError, NotFoundError } from '../errors.ts'
import type { Admission, ConfigStore, ListOptions, WatchEvent, WriteOptions, WriteResult } from '../types.ts'
import { removeFile, writeAtomic } from './atomic.ts'
import {
  cloneJson, deepFreeze, isPlainObject, readEnvelope, sameContent, toFileValue, withMetadata,
} from './objects.ts'
import { exists, isGone, isYamlFile, listYamlFiles, newObjectFile, toAbs } from './paths.ts'
import { SerialQueue } from './serial.ts'
import type { Entry } from './reconcile.ts'
import { nextGeneration, reconcile } from './reconcile.ts'
import type { SourceFile } from './source.ts'
import { loadSource } from './source.ts'
import type { TreeWatcher } from './watcher.ts'
import { watchTree } from './watcher.ts'
import { newDocumentText, removeDocument, replaceDocument } from './yaml-docs.ts'

/** The part of a pino logger the store uses. */
export interface StoreLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export interface FileStoreOptions {
  /** The config directory; created when missing. */
  dir: string
  admission: Admission
  logger?: StoreLogger
  /** Pick up hand edits of the files (default true). */
  watch?: boolean
  /** Clock for the creationTimestamp of created objects. */
  now?: () => Date
}

const SILENT: StoreLogger = { info() {}, warn() {}, error() {} }

export class FileStore implements ConfigStore {
  readonly ready: Promise<void>
  private readonly dir: string
  private readonly admission: Admission
  private readonly logger: StoreLogger
  private readonly now: () => Date
  private readonly queue = new SerialQueue()
  private readonly handlers = new Set<(events: WatchEvent[]) => void>()
  /** Every YAML file as last read or written, keyed by path relative to dir. */
  private readonly files = new Map<string, SourceFile>()
  private objects = new Map<string, Entry>()
  private errors: SourceError[] = []
  /** Seeded from the clock so that versions keep increasing across restarts. */
  private version = Date.now()
  private watcher: TreeWatcher | undefined
  private closed = false

  constructor(opts: FileStoreOptions) {
    this.dir = path.resolve(opts.dir)
    this.admission = opts.admission
    this.logger = opts.logger ?? SILENT
    this.now = opts.now ?? (() => new Date())
    this.ready = this.start(opts.watch ?? true)
    // Whoever awaits `ready` sees the failure; this keeps it from also being an unhandled rejection.
    this.ready.catch((err: unknown) => this.logger.error({ err, dir: this.dir }, 'config store could not start'))
  }

  list(opts: ListOptions = {}): ConfigObject[] {
    const matches = (ref: ObjectRef) =>
      (opts.group === undefined || ref.group === opts.group) &&
      (opts.kind === undefined || ref.kind === opts.kind) &&
      (opts.namespace === undefined || ref.namespace === opts.namespace)
    // Sorted by key, so that listings are stable.
    return [...this.objects]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, entry]) => entry.object)
      .filter((object) => matches(refOf(object)))
  }

  get(ref: ObjectRef): ConfigObject | undefined {
    return this.objects.get(refKey(ref))?.object
  }

  watch(handler: (events: WatchEvent[]) => void): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  /** The file, relative to the config folder, an object lives in. */
  fileOf(ref: ObjectRef): string | undefined {
    return this.objects.get(refKey(ref))?.file
  }

  sourceErrors(): SourceError[] {
    return [...this.errors]
  }

  create(obj: ConfigObject, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.exclusive(async () => {
      const stated = this.envelope(obj)
      const ref = refOf(stated)
      if (this.objects.has(refKey(ref))) throw new AlreadyExistsError(ref)
      // The server sets creationTimestamp, as Kubernetes does; files keep it, so restarts keep it.
      const candidate = withMetadata(stated, { creationTimestamp: this.now().toISOString() })
      const warnings = this.admit(candidate, undefined)
      const rel = await this.freeFile(ref)
      // A dry run stores nothing, so it consumes no resourceVersion.
      if (opts.dryRun) return { object: deepFreeze(withMetadata(candidate, { generation: 1 })), warnings }
      const text = newDocumentText(toFileValue(candidate, []))
      await this.writeText(rel, text)
      const object = deepFreeze(withMetadata(candidate, { resourceVersion: this.nextVersion(), generation: 1 }))
      this.commit(rel, text, object, { type: 'ADDED', object })
      return { object, warnings }
    })
  }

  update(obj: ConfigObject, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.exclusive(async () => {
      const stated = this.envelope(obj)
      const ref = refOf(stated)
      const entry = await this.current(ref)
      this.checkVersion(ref, entry, obj.metadata.resourceVersion, true)
      return this.replace(entry, stated, opts)
    })
  }

  patch(ref: ObjectRef, patch: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.exclusive(async () => {
      const entry = await this.current(ref)
      if (!isPlainObject(patch)) throw new BadRequestError(`a merge patch for ${describeRef(ref)} must be a JSON object`)
      this.checkVersion(ref, entry, isPlainObject(patch.metadata) ? patch.metadata.resourceVersion : undefined, false)
      const stated = this.envelope(jsonMergePatch.apply(cloneJson(entry.object), patch))
      if (keyOf(stated) !== keyOf(entry.object)) {
        throw new BadRequestError(`a patch cannot change the apiVersion group, kind, name or namespace of ${describeRef(ref)}`)
      }
      return this.replace(entry, stated, opts)
    })
  }

  delete(ref: ObjectRef, opts: WriteOptions & { resourceVersion?: string } = {}): Promise<ConfigObject> {
    return this.exclusive(async () => {
      const entry = await this.current(ref)
      this.checkVersion(ref, entry, opts.resourceVersion, false)
      const source = this.writable(entry.file)
      if (opts.dryRun) return entry.object
      const text = removeDocument(source.yaml, entry.def.index)
      await this.writeText(entry.file, text)
      this.commit(entry.file, text, undefined, { type: 'DELETED', object: entry.object })
      return entry.object
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.ready.catch(() => undefined)
    await this.watcher?.close()
    await this.queue.idle()
  }

  private async start(watch: boolean): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    // Watching starts before the first read so an edit made meanwhile is not missed; a path
    // reported twice is harmless, since files are compared with what was read.
    if (watch) {
      this.watcher = await watchTree(
        this.dir,
        (paths) => this.onHandEdit(paths),
        (err) => this.logger.error({ err, dir: this.dir }, 'config store: file watcher failed'),
      )
    }
    await this.queue.run(async () => {
      for (const rel of await listYamlFiles(this.dir)) await this.reread(rel)
      this.emit(this.reconcile())
    })
  }

  private onHandEdit(paths: string[]): void {
    this.queue
      .run(async () => {
        if (!this.closed) this.emit(await this.refresh(paths))
      })
      .catch((err: unknown) => this.logger.error({ err, paths }, 'config store: could not take in hand edits'))
  }

  /** Re-reads the given files (and the known files under given folders); returns the resulting events. */
  private async refresh(paths: readonly string[]): Promise<WatchEvent[]> {
    const rels = new Set(paths.filter(isYamlFile))
    for (const known of this.files.keys()) {
      if (paths.some((p) => known.startsWith(`${p}/`))) rels.add(known)
    }
    let changed = false
    for (const rel of rels) {
      try {
        if (await this.reread(rel)) {
          changed = true
          this.logger.info({ file: rel }, 'config file changed on disk')
        }
      } catch (err) {
        this.logger.error({ err, file: rel }, 'config store: could not read file; keeping what was loaded from it')
      }
    }
    return changed ? this.reconcile() : []
  }

  /** Brings one file's state in line with the disk; false when the disk holds what the store last saw. */
  private async reread(rel: string): Promise<boolean> {
    let text: string | null = null
    let mtime = this.now()
    try {
      const handle = await open(toAbs(this.dir, rel), 'r')
      try {
        mtime = (await handle.stat()).mtime
        text = await handle.readFile('utf8')
      } finally {
        await handle.close()
      }
    } catch (err) {
      if (!isGone(err)) throw err
    }
    // Also what keeps the store's own writes from coming back as hand edits.
    if (text === (this.files.get(rel)?.text ?? null)) return false
    if (text === null) this.files.delete(rel)
    else this.files.set(rel, this.load(rel, text, mtime))
    return true
  }

  private load(rel: string, text: string, mtime: Date): SourceFile {
    return loadSource(rel, text, mtime, (candidate) => this.admission(candidate, this.objects.get(keyOf(candidate))?.object))
  }

  private reconcile(): WatchEvent[] {
    const result = reconcile(this.files.values(), this.objects, () => this.nextVersion())
    this.objects = result.objects
    this.setErrors(result.errors)
    return result.events
  }

  private setErrors(next: SourceError[]): void {
    const known = new Set(this.errors.map((e) => JSON.stringify(e)))
    for (const e of next) {
      if (!known.has(JSON.stringify(e))) this.logger.warn({ file: e.file, line: e.line, code: e.code }, e.message)
    }
    this.errors = next.map((e) => deepFreeze(e))
  }

  private emit(events: WatchEvent[]): void {
    if (events.length === 0) return
    for (const e of events) Object.freeze(e)
    Object.freeze(events)
    for (const handler of [...this.handlers]) {
      try {
        handler(events)
      } catch (err) {
        this.logger.error({ err }, 'config store: a watch handler failed')
      }
    }
  }

  /** Runs a write after the initial load, alone: writes and hand-edit reloads never interleave. */
  private async exclusive<T>(task: () => Promise<T>): Promise<T> {
    await this.ready
    return this.queue.run(task)
  }

  /** The entry for ref, after taking in any hand edit of its file not yet seen, so a write never clobbers one. */
  private async current(ref: ObjectRef): Promise<Entry> {
    const before = this.objects.get(refKey(ref))
    if (before) this.emit(await this.refresh([before.file]))
    const entry = this.objects.get(refKey(ref))
    if (!entry) throw new NotFoundError(ref)
    return entry
  }

  private envelope(value: unknown): ConfigObject {
    const envelope = readEnvelope(value)
    if (envelope.ok) return envelope.object
    const id = envelope.reason === 'unknownKind' ? 'unknownKind' : 'schema'
    throw new InvalidObjectError(undefined, [check(id, envelope.path, envelope.detail)])
  }

  private admit(candidate: ConfigObject, existing: ConfigObject | undefined): IstioCheck[] {
    const checks = this.admission(deepFreeze(candidate), existing)
    if (hasErrors(checks)) throw new InvalidObjectError(refOf(candidate), checks)
    return checks
  }

  private checkVersion(ref: ObjectRef, entry: Entry, expected: unknown, required: boolean): void {
    const current = entry.object.metadata.resourceVersion ?? ''
    if (expected === undefined || expected === null || expected === '') {
      if (required) throw new ConflictError(ref, undefined, current)
      return
    }
    if (String(expected) !== current) throw new ConflictError(ref, String(expected), current)
  }

  /** Update and patch: replaces an object's content in its own document. */
  private async replace(entry: Entry, stated: ConfigObject, opts: WriteOptions): Promise<WriteResult> {
    const current = entry.object
    // creationTimestamp belongs to the server, as in Kubernetes: writes cannot change it.
    const candidate = withMetadata(stated, { creationTimestamp: current.metadata.creationTimestamp })
    const warnings = this.admit(candidate, current)
    // Nothing changed: nothing to write, and the version stays (as Kubernetes does).
    if (sameContent(candidate, current)) return { object: current, warnings }
    const source = this.writable(entry.file)
    const generation = nextGeneration(current, candidate)
    if (opts.dryRun) {
      return { object: deepFreeze(withMetadata(candidate, { resourceVersion: current.metadata.resourceVersion, generation })), warnings }
    }
    const text = replaceDocument(source.yaml, entry.def.index, toFileValue(candidate, entry.def.implicit, current))
    await this.writeText(entry.file, text)
    const object = deepFreeze(withMetadata(candidate, { resourceVersion: this.nextVersion(), generation }))
    this.commit(entry.file, text, object, { type: 'MODIFIED', object })
    return { object, warnings }
  }

  private writable(rel: string): SourceFile {
    const source = this.files.get(rel)
    if (!source) throw new Error(`config store: ${rel} holds a stored object but is not loaded`)
    if (source.yaml.broken) {
      throw new BadRequestError(
        `${rel} has a YAML syntax error (see the source errors); the store does not rewrite a broken file, so fix it first`,
      )
    }
    return source
  }

  /** The first free `<ns>/<kind>-<name>[-n].yaml`, known to neither the store nor the disk. */
  private async freeFile(ref: ObjectRef): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const rel = newObjectFile(this.dir, ref, attempt)
      if (!this.files.has(rel) && !(await exists(toAbs(this.dir, rel)))) return rel
    }
  }

  /** Writes, or for null removes, a file. */
  private writeText(rel: string, text: string | null): Promise<void> {
    const abs = toAbs(this.dir, rel)
    return text === null ? removeFile(abs) : writeAtomic(abs, text)
  }

  /**
   * Takes a write that is on disk into memory and tells watchers. Synchronous, so a write is either
   * wholly in memory or not at all. `object` is the stored result (none for a delete).
   */
  private commit(rel: string, text: string | null, object: ConfigObject | undefined, event: WatchEvent): void {
    const key = keyOf(event.object)
    if (text === null) this.files.delete(rel)
    else this.files.set(rel, this.load(rel, text, this.now()))
    const def = this.files.get(rel)?.defs.find((d) => d.key === key)
    if (object && def) this.objects.set(key, { object, file: rel, def })
    else if (!object) this.objects.delete(key)
    // Whatever else the rewrite changed follows in the same batch: normally nothing, but if
    // admission now rejects what was written, the object's removal rather than the write.
    const others = this.reconcile()
    this.emit(object && !def ? others : [event, ...others])
  }

  private nextVersion(): string {
    this.version += 1
    return String(this.version)
  }
}
