import { describe, expect, it } from 'vitest'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import { check, generate, mesh, one, proxy, REVIEWS } from './helpers.ts'

const LDS = TYPE_URL.listener
type Json = Record<string, any>

describe('LDS: client listeners', () => {
  it('names the listener exactly as dialed and points it at the service port\'s routes over ADS', () => {
    const l = one(LDS, mesh(), 'reviews:9080')
    expect(l.json).toEqual({
      name: 'reviews:9080',
      apiListener: {
        apiListener: {
          '@type': TYPE_URL.hcm,
          rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: `outbound|9080||${REVIEWS}` },
          httpFilters: [
            { name: 'envoy.filters.http.fault', typedConfig: { '@type': TYPE_URL.fault } },
            { name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } },
          ],
        },
      },
    })
  })

  it('expands every spelling Kubernetes DNS accepts from the proxy\'s namespace', () => {
    const names = ['reviews:9080', 'reviews.bookinfo:9080', 'reviews.bookinfo.svc:9080', `${REVIEWS}:9080`, 'reviews:9443']
    const listeners = generate(LDS, mesh(), names)
    expect(listeners.map((l) => l.name)).toEqual(names)
    expect(listeners.map((l) => (l.json as Json).apiListener.apiListener.rds.routeConfigName)).toEqual([
      ...Array(4).fill(`outbound|9080||${REVIEWS}`), `outbound|9443||${REVIEWS}`,
    ])
  })

  it('resolves a bare name in the proxy\'s own namespace only', () => {
    const elsewhere = proxy({ namespace: 'shop' })
    expect(generate(LDS, mesh(), ['reviews:9080', 'reviews.bookinfo:9080'], elsewhere).map((l) => l.name)).toEqual(['reviews.bookinfo:9080'])
  })

  it('leaves out unknown hosts, ports the service does not have, names without a port and hidden services', () => {
    const hidden = `
apiVersion: v1
kind: Service
metadata: { name: vault, namespace: secure, annotations: { networking.istio.io/exportTo: '.' } }
spec: { selector: { app: vault }, ports: [{ name: grpc, port: 8200 }] }
`
    expect(generate(LDS, mesh(hidden), [
      'nope:9080', 'reviews:1234', 'reviews', 'reviews:0', 'vault.secure:8200', 'xds.istio.io/grpc/lds/inbound/not-an-ip:80',
    ])).toEqual([])
  })

  it('answers a wildcard request with every visible service port by FQDN', () => {
    expect(generate(LDS, mesh(), []).map((l) => l.name)).toEqual([
      'details.bookinfo.svc.cluster.local:9080',
      'productpage.bookinfo.svc.cluster.local:9080',
      'ratings.bookinfo.svc.cluster.local:9080',
      `${REVIEWS}:9080`,
      `${REVIEWS}:9443`,
    ])
  })
})

describe('LDS: server listeners', () => {
  it('gives an xDS-enabled server its bound address with routes that accept every call', () => {
    const name = 'xds.istio.io/grpc/lds/inbound/0.0.0.0:9080'
    const l = one(LDS, mesh(), name)
    expect(l.json).toEqual({
      name,
      address: { socketAddress: { address: '0.0.0.0', portValue: 9080 } },
      filterChains: [{
        name: 'inbound-plaintext',
        filters: [{
          name: 'envoy.filters.network.http_connection_manager',
          typedConfig: {
            '@type': TYPE_URL.hcm,
            routeConfig: {
              name: 'inbound|9080',
              virtualHosts: [{ name: 'inbound', domains: ['*'], routes: [{ match: { prefix: '/' }, nonForwardingAction: {} }] }],
            },
            httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } }],
          },
        }],
      }],
    })
    expect(l.parsed).toMatchObject({ listener_filters: [], use_original_dst: null })
  })

  it('unbrackets IPv6 addresses, as grpc-js compares them with the bound host', () => {
    const l = one(LDS, mesh(), 'xds.istio.io/grpc/lds/inbound/[::]:50051')
    expect((l.json as Json).address.socketAddress).toEqual({ address: '::', portValue: 50051 })
  })
})

describe('the grpc-js-xds validation these tests rely on', () => {
  it('NACKs what the generators must never send', () => {
    const router = { name: 'router', typedConfig: { '@type': TYPE_URL.router } }
    const fault = { name: 'fault', typedConfig: { '@type': TYPE_URL.fault } }
    const listener = (httpFilters: unknown[]) => ({
      name: 'x:1',
      apiListener: { apiListener: { '@type': TYPE_URL.hcm, rds: { configSource: { ads: {} }, routeConfigName: 'r' }, httpFilters } },
    })
    expect(() => check(LDS, { name: 'x:1', message: listener([router, fault]) })).toThrow(/router filter is before the end/)
    const zeroWeights = {
      name: 'r',
      virtualHosts: [{
        name: 'v', domains: ['*'],
        routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: 'a', weight: { value: 0 } }] } } }],
      }],
    }
    expect(() => check(TYPE_URL.route, { name: 'r', message: zeroWeights })).toThrow(/sum of weights is 0/)
  })
})
