// VirtualService: hosts (Istio's wildcard-domain rule, no duplicates or overlaps, `*` only on
// gateways), at least one route, and each http/tcp/tls route's own rules.
import type { Destination, VirtualServiceSpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkWeightedDestinations } from './destination.ts'
import { hostProblem, hostsOverlap, isIPAddress } from './hosts.ts'
import { checkHTTPRoute } from './httproute.ts'
import type { Path } from './path.ts'

export function checkVirtualService(spec: VirtualServiceSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkHosts(spec, out)
  const { http = [], tcp = [], tls = [] } = spec
  if (http.length + tcp.length + tls.length === 0) {
    out.push(check('invalidField', ['spec'], 'a VirtualService needs at least one http, tcp or tls route'))
  }
  http.forEach((r, i) => checkHTTPRoute(r, ['spec', 'http', i], out))
  tcp.forEach((r, i) => checkL4Route(r.route, ['spec', 'tcp', i], 'tcp', out))
  tls.forEach((r, i) => checkL4Route(r.route, ['spec', 'tls', i], 'tls', out))
  return out
}

function checkHosts(spec: VirtualServiceSpec, out: IstioCheck[]): void {
  const hosts = spec.hosts ?? []
  if (hosts.length === 0) {
    out.push(check('invalidField', ['spec', 'hosts'], 'hosts is required; name at least one host this VirtualService routes, e.g. reviews'))
    return
  }
  // Istio: a VirtualService without gateways, or listing "mesh", applies to the mesh's sidecars.
  const gateways = spec.gateways ?? []
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh')
  let allValid = true
  hosts.forEach((host, i) => {
    const problem = isIPAddress(host) ? undefined : hostProblem(host)
    if (problem) {
      out.push(check('invalidField', ['spec', 'hosts', i], `host ${JSON.stringify(host)} is invalid: ${problem}`))
      allValid = false
    } else if (host === '*' && appliesToMesh) {
      out.push(check('invalidField', ['spec', 'hosts', i],
        'host * is only allowed when the VirtualService is bound to gateways (and not to mesh); name the service instead'))
      allValid = false
    }
  })
  if (!allValid) return
  for (let j = 1; j < hosts.length; j++) {
    const i = hosts.findIndex((h, k) => k < j && hostsOverlap(h, hosts[j]))
    if (i >= 0) {
      out.push(check('invalidField', ['spec', 'hosts', j],
        `host ${JSON.stringify(hosts[j])} duplicates hosts[${i}] ${JSON.stringify(hosts[i])}; list each host once`))
    }
  }
}

function checkL4Route(
  route: readonly { destination: Destination; weight?: number }[] | undefined, path: Path, protocol: 'tcp' | 'tls', out: IstioCheck[],
): void {
  if (!route || route.length === 0) {
    out.push(check('invalidField', [...path, 'route'], `a ${protocol} route needs at least one destination under route`))
    return
  }
  checkWeightedDestinations(route, [...path, 'route'], out)
}
