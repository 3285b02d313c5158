// The live mesh model: follows the config store (and, later, registered proxies) and publishes a
// new immutable snapshot per batch of changes.
import { EventEmitter } from 'node:events'
import type { ConfigStore, WatchEvent } from '../store/types.ts'
import { applyChanges, type MeshChange } from './build.ts'
import { DEFAULT_NAMING, type MeshNaming } from './hosts.ts'
import { MeshSnapshot } from './snapshot.ts'
import { emptyState } from './state.ts'
import type { Workload } from './types.ts'

export interface MeshModelOptions {
  naming?: MeshNaming
  trustDomain?: string
}

export interface SnapshotChange {
  snapshot: MeshSnapshot
  previous: MeshSnapshot
  changes: readonly MeshChange[]
}

export function buildSnapshot(objects: Iterable<import('../../shared/k8s.ts').ConfigObject>, opts: MeshModelOptions = {}): MeshSnapshot {
  const changes: MeshChange[] = []
  for (const object of objects) changes.push({ type: 'upsert', object })
  return new MeshSnapshot(applyChanges(emptyState(opts.naming ?? DEFAULT_NAMING, opts.trustDomain ?? 'cluster.local'), changes))
}

export function nextSnapshot(prev: MeshSnapshot, changes: readonly MeshChange[]): MeshSnapshot {
  return new MeshSnapshot(applyChanges(prev.state, changes))
}

export function changesFromWatch(events: readonly WatchEvent[]): MeshChange[] {
  return events.map((e) => (e.type === 'DELETED' ? { type: 'delete', object: e.object } : { type: 'upsert', object: e.object }))
}

export class MeshModel extends EventEmitter<{ change: [SnapshotChange] }> {
  private current: MeshSnapshot
  private readonly unsubscribe: () => void

  constructor(store: ConfigStore, opts: MeshModelOptions = {}) {
    super()
    this.current = buildSnapshot(store.list(), opts)
    this.unsubscribe = store.watch((events) => this.apply(changesFromWatch(events)))
  }

  get snapshot(): MeshSnapshot {
    return this.current
  }

  /** Registered proxies join the model as workloads (the control plane calls these). */
  upsertWorkload(workload: Workload): void {
    this.apply([{ type: 'upsertWorkload', workload }])
  }

  removeWorkload(key: string): void {
    this.apply([{ type: 'deleteWorkload', key }])
  }

  apply(changes: readonly MeshChange[]): void {
    if (!changes.length) return
    const previous = this.current
    this.current = nextSnapshot(previous, changes)
    this.emit('change', { snapshot: this.current, previous, changes })
  }

  close(): void {
    this.unsubscribe()
    this.removeAllListeners()
  }
}
