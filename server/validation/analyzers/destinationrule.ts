// DestinationRule checks: the host exists, each subset selects something, and one rule per host
// and namespace (mTLS conflicts with PeerAuthentication live in mtls.ts).
import type { ConfigObject } from '../../../shared/k8s.ts'
import { keyOf } from '../../../shared/k8s.ts'
import type { DestinationRuleSpec, Subset } from '../../../shared/istio/networking.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { isWildcard } from '../../mesh/hosts.ts'
import { selectorMatches, type Labels } from '../../mesh/labels.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { labelsText, listText, nameOf, namespaceOf, nonEmpty } from './format.ts'
import type { Analyzer } from './types.ts'

const specOf = (obj: ConfigObject) => (obj.spec ?? {}) as Partial<DestinationRuleSpec>

function hostChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const written = specOf(obj).host
  if (!written) return []
  const host = ctx.resolveHost(written, namespaceOf(obj))
  if (ctx.servicesForHost(host).length) return []
  const shown = written === host ? `"${written}"` : `"${written}" (${host})`
  return [check('drHostNotFound', 'spec/host',
    `host ${shown} at spec/host matches no Service or ServiceEntry; ` +
    'correct the host or create the Service (a ServiceEntry for an external host)')]
}

/** `version=v1, version=v2`: the values the host's workloads carry for the subset's label keys. */
function valuesPresent(subsetLabels: Labels, workloadLabels: readonly Labels[]): string[] {
  const seen = new Set<string>()
  for (const labels of workloadLabels) {
    for (const k of Object.keys(subsetLabels)) if (labels[k] !== undefined) seen.add(`${k}=${labels[k]}`)
  }
  return [...seen].sort()
}

function subsetChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const spec = specOf(obj)
  const subsets: readonly Subset[] = spec.subsets ?? []
  if (!subsets.length || !spec.host) return []
  const host = ctx.resolveHost(spec.host, namespaceOf(obj))
  const svc = isWildcard(host) ? undefined : ctx.service(host)
  // What the subsets can select: the service's selected workloads and its endpoints (a
  // ServiceEntry's inline endpoints have no workload of their own).
  const byWorkload = new Map<string, Labels>()
  if (svc) {
    for (const w of ctx.workloadsOfService(svc)) byWorkload.set(w.key, w.labels)
    for (const e of ctx.endpoints(host)) byWorkload.set(e.workloadKey, e.labels)
  }
  const candidates = [...byWorkload.values()]
  const out: IstioCheck[] = []
  subsets.forEach((subset, i) => {
    const labels = nonEmpty(subset.labels)
    if (!labels) {
      out.push(check('drSubsetNoLabels', ['spec', 'subsets', i],
        `subset "${subset.name}" at spec/subsets[${i}] has no labels, so it selects every workload of the host; ` +
        'add labels that pick its workloads, such as a version label'))
      return
    }
    // Nothing to compare against: a selector-less Service or an external host without endpoints.
    if (!svc || (!svc.selector && !candidates.length)) return
    if (candidates.some((l) => selectorMatches(labels, l))) return
    const present = valuesPresent(labels, candidates)
    const has = candidates.length === 0
      ? 'the host has no workloads'
      : present.length ? `its workloads have ${listText(present)}` : 'its workloads have none of these labels'
    out.push(check('drSubsetNoWorkload', ['spec', 'subsets', i, 'labels'],
      `subset "${subset.name}" at spec/subsets[${i}]/labels selects ${labelsText(labels)}, but no workload of ${host} ` +
      `carries those labels (${has}); correct the labels or deploy the workloads`))
  })
  return out
}

function multiMatchChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const spec = specOf(obj)
  if (!spec.host) return []
  const ns = namespaceOf(obj)
  const host = ctx.resolveHost(spec.host, ns)
  const self = keyOf(obj)
  const mine = new Set((spec.subsets ?? []).map((s) => s.name))
  const others: string[] = []
  const shared = new Set<string>()
  for (const b of ctx.destinationRulesWithHost(host)) {
    if (b.namespace !== ns || keyOf(b.object) === self) continue
    others.push(nameOf(b.object))
    for (const s of specOf(b.object).subsets ?? []) if (mine.has(s.name)) shared.add(s.name)
  }
  if (!others.length) return []
  const overlap = shared.size ? `; both define subset ${listText([...shared].sort())}` : ''
  return [check('drMultiMatch', 'spec/host',
    `host ${host} at spec/host is also the host of ${listText(others.sort())} in namespace ${ns}${overlap}; ` +
    'Istio merges them and the oldest wins on conflicts, so keep one DestinationRule per host')]
}

export const destinationRuleAnalyzers: readonly Analyzer[] = [
  { name: 'destinationrule.host', kinds: ['DestinationRule'], analyze: hostChecks },
  { name: 'destinationrule.subsets', kinds: ['DestinationRule'], analyze: subsetChecks },
  { name: 'destinationrule.multiple', kinds: ['DestinationRule'], analyze: multiMatchChecks },
]
