// WorkloadEntry, WorkloadGroup templates and ServiceEntry endpoints share one shape: an address,
// named ports and labels.
import type { WorkloadEntrySpec, WorkloadGroupSpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { ISTIO_LABEL_RULE, hostProblem, isIPAddress, isIstioLabel } from './hosts.ts'
import { checkLabels } from './labels.ts'
import type { Path } from './path.ts'

export function checkWorkloadEntry(spec: WorkloadEntrySpec): IstioCheck[] {
  const out: IstioCheck[] = []
  if (!spec.address && !spec.network) {
    out.push(check('invalidField', ['spec', 'address'], 'address is required (an IP, a DNS name or unix:///path) unless network is set'))
  } else if (spec.address) {
    const problem = addressProblem(spec.address, true)
    if (problem) out.push(check('invalidField', ['spec', 'address'], problem))
  }
  checkPortsAndLabels(spec, ['spec'], out)
  return out
}

export function checkWorkloadGroup(spec: WorkloadGroupSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkLabels(spec.metadata?.labels, ['spec', 'metadata', 'labels'], out)
  // The template's address is filled in per workload, so only its ports and labels are checked.
  checkPortsAndLabels(spec.template, ['spec', 'template'], out)
  return out
}

/** Why an endpoint address is unusable: an IP, a unix socket path, or (when allowed) a DNS name. */
export function addressProblem(address: string, allowDnsName: boolean): string | undefined {
  if (isIPAddress(address)) return undefined
  if (address.startsWith('unix://')) {
    const socket = address.slice('unix://'.length)
    if (socket.startsWith('/') || socket.startsWith('@')) return undefined
    return `unix address ${JSON.stringify(address)} needs an absolute path (unix:///run/app.sock)`
  }
  if (!allowDnsName) return `address ${JSON.stringify(address)} is not an IP address`
  const problem = hostProblem(address)
  return problem && `address ${JSON.stringify(address)} is neither an IP address nor a DNS name: ${problem}`
}

export function checkPortsAndLabels(entry: WorkloadEntrySpec, path: Path, out: IstioCheck[]): void {
  for (const [name, port] of Object.entries(entry.ports ?? {})) {
    const at = [...path, 'ports', name]
    if (!isIstioLabel(name)) {
      out.push(check('invalidField', at, `port name ${JSON.stringify(name)} is invalid; use ${ISTIO_LABEL_RULE}`))
    }
    if (port < 1) out.push(check('invalidField', at, `port ${port} is out of range; allowed 1–65535`))
  }
  checkLabels(entry.labels, [...path, 'labels'], out)
}
