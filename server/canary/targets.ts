// What a ramp acts on, read from the mesh model: the workloads of each version (a version is the
// subset's labels, `version: <name>` by default), and whether the ramp may start.
import { CANARY_GROUP, CANARY_KIND, isTerminalPhase, type CanaryRampSpec } from '../../shared/canary.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { describeRef, keyOf, refOf } from '../../shared/k8s.ts'
import { selectorMatches } from '../mesh/labels.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { Workload } from '../mesh/types.ts'
import type { ConfigStore } from '../store/types.ts'
import { statusOf } from './status.ts'
import { rampRule, versionSelector, type RampTarget } from './traffic.ts'

/** The service's workloads that a version's subset selects. */
export function versionWorkloads(snapshot: MeshSnapshot, t: RampTarget, version: string): Workload[] {
  const svc = snapshot.service(t.host)
  if (!svc?.selector) return []
  const labels = versionSelector(rampRule(snapshot, t)?.object, version)
  return snapshot.workloadsMatching(svc.namespace, svc.selector).filter((w) => selectorMatches(labels, w.labels))
}

/** Their names as telemetry reports them (a proxy's WORKLOAD_NAME, a WorkloadEntry's name), each once, sorted. */
export function versionWorkloadNames(snapshot: MeshSnapshot, t: RampTarget, version: string): string[] {
  return [...new Set(versionWorkloads(snapshot, t, version).map((w) => w.workloadName ?? w.name))].sort()
}

function olderFirst(a: ConfigObject, b: ConfigObject): number {
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  return keyOf(a) < keyOf(b) ? -1 : 1
}

/**
 * Why a ramp cannot start yet, or undefined when it can: its service must exist, both versions
 * must have workloads (traffic is never shifted to nothing, and a rollback needs somewhere to go),
 * and no other unfinished ramp may shift the same service (the one that started, else the oldest,
 * goes first).
 */
export function startProblem(store: ConfigStore, snapshot: MeshSnapshot, ramp: ConfigObject, t: RampTarget): string | undefined {
  if (!snapshot.service(t.host)) {
    return `waiting for service ${t.service} in namespace ${t.namespace} (${t.host}), which does not exist; the ramp starts once it does`
  }
  for (const version of [t.stable, t.canary]) {
    if (versionWorkloads(snapshot, t, version).length > 0) continue
    const labels = Object.entries(versionSelector(rampRule(snapshot, t)?.object, version)).map(([k, v]) => `${k}=${v}`).join(', ')
    return `waiting for a workload of ${t.service} with ${labels} (version ${version}); the ramp starts once one is registered`
  }
  const mine = keyOf(ramp)
  const rivals = store.list({ group: CANARY_GROUP, kind: CANARY_KIND, namespace: t.namespace }).filter((o) =>
    keyOf(o) !== mine && (o.spec as Partial<CanaryRampSpec> | undefined)?.service === t.service && !isTerminalPhase(statusOf(o).phase))
  const first = rivals.find((o) => statusOf(o).step >= 0) ?? [...rivals, ramp].sort(olderFirst)[0]
  if (first && keyOf(first) !== mine) {
    return `waiting for ${describeRef(refOf(first))}, which shifts ${t.service} too; this ramp starts when that one has finished`
  }
  return undefined
}
