// ServiceEntry: valid hosts and addresses, unique named ports, and endpoints that fit the
// resolution (STATIC needs IP endpoints or a workloadSelector; NONE takes none).
import type { ServiceEntrySpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { ISTIO_LABEL_RULE, hostProblem, isCidr, isIPAddress, isIstioLabel } from './hosts.ts'
import { checkLabels } from './labels.ts'
import { addressProblem, checkPortsAndLabels } from './workloadentry.ts'

export function checkServiceEntry(spec: ServiceEntrySpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkHosts(spec.hosts, out)
  spec.addresses?.forEach((address, i) => {
    if (!isIPAddress(address) && !isCidr(address)) {
      out.push(check('invalidField', ['spec', 'addresses', i], `address ${JSON.stringify(address)} is not an IP address or CIDR block (10.0.0.0/8)`))
    }
  })
  checkPorts(spec, out)
  checkEndpoints(spec, out)
  checkLabels(spec.workloadSelector?.labels, ['spec', 'workloadSelector', 'labels'], out)
  return out
}

function checkHosts(hosts: string[], out: IstioCheck[]): void {
  if (hosts.length === 0) {
    out.push(check('invalidField', ['spec', 'hosts'], 'hosts is required; name at least one host, e.g. api.example.com'))
  }
  hosts.forEach((host, i) => {
    const problem = host === '*' ? 'a ServiceEntry cannot cover every host' : hostProblem(host)
    if (problem) out.push(check('invalidField', ['spec', 'hosts', i], `host ${JSON.stringify(host)} is invalid: ${problem}`))
  })
}

function checkPorts(spec: ServiceEntrySpec, out: IstioCheck[]): void {
  const numbers = new Map<number, number>()
  const names = new Map<string, number>()
  spec.ports?.forEach((port, i) => {
    const at = ['spec', 'ports', i]
    if (port.number < 1) out.push(check('invalidField', [...at, 'number'], `port ${port.number} is out of range; allowed 1–65535`))
    const sameNumber = numbers.get(port.number)
    if (sameNumber === undefined) numbers.set(port.number, i)
    else out.push(check('invalidField', [...at, 'number'],
      `port ${port.number} is already defined by ports[${sameNumber}]; port numbers must be unique`))
    if (!port.name || !isIstioLabel(port.name)) {
      const got = port.name ? `${JSON.stringify(port.name)} is invalid` : 'it is missing'
      out.push(check('invalidField', [...at, 'name'], `port name is required (${ISTIO_LABEL_RULE}, e.g. https); ${got}`))
      return
    }
    const sameName = names.get(port.name)
    if (sameName === undefined) names.set(port.name, i)
    else out.push(check('invalidField', [...at, 'name'],
      `port name ${JSON.stringify(port.name)} is already used by ports[${sameName}]; port names must be unique`))
  })
}

function checkEndpoints(spec: ServiceEntrySpec, out: IstioCheck[]): void {
  const endpoints = spec.endpoints ?? []
  const resolution = spec.resolution ?? 'NONE'
  if (spec.workloadSelector && spec.endpoints) {
    out.push(check('invalidField', ['spec', 'workloadSelector'], 'workloadSelector and endpoints are exclusive; set one'))
  }
  if (resolution === 'STATIC' && endpoints.length === 0 && !spec.workloadSelector) {
    out.push(check('invalidField', ['spec', 'endpoints'], 'resolution STATIC needs endpoints with addresses, or a workloadSelector'))
  }
  if (resolution === 'NONE' && endpoints.length > 0) {
    out.push(check('invalidField', ['spec', 'endpoints'], 'resolution NONE takes no endpoints; use STATIC or DNS to list them'))
  }
  endpoints.forEach((endpoint, i) => {
    const at = ['spec', 'endpoints', i]
    if (!endpoint.address) {
      if (resolution === 'STATIC' || !endpoint.network) {
        out.push(check('invalidField', [...at, 'address'],
          `an endpoint needs an address${resolution === 'STATIC' ? ' (an IP for resolution STATIC)' : ''}`))
      }
    } else {
      // STATIC endpoints are used as they are; DNS endpoints may be names to resolve.
      const problem = addressProblem(endpoint.address, resolution !== 'STATIC')
      if (problem) out.push(check('invalidField', [...at, 'address'], problem))
    }
    checkPortsAndLabels(endpoint, at, out)
  })
}
