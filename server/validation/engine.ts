// Runs the analyzers over the mesh and keeps their results current. A full run analyzes every
// object; an update re-analyzes only the changed objects and those whose recorded reads (their
// dependency keys) a change touched, so one edit in a mesh of thousands costs a few analyses.
import { EventEmitter } from 'node:events'
import type { ConfigObject, ObjectRef } from '../../shared/k8s.ts'
import { groupOf, keyOf, refOf, versionOf } from '../../shared/k8s.ts'
import { ISTIO_KINDS } from '../../shared/kinds.ts'
import type { IstioCheck, IstioValidation, ValidationSummary } from '../../shared/validation.ts'
import { nextSnapshot, type SnapshotChange } from '../mesh/model.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { ALL_ANALYZERS } from './analyzers/index.ts'
import { AnalysisContext } from './analyzers/context.ts'
import { changeImpact } from './analyzers/dependencies.ts'
import type { Analyzer } from './analyzers/types.ts'
import { hasErrors } from './codes.ts'

export interface EngineOptions {
  /**
   * Checks from outside the analyzers (admission warnings), added to every object's own. They
   * must depend on the object alone: they are computed once per object version and reused when a
   * change elsewhere re-analyzes the object.
   */
  extraChecks?: (obj: ConfigObject) => IstioCheck[]
}

export interface AnalyzerTiming {
  name: string
  calls: number
  totalMs: number
}

interface Entry {
  object: ConfigObject
  checks: IstioCheck[]
  deps: ReadonlySet<string>
}

const EXTRA = 'extraChecks'

export class ValidationEngine extends EventEmitter<{ changed: [string[]] }> {
  private readonly byKind = new Map<string, Analyzer[]>()
  private readonly entries = new Map<string, Entry>()
  /** Dependency key → refKeys of the objects whose analysis read it. */
  private readonly dependents = new Map<string, Set<string>>()
  private readonly external = new Map<string, Map<string, IstioCheck[]>>()
  private readonly timing = new Map<string, { calls: number; totalMs: number }>()
  private current: MeshSnapshot | undefined
  /** extraChecks by object version: stored objects are immutable, so identity is the version. */
  private readonly extraCache = new WeakMap<ConfigObject, IstioCheck[]>()

  constructor(analyzers: readonly Analyzer[] = ALL_ANALYZERS, private readonly opts: EngineOptions = {}) {
    super()
    // Istio config kinds get a validation even when no analyzer has a check for them (Kiali lists them all).
    for (const k of ISTIO_KINDS) this.byKind.set(k.kind, [])
    for (const a of analyzers) {
      for (const kind of a.kinds) this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), a])
    }
  }

  /** Analyzes every object of the snapshot. Returns (and emits) the refKeys whose checks changed. */
  full(snapshot: MeshSnapshot): string[] {
    const before = new Map(this.entries)
    this.entries.clear()
    this.dependents.clear()
    this.current = snapshot
    const changed: string[] = []
    for (const obj of snapshot.objects()) {
      if (!this.byKind.has(obj.kind)) continue
      const key = keyOf(obj)
      const entry = this.analyze(snapshot, obj)
      this.store(key, entry)
      const old = before.get(key)
      before.delete(key)
      if (!old || !sameChecks(old.checks, entry.checks)) changed.push(key)
    }
    changed.push(...before.keys())
    return this.notify(changed)
  }

  /**
   * Brings the results to the change's snapshot. Falls back to a full run when the change does not
   * start from the snapshot the engine holds (a missed change would leave stale results).
   */
  update(change: SnapshotChange): string[] {
    if (this.current !== change.previous) return this.full(change.snapshot)
    const next = change.snapshot
    this.current = next
    const impact = changeImpact(change)
    const todo = new Map<string, ObjectRef>(impact.objects)
    for (const key of impact.keys) {
      for (const dependent of this.dependents.get(key) ?? []) {
        const entry = this.entries.get(dependent)
        if (entry && !todo.has(dependent)) todo.set(dependent, refOf(entry.object))
      }
    }
    const changed: string[] = []
    for (const [key, ref] of todo) {
      const obj = next.object(ref)
      const old = this.entries.get(key)
      if (old) this.unstore(key, old)
      if (!obj || !this.byKind.has(obj.kind)) {
        if (old) changed.push(key)
        continue
      }
      const entry = this.analyze(next, obj)
      this.store(key, entry)
      if (!old || !sameChecks(old.checks, entry.checks)) changed.push(key)
    }
    return this.notify(changed)
  }

  /** Dry run: the candidate's checks if it were stored (the change applied to a copy of the snapshot). */
  analyzeCandidate(snapshot: MeshSnapshot, candidate: ConfigObject): IstioCheck[] {
    const next = nextSnapshot(snapshot, [{ type: 'upsert', object: candidate }])
    return this.analyze(next, candidate).checks
  }

  checksFor(refKey: string): IstioCheck[] {
    const own = this.entries.get(refKey)?.checks ?? []
    const external = this.external.get(refKey)
    return external ? [...own, ...[...external.values()].flat()] : own
  }

  /**
   * Checks that come from outside the analyzers and change on their own — a proxy NACKing the
   * config made from an object. `source` names the producer; empty `checks` clears its entry.
   */
  setExternal(source: string, refKey: string, checks: IstioCheck[]): void {
    let bySource = this.external.get(refKey)
    if (checks.length === 0) {
      if (!bySource?.delete(source)) return
      if (bySource.size === 0) this.external.delete(refKey)
    } else {
      if (!bySource) this.external.set(refKey, (bySource = new Map()))
      bySource.set(source, checks)
    }
    this.notify([refKey])
  }

  /** The objects a source currently has checks on. */
  externalKeys(source: string): string[] {
    return [...this.external].filter(([, m]) => m.has(source)).map(([k]) => k)
  }

  validationFor(obj: ConfigObject): IstioValidation {
    return toValidation(obj, this.checksFor(keyOf(obj)))
  }

  /** Every object's validation, sorted by namespace, kind and name; optionally only some namespaces. */
  all(namespaces?: readonly string[]): IstioValidation[] {
    const only = namespaces && new Set(namespaces)
    const out: IstioValidation[] = []
    for (const [key, e] of this.entries) {
      if (only && !only.has(e.object.metadata.namespace ?? '')) continue
      out.push(toValidation(e.object, this.checksFor(key)))
    }
    return out.sort((a, b) => compare(a.namespace, b.namespace) || compare(a.objectGVK.kind, b.objectGVK.kind) || compare(a.name, b.name))
  }

  /** Errors, warnings and validated objects per namespace (each one asked for, or each that has objects). */
  summaries(namespaces?: readonly string[]): ValidationSummary[] {
    const byNs = new Map<string, ValidationSummary>()
    for (const ns of namespaces ?? []) byNs.set(ns, { namespace: ns, errors: 0, warnings: 0, objectCount: 0 })
    for (const [key, e] of this.entries) {
      const ns = e.object.metadata.namespace ?? ''
      let s = byNs.get(ns)
      if (!s) {
        if (namespaces) continue
        s = { namespace: ns, errors: 0, warnings: 0, objectCount: 0 }
        byNs.set(ns, s)
      }
      s.objectCount++
      for (const c of this.checksFor(key)) {
        if (c.severity === 'error') s.errors++
        else if (c.severity === 'warning') s.warnings++
      }
    }
    return [...byNs.values()].sort((a, b) => compare(a.namespace, b.namespace))
  }

  /** Calls and time spent per analyzer since the engine was made: where the slow spots are. */
  timings(): AnalyzerTiming[] {
    return [...this.timing].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.totalMs - a.totalMs)
  }

  private analyze(snapshot: MeshSnapshot, obj: ConfigObject): Entry {
    const ctx = new AnalysisContext(snapshot)
    const checks: IstioCheck[] = []
    for (const a of this.byKind.get(obj.kind) ?? []) checks.push(...this.timed(a.name, () => a.analyze(ctx, obj)))
    const extra = this.opts.extraChecks
    if (extra) {
      let own = this.extraCache.get(obj)
      if (!own) this.extraCache.set(obj, (own = this.timed(EXTRA, () => extra(obj))))
      checks.push(...own)
    }
    return { object: obj, checks, deps: ctx.deps }
  }

  private timed(name: string, run: () => IstioCheck[]): IstioCheck[] {
    const start = performance.now()
    const out = run()
    let t = this.timing.get(name)
    if (!t) this.timing.set(name, (t = { calls: 0, totalMs: 0 }))
    t.calls++
    t.totalMs += performance.now() - start
    return out
  }

  private store(key: string, entry: Entry): void {
    this.entries.set(key, entry)
    for (const d of entry.deps) {
      let set = this.dependents.get(d)
      if (!set) this.dependents.set(d, (set = new Set()))
      set.add(key)
    }
  }

  private unstore(key: string, entry: Entry): void {
    this.entries.delete(key)
    for (const d of entry.deps) {
      const set = this.dependents.get(d)
      if (!set) continue
      set.delete(key)
      if (!set.size) this.dependents.delete(d)
    }
  }

  private notify(changed: string[]): string[] {
    if (changed.length) this.emit('changed', changed)
    return changed
  }
}

function toValidation(obj: ConfigObject, checks: IstioCheck[]): IstioValidation {
  return {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    objectGVK: { group: groupOf(obj.apiVersion), version: versionOf(obj.apiVersion), kind: obj.kind },
    valid: !hasErrors(checks),
    checks,
  }
}

function sameChecks(a: readonly IstioCheck[], b: readonly IstioCheck[]): boolean {
  if (a.length !== b.length) return false
  return a.every((c, i) => c.code === b[i].code && c.severity === b[i].severity && c.path === b[i].path && c.message === b[i].message)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
