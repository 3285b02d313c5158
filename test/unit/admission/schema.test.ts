import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../../server/validation/admission/duration.ts'
import { admitNew, error, obj, summary, warning } from './helpers.ts'

describe('schema admission', () => {
  it('reports type errors with the field path and what was expected', () => {
    const checks = admitNew(obj('VirtualService', { hosts: 'reviews', http: [{ route: [{ destination: { host: 'reviews' }, weight: '50' }] }] }))
    expect(summary(checks)).toEqual([error('schema', 'spec/hosts'), error('schema', 'spec/http[0]/route[0]/weight')])
    expect(checks[0].message).toContain('must be an array; got "reviews"')
    expect(checks[1].message).toContain('must be an integer; got "50"')
  })

  it('lists the allowed values of an enum', () => {
    const checks = admitNew(obj('DestinationRule', { host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBBIN' } } }))
    expect(summary(checks)).toEqual([error('schema', 'spec/trafficPolicy/loadBalancer/simple')])
    expect(checks[0].message).toContain('must be one of "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"; got "ROUND_ROBBIN"')
  })

  it('names a missing required field by its own path', () => {
    const checks = admitNew(obj('DestinationRule', { subsets: [{ labels: { version: 'v1' } }] }))
    expect(summary(checks)).toEqual([error('schema', 'spec/host'), error('schema', 'spec/subsets[0]/name')])
    expect(checks[0].message).toContain('host is required')
  })

  it('reads map keys that look like numbers as keys, not list indexes', () => {
    const checks = admitNew(obj('PeerAuthentication', { selector: { matchLabels: { app: 'reviews' } }, portLevelMtls: { 8080: { mode: 'STRIKT' } } }))
    expect(summary(checks)).toEqual([error('schema', 'spec/portLevelMtls/8080/mode')])
  })

  it('rejects a spec that is not a map', () => {
    const o = obj('VirtualService', ['reviews'])
    expect(summary(admitNew(o))).toEqual([error('schema', 'spec')])
  })

  it('warns about fields the schema does not know, suggesting the near one, and still admits', () => {
    const checks = admitNew(obj('VirtualService', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }], timout: '5s' }],
      futureField: { anything: true },
    }))
    expect(summary(checks)).toEqual([warning('unknownField', 'spec/http[0]/timout'), warning('unknownField', 'spec/futureField')])
    expect(checks[0].message).toContain('Did you mean "timeout"?')
    expect(checks[1].message).toContain('Known fields: hosts, gateways, http, tls, tcp, exportTo')
  })

  it('does not warn inside free-form maps', () => {
    const checks = admitNew(obj('Gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert', anyFutureTlsField: 1 } }],
    }))
    expect(checks).toEqual([])
  })
})

describe('parseDuration', () => {
  it.each([
    ['1.5s', 1.5e9], ['100ms', 1e8], ['1h2m3s', 3723e9], ['1m', 6e10], ['250us', 2.5e5], ['250µs', 2.5e5], ['10ns', 10], ['0s', 0],
  ])('parses %s', (text, nanos) => {
    expect(parseDuration(text)).toBe(nanos)
  })

  it.each(['', '10', 's', '-1s', '1.s', '1 s', '1d', '1s2', 'PT1S'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})
