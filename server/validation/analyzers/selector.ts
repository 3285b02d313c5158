// The workload-selector check shared by the namespace-scoped kinds (PeerAuthentication,
// RequestAuthentication, AuthorizationPolicy, Sidecar): a selector that picks nothing.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import type { Labels } from '../../mesh/labels.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { labelsText, namespaceOf, nonEmpty } from './format.ts'

export function selectorChecks(ctx: AnalysisContext, obj: ConfigObject, selector: Labels | undefined, path: string): IstioCheck[] {
  const labels = nonEmpty(selector)
  if (!labels) return []
  const ns = namespaceOf(obj)
  if (ctx.workloadsMatching(ns, labels).length) return []
  return [check('selectorNoWorkload', path,
    `${labelsText(labels)} at ${path}: no workload in namespace ${ns} carries these labels, so this ${obj.kind} ` +
    'applies to nothing; correct the labels or deploy the workload')]
}
