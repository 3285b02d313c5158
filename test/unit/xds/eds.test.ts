import { describe, expect, it } from 'vitest'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { generate, mesh, one, REVIEWS, REVIEWS_SUBSETS } from './helpers.ts'

const EDS = TYPE_URL.endpoint
const name = (subset: string, port = 9080) => `outbound|${port}|${subset}|${REVIEWS}`

const ep = (address: string, port: number, weight = 1) => ({
  endpoint: { address: { socketAddress: { address, portValue: port } } },
  healthStatus: 'HEALTHY',
  loadBalancingWeight: { value: weight },
})

describe('EDS: cluster load assignments', () => {
  it('groups a service port\'s endpoints by locality, weighted by their endpoints', () => {
    const a = one(EDS, mesh(), name(''))
    expect(a.json).toEqual({
      clusterName: name(''),
      endpoints: [
        {
          locality: { region: 'us-east', zone: 'us-east-1a', subZone: '' },
          lbEndpoints: [ep('10.0.0.3', 9080), ep('10.0.0.5', 9080)],
          loadBalancingWeight: { value: 2 },
          priority: 0,
        },
        {
          locality: { region: 'us-east', zone: 'us-east-1b', subZone: 'rack-7' },
          lbEndpoints: [ep('10.0.0.4', 9080, 3), ep('10.0.0.7', 9080)],
          loadBalancingWeight: { value: 4 },
          priority: 0,
        },
      ],
    })
  })

  it('keeps only the endpoints whose labels include the subset\'s, on the cluster\'s port', () => {
    const snapshot = mesh(REVIEWS_SUBSETS)
    const addresses = (n: string) => (one(EDS, snapshot, n).json.endpoints as { lbEndpoints: ReturnType<typeof ep>[] }[])
      .flatMap((l) => l.lbEndpoints.map((e) => `${e.endpoint.address.socketAddress.address}:${e.endpoint.address.socketAddress.portValue}`))
    expect(addresses(name('v1'))).toEqual(['10.0.0.3:9080'])
    expect(addresses(name('v2'))).toEqual(['10.0.0.4:9080', '10.0.0.7:9080'])
    expect(addresses(name('v3', 9443))).toEqual(['10.0.0.5:9443'])
  })

  it('sends an empty assignment for a known cluster with no endpoints, so clients fail fast', () => {
    const snapshot = mesh(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec: { host: reviews, subsets: [{ name: v4, labels: { version: v4 } }] }
`)
    expect(one(EDS, snapshot, name('v4')).json).toEqual({ clusterName: name('v4') })
  })

  it('leaves out hostnames and repeated addresses, and never sends a weight of 0', () => {
    const snapshot = mesh(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: payments, namespace: bookinfo }
spec:
  hosts: [payments.example.com]
  ports: [{ number: 443, name: grpc, protocol: GRPC }]
  resolution: STATIC
  endpoints:
  - { address: payments.example.com }
  - { address: 192.0.2.10, weight: 0 }
  - { address: 192.0.2.10 }
  - { address: '2001:db8::1' }
`)
    expect(one(EDS, snapshot, 'outbound|443||payments.example.com').json.endpoints).toEqual([{
      locality: { region: '', zone: '', subZone: '' },
      lbEndpoints: [ep('192.0.2.10', 443), ep('2001:db8::1', 443)],
      loadBalancingWeight: { value: 2 },
      priority: 0,
    }])
  })

  it('leaves out unknown clusters', () => {
    expect(generate(EDS, mesh(REVIEWS_SUBSETS), [name('v9'), name('', 1), 'outbound|9080||nope.bookinfo.svc.cluster.local'])).toEqual([])
  })
})
