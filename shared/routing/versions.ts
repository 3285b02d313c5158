// A service's versions: the values of the workloads' version label, each tied to the
// DestinationRule subset that selects it (if any), plus subsets of versions no workload runs yet.
// Creating the missing subsets is how traffic can be routed to a new version. Pure.
import type { ConfigObject } from '../k8s.ts'
import type { DestinationRuleSpec, Subset } from '../istio/networking.ts'
import type { WorkloadInfo } from './context.ts'
import { clone, setField, type Json } from './json.ts'

export interface VersionInfo {
  /** The version label's value: v1. */
  name: string
  /** The DestinationRule subset that selects exactly this version, when there is one. */
  subset?: string
  /** The workloads running it (none for a subset of a version not deployed). */
  workloads: string[]
}

/** v1 < v2 < v10; other names alphabetically. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

function subsetsOf(dr: ConfigObject | undefined): Subset[] {
  return ((dr?.spec ?? {}) as DestinationRuleSpec).subsets ?? []
}

/** The subset that selects exactly the workloads of `version`: its labels are just the version label. */
function subsetForVersion(subsets: readonly Subset[], label: string, version: string): Subset | undefined {
  const exact = subsets.find((s) => {
    const keys = Object.keys(s.labels ?? {})
    return keys.length === 1 && keys[0] === label && s.labels?.[label] === version
  })
  return exact
}

export function versionsOf(workloads: readonly WorkloadInfo[], dr: ConfigObject | undefined, label: string): VersionInfo[] {
  const byVersion = new Map<string, string[]>()
  for (const w of workloads) {
    const v = w.labels[label]
    if (v === undefined || v === '') continue
    byVersion.set(v, [...(byVersion.get(v) ?? []), w.name])
  }
  const subsets = subsetsOf(dr)
  // A subset of a version no workload runs yet still routes (to nothing, until it is deployed).
  for (const s of subsets) {
    const keys = Object.keys(s.labels ?? {})
    const v = s.labels?.[label]
    if (keys.length === 1 && v !== undefined && !byVersion.has(v)) byVersion.set(v, [])
  }
  return [...byVersion.keys()].sort(compareVersions).map((name) => {
    const subset = subsetForVersion(subsets, label, name)
    return { name, ...(subset ? { subset: subset.name } : {}), workloads: [...(byVersion.get(name) ?? [])].sort() }
  })
}

/** The version a subset stands for, if it selects exactly one version. */
export function versionOfSubset(versions: readonly VersionInfo[], subset: string | undefined): VersionInfo | undefined {
  return subset === undefined ? undefined : versions.find((v) => v.subset === subset)
}

export interface SubsetsResult {
  /** The DestinationRule with every requested version's subset (a new object when there was none). */
  dr: ConfigObject
  /** Subset name per requested version. */
  subsetOf: Map<string, string>
  /** Versions whose subset was added. */
  added: string[]
}

/** A subset name must be a DNS label: `1.2.3` becomes `1-2-3`. */
export function subsetName(version: string): string {
  return version.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'subset'
}

/**
 * Makes sure each of `wanted` (version names) has a subset `{name: <version>, labels: {<label>: <version>}}`
 * appending what is missing and leaving every other part of the rule as it was. A subset name
 * already taken by other labels gets a suffix.
 */
export function ensureSubsets(
  dr: ConfigObject | undefined,
  wanted: readonly string[],
  label: string,
  create: () => ConfigObject,
): SubsetsResult {
  const out = dr ? clone(dr) : create()
  const spec = (out.spec ??= {}) as Json
  const subsets = (Array.isArray(spec.subsets) ? spec.subsets : []) as Subset[]
  const subsetOf = new Map<string, string>()
  const added: string[] = []
  for (const version of wanted) {
    const existing = subsetForVersion(subsets, label, version)
    if (existing) {
      subsetOf.set(version, existing.name)
      continue
    }
    const taken = new Set(subsets.map((s) => s.name))
    const base = subsetName(version)
    let name = base
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`
    subsets.push({ name, labels: { [label]: version } })
    subsetOf.set(version, name)
    added.push(version)
  }
  if (added.length) setField(spec, 'subsets', subsets)
  return { dr: added.length || !dr ? out : dr, subsetOf, added }
}
