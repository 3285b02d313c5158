// Gateway: at least one server; each with a full port (number, protocol, name), hosts in the
// `[namespace/]host` form, and TLS settings where the protocol needs them; port names unique.
import type { GatewaySpec } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { scopedHostProblem } from './hosts.ts'
import { checkLabels } from './labels.ts'
import type { Path } from './path.ts'

/** Istio's protocol names (matched case-insensitively, as Istio's protocol.Parse does). */
const PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'MONGO', 'MYSQL', 'REDIS', 'TCP', 'TLS', 'UDP']
const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS'])

type Server = NonNullable<GatewaySpec['servers']>[number]

export function checkGateway(spec: GatewaySpec): IstioCheck[] {
  const out: IstioCheck[] = []
  const servers = spec.servers ?? []
  if (servers.length === 0) {
    out.push(check('gatewayServer', ['spec', 'servers'], 'a Gateway needs at least one server (a port and the hosts it serves)'))
  }
  const portNames = new Map<string, number>()
  servers.forEach((server, i) => {
    checkServer(server, ['spec', 'servers', i], out)
    const name = server.port?.name
    if (!name) return
    const first = portNames.get(name)
    if (first === undefined) portNames.set(name, i)
    else out.push(check('gatewayServer', ['spec', 'servers', i, 'port', 'name'],
      `port name ${JSON.stringify(name)} is already used by servers[${first}]; port names must be unique within a Gateway`))
  })
  checkLabels(spec.selector, ['spec', 'selector'], out)
  return out
}

function checkServer(server: Server, path: Path, out: IstioCheck[]): void {
  const hosts = server.hosts ?? []
  if (hosts.length === 0) {
    out.push(check('gatewayServer', [...path, 'hosts'], 'a server needs at least one host, e.g. "*" or "bookinfo.example.com"'))
  }
  hosts.forEach((host, k) => {
    const problem = scopedHostProblem(host, 'gateway')
    if (problem) out.push(check('gatewayServer', [...path, 'hosts', k], `${problem}; hosts are [namespace/]host`))
  })
  const port = server.port
  if (!port) {
    out.push(check('gatewayServer', [...path, 'port'], 'a server needs a port with number, protocol and name'))
    return
  }
  if (port.number < 1) {
    out.push(check('gatewayServer', [...path, 'port', 'number'], `port ${port.number} is out of range; allowed 1–65535`))
  }
  const protocol = port.protocol?.toUpperCase()
  if (!protocol || !PROTOCOLS.includes(protocol)) {
    const got = port.protocol ? `${JSON.stringify(port.protocol)} is not one` : 'it is missing'
    out.push(check('gatewayServer', [...path, 'port', 'protocol'], `protocol must be one of ${PROTOCOLS.join(', ')}; ${got}`))
  } else if (TLS_PROTOCOLS.has(protocol) && !server.tls) {
    out.push(check('gatewayServer', [...path, 'tls'], `a ${protocol} server needs tls settings (e.g. mode: SIMPLE and a credentialName)`))
  }
  if (!port.name) {
    out.push(check('gatewayServer', [...path, 'port', 'name'], 'port name is required, e.g. http'))
  }
}
