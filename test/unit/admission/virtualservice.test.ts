import { describe, expect, it } from 'vitest'
import { admitNew, error, errorsOf, fromYaml, obj, summary } from './helpers.ts'

const VERSIONS = ['v1', 'v1beta1', 'v1alpha3']

/** Istio's Bookinfo `reviews` VirtualService (samples/bookinfo/networking), at a given version. */
function bookinfoReviews(version: string) {
  return fromYaml(`
apiVersion: networking.istio.io/${version}
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    fault:
      delay:
        percentage:
          value: 100.0
        fixedDelay: 7s
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v3
      weight: 50
    timeout: 10s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: gateway-error,connect-failure
`)
}

const route = (http: unknown[], extra: Record<string, unknown> = {}) => obj('VirtualService', { hosts: ['reviews'], http, ...extra })
const dest = (subset: string, weight?: number) => ({ destination: { host: 'reviews', subset }, ...(weight === undefined ? {} : { weight }) })

describe('VirtualService admission', () => {
  it.each(VERSIONS)('admits Bookinfo reviews at networking.istio.io/%s with no checks', (version) => {
    expect(admitNew(bookinfoReviews(version))).toEqual([])
  })

  it('admits the Bookinfo gateway VirtualService with uri matches and a * host on a gateway', () => {
    const vs = fromYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: bookinfo, namespace: bookinfo }
spec:
  hosts: ["*"]
  gateways: [bookinfo-gateway]
  http:
  - match:
    - uri: { exact: /productpage }
    - uri: { prefix: /static }
    - uri: { regex: '^/api/v1/products(/.*)?$' }
    route:
    - destination: { host: productpage, port: { number: 9080 } }
`)
    expect(admitNew(vs)).toEqual([])
  })

  it('rejects a missing hosts list', () => {
    const checks = admitNew(obj('VirtualService', { http: [{ route: [dest('v1')] }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/hosts')])
    expect(checks[0].message).toContain('hosts is required')
  })

  it('rejects invalid, duplicate and overlapping hosts', () => {
    const checks = admitNew(obj('VirtualService', {
      hosts: ['reviews', 'bad_host.example.com'], http: [{ route: [dest('v1')] }],
    }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/hosts[1]')])
    expect(checks[0].message).toContain('"bad_host"')

    const dup = admitNew(obj('VirtualService', {
      hosts: ['a.example.com', '*.example.com', 'reviews', 'reviews'], http: [{ route: [dest('v1')] }],
    }))
    expect(summary(dup)).toEqual([error('invalidField', 'spec/hosts[1]'), error('invalidField', 'spec/hosts[3]')])
    expect(dup[1].message).toContain('duplicates hosts[2]')
  })

  it('rejects host * for the mesh, allows it for gateways only', () => {
    const mesh = admitNew(obj('VirtualService', { hosts: ['*'], http: [{ route: [dest('v1')] }] }))
    expect(summary(mesh)).toEqual([error('invalidField', 'spec/hosts[0]')])
    const both = admitNew(obj('VirtualService', { hosts: ['*'], gateways: ['gw', 'mesh'], http: [{ route: [dest('v1')] }] }))
    expect(summary(both)).toEqual([error('invalidField', 'spec/hosts[0]')])
  })

  it('rejects a VirtualService with no routes at all', () => {
    expect(summary(admitNew(obj('VirtualService', { hosts: ['reviews'] })))).toEqual([error('invalidField', 'spec')])
  })

  it('rejects an http route that does nothing', () => {
    const checks = admitNew(route([{ match: [{ uri: { prefix: '/' } }] }]))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/http[0]')])
  })

  it('rejects a negative weight, naming the field and the rule', () => {
    const checks = admitNew(route([{ route: [dest('v1', 105), dest('v2', -5)] }]))
    expect(summary(checks)).toEqual([error('invalidWeight', 'spec/http[0]/route[1]/weight')])
    expect(checks[0].message).toContain('weight -5 is negative; weights must be integers ≥ 0')
  })

  it('rejects several destinations that all weigh 0, but not a single unweighted one', () => {
    const checks = admitNew(route([{ route: [dest('v1', 0), dest('v2')] }]))
    expect(summary(checks)).toEqual([error('invalidWeight', 'spec/http[0]/route')])
    expect(admitNew(route([{ route: [dest('v1')] }]))).toEqual([])
  })

  it('checks tcp and tls route weights too', () => {
    const checks = admitNew(obj('VirtualService', {
      hosts: ['mongo'],
      tcp: [{ route: [{ destination: { host: 'mongo' }, weight: -1 }] }, {}],
    }))
    expect(summary(checks)).toEqual([error('invalidWeight', 'spec/tcp[0]/route[0]/weight'), error('invalidField', 'spec/tcp[1]/route')])
  })

  it('rejects a non-integer weight through the schema', () => {
    const checks = admitNew(route([{ route: [dest('v1', 50.5), dest('v2', 49.5)] }]))
    expect(summary(checks)).toEqual([error('schema', 'spec/http[0]/route[0]/weight'), error('schema', 'spec/http[0]/route[1]/weight')])
    expect(checks[0].message).toContain('must be an integer; got 50.5')
  })

  it('requires destination.host', () => {
    const missing = admitNew(route([{ route: [{ destination: { subset: 'v1' } }] }]))
    expect(summary(missing)).toEqual([error('schema', 'spec/http[0]/route[0]/destination/host')])
    const empty = admitNew(route([{ route: [{ destination: { host: '' } }] }]))
    expect(summary(empty)).toEqual([error('invalidField', 'spec/http[0]/route[0]/destination/host')])
  })

  it('rejects redirects: the proxyless gRPC data plane cannot redirect', () => {
    const checks = admitNew(route([{ redirect: { uri: '/v2/reviews' } }]))
    expect(summary(checks)).toEqual([error('redirectNotAllowed', 'spec/http[0]/redirect')])
    expect(checks[0].message).toMatch(/proxyless gRPC.*cannot/)
  })

  it('accepts directResponse and delegate as route actions', () => {
    expect(admitNew(route([{ directResponse: { status: 503 } }, { delegate: { name: 'reviews-v2', namespace: 'bookinfo' } }]))).toEqual([])
    const bad = admitNew(route([{ directResponse: { status: 99 }, route: [dest('v1')] }]))
    expect(summary(bad)).toEqual([error('invalidField', 'spec/http[0]/directResponse'), error('invalidField', 'spec/http[0]/directResponse/status')])
  })

  it('rejects durations under 1ms and text that is not a duration', () => {
    const checks = admitNew(route([{
      route: [dest('v1')],
      timeout: '0s',
      retries: { attempts: 2, perTryTimeout: '500us' },
      fault: { delay: { fixedDelay: '5 seconds' } },
    }]))
    expect(summary(checks)).toEqual([
      error('invalidDuration', 'spec/http[0]/fault/delay/fixedDelay'),
      error('invalidDuration', 'spec/http[0]/timeout'),
      error('invalidDuration', 'spec/http[0]/retries/perTryTimeout'),
    ])
    expect(checks[0].message).toContain('"5 seconds" is not a duration')
    expect(checks[1].message).toContain('0s is shorter than 1ms')
  })

  it('rejects negative retry attempts', () => {
    const checks = admitNew(route([{ route: [dest('v1')], retries: { attempts: -1 } }]))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/http[0]/retries/attempts')])
  })

  it('checks fault percentages and abort statuses', () => {
    const percentage = admitNew(route([{ route: [dest('v1')], fault: { abort: { httpStatus: 503, percentage: { value: 120 } } } }]))
    expect(summary(percentage)).toEqual([error('schema', 'spec/http[0]/fault/abort/percentage/value')])
    expect(percentage[0].message).toContain('must be ≤ 100; got 120')
    const fine = { route: [dest('v1')], fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 10 } }, delay: { fixedDelay: '1s', percent: 50 } } }
    expect(admitNew(route([fine]))).toEqual([])
    const rules = admitNew(route([
      { route: [dest('v1')], fault: { abort: { percentage: { value: 20 } } } },
      { route: [dest('v1')], fault: { abort: { httpStatus: 700 } } },
      { route: [dest('v1')], fault: { abort: { grpcStatus: 'NOPE' } } },
      { route: [dest('v1')], fault: { delay: { fixedDelay: '1s', percent: 101 } } },
      { route: [dest('v1')], fault: {} },
    ]))
    expect(summary(rules)).toEqual([
      error('invalidField', 'spec/http[0]/fault/abort'),
      error('invalidField', 'spec/http[1]/fault/abort/httpStatus'),
      error('invalidField', 'spec/http[2]/fault/abort/grpcStatus'),
      error('invalidField', 'spec/http[3]/fault/delay/percent'),
      error('invalidField', 'spec/http[4]/fault'),
    ])
    expect(rules[0].message).toContain('httpStatus (200–599) or grpcStatus')
  })

  it('rejects regexes RE2 cannot compile, with the RE2 error', () => {
    const checks = admitNew(route([{
      match: [{
        uri: { regex: '/api/(?=v1)' },
        headers: { 'x-user': { regex: '(a' } },
        queryParams: { q: { regex: '\\1' } },
        withoutHeaders: { 'x-debug': { regex: '[z-a]' } },
        authority: { regex: 'ok.*' },
      }],
      route: [dest('v1')],
      rewrite: { uriRegexRewrite: { match: 'a{2,1}', rewrite: '/' } },
    }]))
    expect(summary(checks)).toEqual([
      error('invalidRegex', 'spec/http[0]/match[0]/uri/regex'),
      error('invalidRegex', 'spec/http[0]/match[0]/queryParams/q/regex'),
      error('invalidRegex', 'spec/http[0]/match[0]/headers/x-user/regex'),
      error('invalidRegex', 'spec/http[0]/match[0]/withoutHeaders/x-debug/regex'),
      error('invalidRegex', 'spec/http[0]/rewrite/uriRegexRewrite/match'),
    ])
    expect(checks[0].message).toContain('invalid or unsupported Perl syntax')
    expect(checks[2].message).toContain('missing closing )')
  })

  it('requires exactly one of exact/prefix/regex, except a header presence match', () => {
    const checks = admitNew(route([{
      match: [{ uri: { exact: '/a', prefix: '/a' }, method: {}, headers: { 'x-canary': {} } }],
      route: [dest('v1')],
    }]))
    expect(summary(checks)).toEqual([
      error('invalidField', 'spec/http[0]/match[0]/uri'),
      error('invalidField', 'spec/http[0]/match[0]/method'),
    ])
    expect(checks[0].message).toContain('exact and prefix are set')
  })

  it('requires lower-case header names', () => {
    const checks = admitNew(route([{ match: [{ headers: { 'End-User': { exact: 'jason' } } }], route: [dest('v2')] }]))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/http[0]/match[0]/headers/End-User')])
  })

  it('checks match sourceLabels', () => {
    const checks = admitNew(route([{ match: [{ sourceLabels: { app: 'bad value' } }], route: [dest('v1')] }]))
    expect(summary(checks)).toEqual([error('invalidLabel', 'spec/http[0]/match[0]/sourceLabels/app')])
  })

  it('reports every rule error on one object, not just the first', () => {
    const checks = admitNew(route([{ route: [dest('v1', -1), dest('v2', 1)], redirect: { uri: '/x' }, timeout: '0ms' }]))
    expect(errorsOf(checks).map((c) => c.path)).toEqual([
      'spec/http[0]/redirect', 'spec/http[0]/route[0]/weight', 'spec/http[0]/timeout',
    ])
  })
})
