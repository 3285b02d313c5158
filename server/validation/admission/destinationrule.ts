// DestinationRule: a valid host, unique well-formed subsets, valid labels, and traffic policies.
import type { DestinationRuleSpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { ISTIO_LABEL_RULE, hostProblem, isIstioLabel } from './hosts.ts'
import { checkLabels } from './labels.ts'
import { checkTrafficPolicy } from './trafficpolicy.ts'

export function checkDestinationRule(spec: DestinationRuleSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  if (spec.host === '') {
    out.push(check('invalidField', ['spec', 'host'], 'host is required; name the service this rule applies to, e.g. reviews'))
  } else {
    const problem = hostProblem(spec.host)
    if (problem) out.push(check('invalidField', ['spec', 'host'], `host ${JSON.stringify(spec.host)} is invalid: ${problem}`))
  }
  if (spec.trafficPolicy) checkTrafficPolicy(spec.trafficPolicy, ['spec', 'trafficPolicy'], out)
  const seen = new Map<string, number>()
  spec.subsets?.forEach((subset, i) => {
    const at = ['spec', 'subsets', i]
    const first = seen.get(subset.name)
    if (first !== undefined) {
      out.push(check('duplicateSubset', [...at, 'name'],
        `subset ${JSON.stringify(subset.name)} is already defined by subsets[${first}]; subset names must be unique`))
    } else {
      seen.set(subset.name, i)
    }
    if (!isIstioLabel(subset.name)) {
      out.push(check('invalidName', [...at, 'name'],
        `subset name ${JSON.stringify(subset.name)} is invalid; use ${ISTIO_LABEL_RULE}`))
    }
    checkLabels(subset.labels, [...at, 'labels'], out)
    if (subset.trafficPolicy) checkTrafficPolicy(subset.trafficPolicy, [...at, 'trafficPolicy'], out)
  })
  checkLabels(spec.workloadSelector?.matchLabels, ['spec', 'workloadSelector', 'matchLabels'], out)
  return out
}
