// The ConfigStore contract: Kubernetes-style objects, optimistic concurrency, batched watch events.
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import type { IstioCheck, SourceError } from '../../shared/validation.ts'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface WatchEvent {
  type: WatchEventType
  /** For DELETED, the last state of the object. */
  object: ConfigObject
}

export interface ListOptions {
  group?: string
  kind?: string
  namespace?: string
}

/** Checks a candidate object before it enters the store; errors reject it, warnings are kept. */
export type Admission = (candidate: ConfigObject, existing: ConfigObject | undefined) => IstioCheck[]

export interface WriteOptions {
  /** Validate and compute the result, store nothing. */
  dryRun?: boolean
}

export interface WriteResult {
  object: ConfigObject
  /** Warnings admission raised; errors never get this far. */
  warnings: IstioCheck[]
}

export interface ConfigStore {
  /** Resolves once the initial state is loaded. */
  readonly ready: Promise<void>
  list(opts?: ListOptions): ConfigObject[]
  get(ref: ObjectRef): ConfigObject | undefined
  /**
   * Subscribes to changes; events arrive in batches (one hand edit of a file may change several
   * objects). Returns the unsubscribe function.
   */
  watch(handler: (events: WatchEvent[]) => void): () => void
  create(obj: ConfigObject, opts?: WriteOptions): Promise<WriteResult>
  /** Replaces the object; metadata.resourceVersion is required and must be current. */
  update(obj: ConfigObject, opts?: WriteOptions): Promise<WriteResult>
  /** RFC 7386 JSON merge patch against the current object; `resourceVersion` in the patch is checked. */
  patch(ref: ObjectRef, patch: unknown, opts?: WriteOptions): Promise<WriteResult>
  delete(ref: ObjectRef, opts?: WriteOptions & { resourceVersion?: string }): Promise<ConfigObject>
  /** Where an object is kept, for stores that keep objects in files. */
  fileOf?(ref: ObjectRef): string | undefined
  /** Files or documents that could not be loaded, for /api/istio/validations. */
  sourceErrors(): SourceError[]
  close(): Promise<void>
}
