import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary, warning } from './helpers.ts'

const se = (spec: Record<string, unknown>) => obj('ServiceEntry', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }], ...spec })

describe('ServiceEntry admission', () => {
  it('admits Istio documentation examples (external DNS and mesh-internal static)', () => {
    const external = fromYaml(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external-svc-https, namespace: bookinfo }
spec:
  hosts: [api.dropboxapi.com, www.googleapis.com]
  location: MESH_EXTERNAL
  ports:
  - { number: 443, name: https, protocol: TLS }
  resolution: DNS
`)
    const internal = fromYaml(`
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: { name: mongo, namespace: bookinfo }
spec:
  hosts: [mymongodb.somedomain]
  addresses: [192.192.192.192/24]
  ports:
  - { number: 27018, name: mongodb, protocol: MONGO }
  location: MESH_INTERNAL
  resolution: STATIC
  endpoints:
  - { address: 2.2.2.2 }
  - { address: 3.3.3.3, ports: { mongodb: 27019 }, labels: { version: v1 } }
`)
    expect(admitNew(external)).toEqual([])
    expect(admitNew(internal)).toEqual([])
  })

  it('requires hosts, and valid ones', () => {
    expect(summary(admitNew(se({ hosts: [] })))).toEqual([error('invalidField', 'spec/hosts')])
    expect(summary(admitNew(obj('ServiceEntry', {})))).toEqual([error('schema', 'spec/hosts')])
    const checks = admitNew(se({ hosts: ['*', 'api.example.com', 'bad host'] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/hosts[0]'), error('invalidField', 'spec/hosts[2]')])
  })

  it('rejects duplicate port numbers and names', () => {
    const checks = admitNew(se({ ports: [{ number: 443, name: 'https' }, { number: 443, name: 'tls' }, { number: 80, name: 'https' }, { number: 0, name: 'zero' }] }))
    expect(summary(checks)).toEqual([
      error('invalidField', 'spec/ports[1]/number'),
      error('invalidField', 'spec/ports[2]/name'),
      error('invalidField', 'spec/ports[3]/number'),
    ])
  })

  it('needs endpoints or a workloadSelector for resolution STATIC', () => {
    const checks = admitNew(se({ resolution: 'STATIC' }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/endpoints')])
    expect(checks[0].message).toContain('resolution STATIC needs endpoints')
    expect(admitNew(se({ resolution: 'STATIC', workloadSelector: { labels: { app: 'vm' } } }))).toEqual([])
  })

  it('needs IP addresses on STATIC endpoints', () => {
    const checks = admitNew(se({ resolution: 'STATIC', endpoints: [{ labels: { app: 'vm' } }, { address: 'vm.example.com' }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/endpoints[0]/address'), error('invalidField', 'spec/endpoints[1]/address')])
  })

  it('rejects invalid addresses and endpoints for resolution NONE', () => {
    const checks = admitNew(se({ addresses: ['10.0.0.0/33', '10.1.2.3'], endpoints: [{ address: '1.1.1.1' }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/addresses[0]'), error('invalidField', 'spec/endpoints')])
  })
})

describe('WorkloadEntry admission', () => {
  it('admits a VM workload', () => {
    expect(admitNew(obj('WorkloadEntry', { address: '10.0.0.7', ports: { http: 9080 }, labels: { app: 'details', version: 'v1' }, serviceAccount: 'details' }))).toEqual([])
    expect(admitNew(obj('WorkloadEntry', { network: 'vm-network', labels: { app: 'details' } }))).toEqual([])
  })

  it('requires an address unless a network is set', () => {
    const checks = admitNew(obj('WorkloadEntry', { labels: { app: 'details' } }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/address')])
  })

  it('rejects port 0, bad port names, invalid labels and addresses', () => {
    const checks = admitNew(obj('WorkloadEntry', { address: 'unix://relative.sock', ports: { http: 0, 'bad_name': 80 }, labels: { app: 'a b' } }))
    expect(summary(checks)).toEqual([
      error('invalidField', 'spec/address'),
      error('invalidField', 'spec/ports/http'),
      error('invalidField', 'spec/ports/bad_name'),
      error('invalidLabel', 'spec/labels/app'),
    ])
  })

  it('checks WorkloadGroup templates without requiring their address', () => {
    expect(admitNew(obj('WorkloadGroup', { metadata: { labels: { app: 'ratings' } }, template: { ports: { http: 9080 }, serviceAccount: 'ratings' } }))).toEqual([])
    const checks = admitNew(obj('WorkloadGroup', { metadata: { labels: { 'x/y/z': 'a' } }, template: { labels: { app: '-x' }, nope: 1 } }))
    expect(summary(checks)).toEqual([
      warning('unknownField', 'spec/template/nope'),
      error('invalidLabel', 'spec/metadata/labels/x/y/z'),
      error('invalidLabel', 'spec/template/labels/app'),
    ])
  })
})
