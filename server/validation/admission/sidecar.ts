// Sidecar: each egress listener names the hosts it imports as namespace/host, and the workload
// selector's labels are valid.
import type { SidecarSpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { scopedHostProblem } from './hosts.ts'
import { checkLabels } from './labels.ts'

export function checkSidecar(spec: SidecarSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  spec.egress?.forEach((listener, i) => {
    const at = ['spec', 'egress', i, 'hosts']
    if (listener.hosts.length === 0) {
      out.push(check('invalidField', at, 'an egress listener needs at least one host, e.g. ./* or istio-system/*'))
    }
    listener.hosts.forEach((host, k) => {
      const problem = scopedHostProblem(host, 'sidecar')
      if (problem) out.push(check('invalidField', [...at, k], problem))
    })
  })
  checkLabels(spec.workloadSelector?.labels, ['spec', 'workloadSelector', 'labels'], out)
  return out
}
