import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary } from './helpers.ts'

const server = (extra: Record<string, unknown> = {}) => ({ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], ...extra })

describe('Gateway admission', () => {
  it.each(['v1', 'v1beta1', 'v1alpha3'])('admits the Bookinfo gateway at networking.istio.io/%s', (version) => {
    const gw = fromYaml(`
apiVersion: networking.istio.io/${version}
kind: Gateway
metadata: { name: bookinfo-gateway, namespace: bookinfo }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [bookinfo/bookinfo.example.com, "./*.example.com", "*/reviews.bookinfo.svc.cluster.local"]
    tls: { mode: SIMPLE, credentialName: bookinfo-cert }
`)
    expect(admitNew(gw)).toEqual([])
  })

  it('requires at least one server', () => {
    expect(summary(admitNew(obj('Gateway', { selector: { istio: 'ingressgateway' } })))).toEqual([error('gatewayServer', 'spec/servers')])
    expect(summary(admitNew(obj('Gateway', { servers: [] })))).toEqual([error('gatewayServer', 'spec/servers')])
  })

  it('requires a port with number 1–65535, a known protocol and a name', () => {
    const checks = admitNew(obj('Gateway', {
      servers: [
        { hosts: ['*'] },
        { port: { number: 0, protocol: 'HTTPX' }, hosts: ['*'] },
      ],
    }))
    expect(summary(checks)).toEqual([
      error('gatewayServer', 'spec/servers[0]/port'),
      error('gatewayServer', 'spec/servers[1]/port/number'),
      error('gatewayServer', 'spec/servers[1]/port/protocol'),
      error('gatewayServer', 'spec/servers[1]/port/name'),
    ])
    expect(checks[1].message).toContain('allowed 1–65535')
    expect(checks[2].message).toContain('"HTTPX" is not one')
  })

  it('requires hosts on each server', () => {
    expect(summary(admitNew(obj('Gateway', { servers: [server({ hosts: [] })] })))).toEqual([error('gatewayServer', 'spec/servers[0]/hosts')])
  })

  it('rejects duplicate port names within a Gateway', () => {
    const checks = admitNew(obj('Gateway', { servers: [server(), server({ port: { number: 8080, name: 'http', protocol: 'HTTP' } })] }))
    expect(summary(checks)).toEqual([error('gatewayServer', 'spec/servers[1]/port/name')])
    expect(checks[0].message).toContain('already used by servers[0]')
  })

  it.each([
    ['reviews', 'short name'],
    ['Book_Info/bookinfo.example.com', 'namespace "Book_Info"'],
    ['bookinfo/', 'empty'],
    ['foo*.example.com', 'partial wildcard'],
    ['ns/a..example.com', 'is invalid'],
  ])('rejects the host %j', (host, why) => {
    const checks = admitNew(obj('Gateway', { servers: [server({ hosts: [host] })] }))
    expect(summary(checks)).toEqual([error('gatewayServer', 'spec/servers[0]/hosts[0]')])
    expect(checks[0].message).toContain(why)
  })

  it('requires tls settings on HTTPS servers', () => {
    const checks = admitNew(obj('Gateway', { servers: [server({ port: { number: 443, name: 'https', protocol: 'https' } })] }))
    expect(summary(checks)).toEqual([error('gatewayServer', 'spec/servers[0]/tls')])
  })

  it('rejects a Gateway name with dots, which Istio requires to be a DNS label', () => {
    expect(summary(admitNew(obj('Gateway', { servers: [server()] }, { name: 'bookinfo.gateway' })))).toEqual([error('invalidName', 'metadata/name')])
  })
})
