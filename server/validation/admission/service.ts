// Service (v1), as the Kubernetes API server validates it: ports unique by number and protocol,
// port names unique, valid, and required once there is more than one port; selector labels valid.
import type { ServiceSpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkLabels } from './labels.ts'
import { DNS_LABEL_RULE, dnsLabelProblem } from './names.ts'

export function checkService(spec: ServiceSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  const ports = spec.ports ?? []
  // Kubernetes keys ports by number and protocol: DNS serves 53 over both TCP and UDP.
  const numbers = new Map<string, number>()
  const names = new Map<string, number>()
  ports.forEach((port, i) => {
    const at = ['spec', 'ports', i]
    const key = `${port.port}/${port.protocol ?? 'TCP'}`
    const sameNumber = numbers.get(key)
    if (sameNumber === undefined) numbers.set(key, i)
    else out.push(check('invalidField', [...at, 'port'], `port ${key} is already defined by ports[${sameNumber}]; ports must be unique`))
    if (port.name === undefined || port.name === '') {
      if (ports.length > 1) out.push(check('invalidField', [...at, 'name'], 'port name is required when a Service has more than one port'))
      return
    }
    const problem = dnsLabelProblem(port.name)
    if (problem) out.push(check('invalidField', [...at, 'name'],
      `port name ${JSON.stringify(port.name)} is invalid: ${problem}; use ${DNS_LABEL_RULE}`))
    const sameName = names.get(port.name)
    if (sameName === undefined) names.set(port.name, i)
    else out.push(check('invalidField', [...at, 'name'],
      `port name ${JSON.stringify(port.name)} is already used by ports[${sameName}]; port names must be unique`))
  })
  checkLabels(spec.selector, ['spec', 'selector'], out)
  return out
}
