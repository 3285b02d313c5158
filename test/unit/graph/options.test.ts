// The graph request's options: defaults, normalization (the cache key), and a 400 naming the
// parameter for every bad value — including names built to smuggle PromQL.
import { describe, expect, it } from 'vitest'
import { APPENDERS } from '../../../shared/graph.ts'
import { parseGraphOptions, parseNodeTarget } from '../../../server/graph/options.ts'
import { BadRequestError } from '../../../server/store/errors.ts'

const NOW = 1_800_000_000
const parse = (q: Record<string, string>) => parseGraphOptions(q, { nowS: NOW })

function rejects(q: Record<string, string>, message: RegExp): void {
  let err: unknown
  try {
    parse(q)
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(BadRequestError)
  expect((err as BadRequestError).statusCode).toBe(400)
  expect((err as Error).message).toMatch(message)
}

describe('graph options', () => {
  it("fills Kiali's defaults, and the contract's for boxes and throughput", () => {
    expect(parse({ namespaces: 'bookinfo' })).toEqual({
      graphType: 'workload', namespaces: ['bookinfo'], duration: 600, queryTime: undefined, injectServiceNodes: false,
      appenders: [...APPENDERS], responseTime: '0.95', throughputType: 'request', boxBy: ['namespace'],
      rates: { grpc: 'requests', http: 'requests', tcp: 'sent' },
    })
  })

  it('normalizes what makes two requests the same graph', () => {
    const a = parse({ namespaces: 'b, a,b', appenders: 'health,deadNode,outsider', boxBy: 'app,namespace' })
    expect(a.namespaces).toEqual(['a', 'b'])
    expect(a.appenders).toEqual(['deadNode', 'health'])
    expect(a.boxBy).toEqual(['namespace', 'app'])
    expect(parse({ namespaces: 'a', appenders: '' }).appenders).toEqual([])
    expect(parse({ namespaces: 'a', boxBy: 'none' }).boxBy).toEqual([])
  })

  it('takes durations as Kiali sends them, in minutes, or as plain seconds', () => {
    expect(parse({ namespaces: 'a', duration: '600s' }).duration).toBe(600)
    expect(parse({ namespaces: 'a', duration: '10m' }).duration).toBe(600)
    expect(parse({ namespaces: 'a', duration: '90' }).duration).toBe(90)
    expect(parse({ namespaces: 'a', duration: '30d' }).duration).toBe(30 * 86400)
    expect(parse({ namespaces: 'a', duration: '10s' }).duration).toBe(10)
  })

  it('forces service nodes on for a service graph', () => {
    expect(parse({ namespaces: 'a', graphType: 'service', injectServiceNodes: 'false' }).injectServiceNodes).toBe(true)
    expect(parse({ namespaces: 'a', injectServiceNodes: 'true' }).injectServiceNodes).toBe(true)
  })

  it('maps responseTime to the statistic', () => {
    expect(parse({ namespaces: 'a', responseTime: 'avg' }).responseTime).toBe('avg')
    expect(parse({ namespaces: 'a', responseTime: '50' }).responseTime).toBe('0.5')
    expect(parse({ namespaces: 'a', responseTime: '99' }).responseTime).toBe('0.99')
  })

  it('keeps a sane queryTime', () => {
    expect(parse({ namespaces: 'a', queryTime: String(NOW - 3600) }).queryTime).toBe(NOW - 3600)
  })

  it.each([
    [{}, /^namespaces: required/],
    [{ namespaces: ' , ' }, /^namespaces: required/],
    [{ namespaces: 'Book_Info' }, /^namespaces: namespace "Book_Info" is not a DNS-1123 label/],
    [{ namespaces: 'a"}or vector(1)' }, /^namespaces: namespace "a\\"}or vector\(1\)" is not a DNS-1123 label/],
    [{ namespaces: 'bookinfo,.*' }, /^namespaces: namespace "\.\*" is not a DNS-1123 label/],
    [{ namespaces: 'a'.repeat(64) }, /not a DNS-1123 label/],
    [{ namespaces: 'a', graphType: 'bogus' }, /^graphType: "bogus" is not one of app, versionedApp, workload, service$/],
    [{ namespaces: 'a', duration: '-600s' }, /^duration: "-600s" is not a duration/],
    [{ namespaces: 'a', duration: '0' }, /^duration: "0" is shorter than the 10 s minimum/],
    [{ namespaces: 'a', duration: '5s' }, /shorter than the 10 s minimum/],
    [{ namespaces: 'a', duration: '31d' }, /^duration: "31d" is longer than the 30-day maximum/],
    [{ namespaces: 'a', duration: '99999999999' }, /^duration: .* is not a duration/],
    [{ namespaces: 'a', duration: '1.5m' }, /is not a duration/],
    [{ namespaces: 'a', queryTime: 'yesterday' }, /^queryTime: "yesterday" is not a unix time in whole seconds$/],
    [{ namespaces: 'a', queryTime: '-5' }, /^queryTime: "-5" is not a unix time/],
    [{ namespaces: 'a', queryTime: '42' }, /^queryTime: 42 is before the year 2000/],
    [{ namespaces: 'a', queryTime: String(NOW + 3600) }, /^queryTime: \d+ is in the future/],
    [{ namespaces: 'a', injectServiceNodes: 'yes' }, /^injectServiceNodes: "yes" is not true or false$/],
    [{ namespaces: 'a', appenders: 'deadNode,fancy' }, /^appenders: "fancy" is not an appender; use any of deadNode, idleNode/],
    [{ namespaces: 'a', responseTime: '90' }, /^responseTime: "90" is not one of avg, 50, 95, 99$/],
    [{ namespaces: 'a', throughputType: 'both' }, /^throughputType: "both" is not one of request, response$/],
    [{ namespaces: 'a', boxBy: 'team' }, /^boxBy: "team" is not one of/],
    [{ namespaces: 'a', rateHttp: 'sent' }, /^rateHttp: "sent" is not one of none, requests$/],
    [{ namespaces: 'a', rateTcp: 'requests' }, /^rateTcp: "requests" is not one of none, sent, received, total$/],
    [{ namespaces: 'a', rateGrpc: 'all' }, /^rateGrpc: "all" is not one of/],
  ] as [Record<string, string>, RegExp][])('400 for %j', (q, message) => rejects(q, message))

  it('refuses an absurd number of namespaces', () => {
    rejects({ namespaces: Array.from({ length: 201 }, (_, i) => `ns${i}`).join(',') }, /^namespaces: 201 namespaces is more than the 200/)
  })
})

describe('node graph targets', () => {
  it('checks the path names and the version', () => {
    expect(parseNodeTarget('app', 'bookinfo', 'reviews', 'v2')).toEqual({ kind: 'app', namespace: 'bookinfo', name: 'reviews', version: 'v2' })
    expect(parseNodeTarget('service', 'bookinfo', '*.example.com', undefined)).toEqual({ kind: 'service', namespace: 'bookinfo', name: '*.example.com' })
    expect(() => parseNodeTarget('workload', 'Book', 'reviews', undefined)).toThrow(/^namespace: namespace "Book" is not a DNS-1123 label/)
    expect(() => parseNodeTarget('workload', 'bookinfo', 'x"}', undefined)).toThrow(/^workload: workload name "x\\"}" is not a DNS-1123 subdomain/)
    expect(() => parseNodeTarget('app', 'bookinfo', 'reviews', 'v2"}')).toThrow(/^version: "v2\\"}" is not a label value/)
    expect(() => parseNodeTarget('workload', 'bookinfo', 'reviews-v1', 'v1')).toThrow(/^version: only an application graph takes a version/)
  })

  it("defaults an application's graph to versionedApp and refuses workload graphs of it", () => {
    const node = parseNodeTarget('app', 'bookinfo', 'reviews', undefined)
    expect(parseGraphOptions({}, { nowS: NOW, node })).toMatchObject({ graphType: 'versionedApp', namespaces: ['bookinfo'], node })
    expect(() => parseGraphOptions({ graphType: 'workload' }, { nowS: NOW, node })).toThrow(/^graphType: an application's graph is an app or versionedApp graph/)
  })
})
