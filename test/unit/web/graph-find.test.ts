import { describe, expect, it } from 'vitest'
import { parseFind, type Matcher } from '../../../web/pages/Graph/find/evaluate.ts'
import { parseFindExpression } from '../../../web/pages/Graph/find/parser.ts'
import { FindSyntaxError, tokenize } from '../../../web/pages/Graph/find/tokenizer.ts'
import { buildModel, type GraphModel } from '../../../web/pages/Graph/model.ts'
import { bookinfo } from '../../fixtures/graph/bookinfo.ts'

const model: GraphModel = buildModel(bookinfo())

function matcher(expr: string): Matcher {
  const r = parseFind(expr)
  if (!r.ok) throw new Error(`"${expr}" did not parse: ${r.error.message}`)
  if (!r.matcher) throw new Error(`"${expr}" is blank`)
  return r.matcher
}

/** The ids of the nodes (boxes aside) and edges the expression matches, sorted. */
function matches(expr: string): { nodes: string[]; edges: string[] } {
  const m = matcher(expr)
  return {
    nodes: m.node ? [...model.nodes.values()].filter((n) => !n.isBox && m.node!(n)).map((n) => n.id).sort() : [],
    edges: m.edge ? [...model.edges.values()].filter((e) => m.edge!(e)).map((e) => e.id).sort() : [],
  }
}

const nodesOf = (expr: string) => matches(expr).nodes
const edgesOf = (expr: string) => matches(expr).edges

function error(expr: string): FindSyntaxError {
  const r = parseFind(expr)
  if (r.ok) throw new Error(`"${expr}" parsed, an error was expected`)
  return r.error
}

describe('find/hide tokenizer', () => {
  it('reads words, quoted strings, operators (longest first), parentheses and && ||, with positions', () => {
    const t = tokenize('app!*="a b" && (rt>=5 || !idle)')
    expect(t.map((x) => [x.kind, x.text])).toEqual([
      ['word', 'app'],
      ['op', '!*='],
      ['string', 'a b'],
      ['and', '&&'],
      ['lparen', '('],
      ['word', 'rt'],
      ['op', '>='],
      ['word', '5'],
      ['or', '||'],
      ['bang', '!'],
      ['word', 'idle'],
      ['rparen', ')'],
      ['end', ''],
    ])
    expect(t[1]).toMatchObject({ start: 3, end: 6 })
    expect(t[2]).toMatchObject({ start: 6, end: 11 })
  })

  it('keeps %, :, / and single & | inside words (field names, principals, labels)', () => {
    expect(tokenize('%httperr label:app.kubernetes.io/name spiffe://c/ns/a&b').map((x) => x.text)).toEqual([
      '%httperr',
      'label:app.kubernetes.io/name',
      'spiffe://c/ns/a&b',
      '',
    ])
  })

  it('reads and/or case-insensitively as conjunctions; backslash escapes inside quotes', () => {
    expect(tokenize('a AND b Or c').map((x) => x.kind)).toEqual(['word', 'and', 'word', 'or', 'word', 'end'])
    expect(tokenize('"say \\"hi\\""')[0].text).toBe('say "hi"')
  })

  it('rejects an unclosed quote, pointing at it', () => {
    expect(() => tokenize('app = "rev')).toThrow(FindSyntaxError)
    expect(() => tokenize('app = "rev')).toThrow('The quote at column 7 is never closed')
  })
})

describe('find/hide node fields', () => {
  it('compares text with = != and the string operators, case-sensitively', () => {
    expect(nodesOf('app = reviews')).toEqual(['reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'])
    expect(nodesOf('app = Reviews')).toEqual([])
    expect(nodesOf('app != reviews and ns = bookinfo')).toEqual(['details-v1', 'details-v2', 'productpage-v1', 'ratings-v1', 'ratings-v2'])
    expect(nodesOf('app *= view')).toEqual(nodesOf('app = reviews'))
    expect(nodesOf('app contains view')).toEqual(nodesOf('app = reviews'))
    expect(nodesOf('app ^= rat')).toEqual(['ratings-v1', 'ratings-v2'])
    expect(nodesOf('app startswith rat')).toEqual(['ratings-v1', 'ratings-v2'])
    expect(nodesOf('app $= page')).toEqual(['productpage-v1'])
    expect(nodesOf('app endswith page')).toEqual(['productpage-v1'])
    expect(nodesOf('app !*= e')).toEqual(['mongodb', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(nodesOf('app not contains e')).toEqual(['mongodb', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(nodesOf('app !contains e')).toEqual(['mongodb', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(nodesOf('app ! contains e')).toEqual(['mongodb', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(nodesOf('app !^= r and app !$= s and ns = bookinfo')).toEqual(['productpage-v1'])
    expect(nodesOf('app not startswith r and app not endswith s and ns = bookinfo')).toEqual(['productpage-v1'])
  })

  it('knows namespace (ns), version, workload (wl), service (svc), cluster and operation (op)', () => {
    expect(nodesOf('ns = db')).toEqual(['mongodb'])
    expect(nodesOf('namespace = db')).toEqual(['mongodb'])
    expect(nodesOf('version = v3')).toEqual(['reviews-v3'])
    expect(nodesOf('wl = reviews-v2')).toEqual(['reviews-v2'])
    expect(nodesOf('workload ^= mongo')).toEqual(['mongodb'])
    expect(nodesOf('svc = reviews')).toEqual(['reviews'])
    expect(nodesOf('service = reviews')).toEqual(['reviews'])
    expect(nodesOf('cluster = Kubernetes')).toHaveLength(11)
    expect(nodesOf('op = x')).toEqual([])
  })

  it('node = type, with Kiali abbreviations; = and != only', () => {
    expect(nodesOf('node = svc')).toEqual(['reviews'])
    expect(nodesOf('node = service')).toEqual(['reviews'])
    expect(nodesOf('node = wl')).toEqual(['mongodb'])
    expect(nodesOf('node = unknown')).toEqual(['unknown'])
    expect(nodesOf('node != app')).toEqual(['mongodb', 'reviews', 'unknown'])
    expect(nodesOf('NODE = APP')).toHaveLength(8)
  })

  it('name matches any of app, service, workload or operation; negated, none of them', () => {
    expect(nodesOf('name = reviews')).toEqual(['reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'])
    expect(nodesOf('name = mongodb-v1')).toEqual(['mongodb'])
    expect(nodesOf('name != reviews and ns = bookinfo')).toEqual(['details-v1', 'details-v2', 'productpage-v1', 'ratings-v1', 'ratings-v2'])
    expect(nodesOf('name not contains e')).toEqual(['mongodb', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(nodesOf('name !*= g')).toEqual(['details-v1', 'details-v2', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'unknown'])
  })

  it('compares node rates as numbers; absent rates are 0; NaN means no activity', () => {
    expect(nodesOf('httpin > 5')).toEqual(['productpage-v1', 'details-v1', 'reviews'].sort())
    expect(nodesOf('httpin >= 5')).toEqual(['details-v1', 'productpage-v1', 'reviews', 'reviews-v1'])
    expect(nodesOf('httpin < 3 and httpin > 0')).toEqual(['reviews-v3'])
    expect(nodesOf('httpin <= 3 and httpin != 0')).toEqual(['reviews-v2', 'reviews-v3'])
    expect(nodesOf('httpin = 10')).toEqual(['details-v1', 'productpage-v1', 'reviews'])
    expect(nodesOf('httpout = 20.0')).toEqual(['productpage-v1'])
    expect(nodesOf('grpcin > 0')).toEqual(['ratings-v1'])
    expect(nodesOf('grpcout >= 2')).toEqual(['reviews-v2', 'reviews-v3'])
    expect(nodesOf('tcpin > 1000')).toEqual(['mongodb'])
    expect(nodesOf('tcpout > 1000')).toEqual(['ratings-v1'])
    expect(nodesOf('httpout = NaN and ns = bookinfo')).toEqual(['details-v1', 'details-v2', 'ratings-v1', 'ratings-v2', 'reviews-v1', 'reviews-v2', 'reviews-v3'])
    expect(nodesOf('httpout != nan')).toEqual(['productpage-v1', 'reviews', 'unknown'])
  })

  it('label:<key> compares a label, or alone tests that the label exists', () => {
    expect(nodesOf('label:region = east')).toEqual(['productpage-v1'])
    expect(nodesOf('label:region')).toEqual(['productpage-v1'])
    expect(nodesOf('!label:region and ns = db')).toEqual(['mongodb'])
    expect(nodesOf('label:region != east and ns = db')).toEqual(['mongodb'])
  })
})

describe('find/hide flags', () => {
  it('tests each node flag and its abbreviations', () => {
    expect(nodesOf('dead')).toEqual(['ratings-v2'])
    expect(nodesOf('idle')).toEqual(['details-v2'])
    expect(nodesOf('outside')).toEqual(['mongodb'])
    expect(nodesOf('root')).toEqual(['unknown'])
    expect(nodesOf('trafficsource')).toEqual(['unknown'])
    expect(nodesOf('vs')).toEqual(['reviews'])
    expect(nodesOf('virtualservice')).toEqual(['reviews'])
    expect(nodesOf('cb')).toEqual(['reviews'])
    expect(nodesOf('circuitbreaker')).toEqual(['reviews'])
    expect(nodesOf('fi')).toEqual(['reviews-v3'])
    expect(nodesOf('faultinjection')).toEqual(['reviews-v3'])
    expect(nodesOf('ts')).toEqual(['reviews'])
    expect(nodesOf('trafficshifting')).toEqual(['reviews'])
    expect(nodesOf('rr')).toEqual([])
    expect(nodesOf('requestrouting')).toEqual([])
    expect(nodesOf('rto')).toEqual([])
    expect(nodesOf('requesttimeout')).toEqual([])
    expect(nodesOf('mi')).toEqual([])
    expect(nodesOf('mirroring')).toEqual([])
    expect(nodesOf('sidecar')).toEqual(['unknown'])
    expect(nodesOf('outofmesh')).toEqual(['unknown'])
    expect(nodesOf('se')).toEqual([])
    expect(nodesOf('serviceentry')).toEqual([])
  })

  it('negates with ! or not, optionally after is/has', () => {
    expect(nodesOf('!idle and app = details')).toEqual(['details-v1'])
    expect(nodesOf('not idle and app = details')).toEqual(['details-v1'])
    expect(nodesOf('is idle')).toEqual(['details-v2'])
    expect(nodesOf('has vs')).toEqual(['reviews'])
    expect(nodesOf('is not idle and app = details')).toEqual(['details-v1'])
    expect(nodesOf('! is idle and app = details')).toEqual(['details-v1'])
    expect(nodesOf('!!idle')).toEqual(['details-v2'])
  })

  it('health flags test nodes and edges; negated, only what has a known health', () => {
    expect(matches('failure')).toEqual({ nodes: ['reviews-v2'], edges: ['e-ratings2', 'e-rv2'] })
    expect(matches('unhealthy')).toEqual(matches('failure'))
    expect(matches('degraded')).toEqual({ nodes: ['ratings-v1', 'reviews'], edges: ['e-reviews'] })
    expect(nodesOf('healthy')).toEqual(['details-v1', 'productpage-v1', 'reviews-v1', 'reviews-v3'])
    // NA (details-v2, ratings-v2) and no health (unknown, mongodb) are neither healthy nor unhealthy.
    expect(nodesOf('!healthy')).toEqual(['ratings-v1', 'reviews', 'reviews-v2'])
    expect(edgesOf('!failure')).toEqual(['e-details', 'e-ingress', 'e-mongo', 'e-ratings3', 'e-reviews', 'e-rv1', 'e-rv3'])
  })

  it('edge flags: mtls and traffic', () => {
    expect(edgesOf('mtls')).toEqual(['e-details', 'e-ratings2'])
    expect(edgesOf('!mtls')).toHaveLength(7)
    expect(edgesOf('traffic')).toHaveLength(9)
    expect(edgesOf('!traffic')).toEqual([])
  })
})

describe('find/hide edge fields', () => {
  it('compares rates, error and traffic shares, response time, throughput and mTLS share', () => {
    expect(edgesOf('http > 5')).toEqual(['e-details', 'e-ingress', 'e-reviews'])
    expect(edgesOf('%httperr > 10')).toEqual(['e-rv2'])
    expect(edgesOf('%httperror >= 7.5')).toEqual(['e-reviews', 'e-rv2'])
    expect(edgesOf('%httptraffic = 50')).toEqual(['e-details', 'e-reviews', 'e-rv1'])
    expect(edgesOf('grpc >= 3')).toEqual(['e-ratings2'])
    expect(edgesOf('%grpcerr > 0')).toEqual(['e-ratings2'])
    expect(edgesOf('%grpctraffic = 100')).toEqual(['e-ratings2', 'e-ratings3'])
    expect(edgesOf('tcp > 1000')).toEqual(['e-mongo'])
    expect(edgesOf('rt > 30')).toEqual(['e-ratings2', 'e-reviews'])
    expect(edgesOf('responsetime < 20')).toEqual(['e-details'])
    expect(edgesOf('throughput >= 2048')).toEqual(['e-reviews'])
    expect(edgesOf('mtls >= 100')).toEqual(['e-details', 'e-ratings2'])
    expect(edgesOf('mtls = 0')).toEqual(['e-ratings3'])
  })

  it('an edge without a response time matches only != and = NaN', () => {
    expect(edgesOf('rt != 40')).toEqual(['e-details', 'e-ingress', 'e-mongo', 'e-ratings3', 'e-reviews', 'e-rv1', 'e-rv2', 'e-rv3'])
    expect(edgesOf('rt = NaN')).toEqual(['e-ingress', 'e-mongo', 'e-ratings3', 'e-rv1', 'e-rv2', 'e-rv3'])
    expect(edgesOf('rt < 1000')).toEqual(['e-details', 'e-ratings2', 'e-reviews'])
  })

  it('protocol and principals are text', () => {
    expect(edgesOf('protocol = grpc')).toEqual(['e-ratings2', 'e-ratings3'])
    expect(edgesOf('protocol != http')).toEqual(['e-mongo', 'e-ratings2', 'e-ratings3'])
    expect(edgesOf('sourceprincipal $= bookinfo-reviews')).toEqual(['e-ratings2'])
    expect(edgesOf('destprincipal *= ratings')).toEqual(['e-ratings2'])
  })
})

describe('find/hide precedence and combinations', () => {
  it('and binds tighter than or', () => {
    // version = v1 or (app = reviews and version = v2)
    expect(nodesOf('version = v1 or app = reviews and version = v2')).toEqual(['details-v1', 'mongodb', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2'])
    // (version = v1 and app = reviews) or version = v2
    expect(nodesOf('version = v1 and app = reviews or version = v2')).toEqual(['details-v2', 'ratings-v2', 'reviews-v1', 'reviews-v2'])
    expect(nodesOf('version = v1 && app = reviews || version = v2')).toEqual(nodesOf('version = v1 and app = reviews or version = v2'))
  })

  it('parentheses group, and a group can be negated', () => {
    expect(nodesOf('(version = v1 or version = v2) and app = reviews')).toEqual(['reviews-v1', 'reviews-v2'])
    expect(nodesOf('!(app = reviews or ns = db) and ns != unknown')).toEqual(['details-v1', 'details-v2', 'productpage-v1', 'ratings-v1', 'ratings-v2'])
    expect(nodesOf('not (idle or dead) and app ^= d')).toEqual(['details-v1'])
  })

  it('or joins node and edge conditions: each tests its own kind', () => {
    expect(matches('app = details or %httperr > 10')).toEqual({ nodes: ['details-v1', 'details-v2'], edges: ['e-rv2'] })
    const m = matcher('http > 5')
    expect(m.node).toBeUndefined()
    expect(m.edge).toBeDefined()
  })

  it('a negated group says nothing of the kind it does not test', () => {
    // Edges are not "not app = reviews": the group tests nodes only.
    expect(matcher('!(app = reviews)').edge).toBeUndefined()
  })

  it('a group testing both kinds can be narrowed by and', () => {
    expect(matches('(app = details or http > 9) and healthy')).toEqual({ nodes: ['details-v1'], edges: ['e-details', 'e-ingress'] })
    expect(matches('(app = details or http > 9) and failure')).toEqual({ nodes: [], edges: [] })
    expect(matches('(app = details or http > 9) and (degraded or failure)')).toEqual({ nodes: [], edges: ['e-reviews'] })
  })

  it('quoted values may hold spaces and keywords; a keyword in value position is a value', () => {
    expect(nodesOf('app = "reviews"')).toEqual(nodesOf('app = reviews'))
    expect(nodesOf('app = or')).toEqual([])
    expect(nodesOf("label:region = 'east'")).toEqual(['productpage-v1'])
  })

  it('names and keywords ignore case', () => {
    expect(nodesOf('APP = reviews AND Version = v2')).toEqual(['reviews-v2'])
    expect(edgesOf('%HttpErr > 10 OR MTLS')).toEqual(['e-details', 'e-ratings2', 'e-rv2'])
  })

  it('a blank expression matches nothing and is no error', () => {
    expect(parseFind('   ')).toEqual({ ok: true, matcher: undefined })
  })
})

describe('find/hide errors point at the problem', () => {
  it('unknown names, with a suggestion', () => {
    const e = error('ap = reviews')
    expect(e.message).toBe('Unknown field "ap" at column 1. Did you mean "app"? The help (?) lists them all.')
    expect([e.start, e.end]).toEqual([0, 2])
    expect(error('idel').message).toBe('Unknown flag or field "idel" at column 1. Did you mean "idle"? The help (?) lists them all.')
    expect(error('zzzzzz').message).toBe('Unknown flag or field "zzzzzz" at column 1. The help (?) lists them all.')
  })

  it('a missing value or operator', () => {
    const e = error('app =')
    expect(e.message).toBe('"app =" needs a value after it (column 6)')
    expect(error('app').message).toBe('"app" at column 1 is a field, not a flag: compare it, like "app = …"')
    expect(error('httpin').message).toBe('"httpin" at column 1 is a field, not a flag: compare it, like "httpin > 0"')
    expect(error('idle = true').message).toBe('"idle" at column 1 is a flag: use it alone (like "idle" or "!idle"), without an operator')
  })

  it('operators that do not fit the field', () => {
    expect(error('http contains 5').message).toBe('"contains" at column 6 compares text, but "http" is a number (HTTP requests per second): use =, !=, >, >=, < or <=')
    expect(error('app > 5').message).toBe('">" at column 5 compares numbers, but "app" is text: use =, !=, contains, startswith or endswith')
    expect(error('node *= app').message).toBe('"node" takes = or != only, found "contains" at column 6')
  })

  it('values that are not numbers, node types that do not exist, NaN misuse', () => {
    const e = error('rt > fast')
    expect(e.message).toBe('"rt" is a number (response time in ms (p95 unless the graph asks for another)): "fast" at column 6 is not a number (use "." for decimals)')
    expect([e.start, e.end]).toEqual([5, 9])
    expect(error('http > "5"').message).toContain('is not a number')
    expect(error('node = pod').message).toBe('Unknown node type "pod" at column 8: expected app, service (svc), workload (wl), unknown or operation (op)')
    expect(error('http > NaN').message).toBe('NaN at column 8 tests for no activity: use it with = or != only')
  })

  it('node and edge conditions joined by and', () => {
    const e = error('app = reviews and http > 1')
    expect(e.message).toBe('Cannot join node and edge conditions with "and" (column 15): "app = reviews" tests nodes, "http > 1" tests edges. Use "or" to find both.')
    expect([e.start, e.end]).toEqual([14, 17])
  })

  it('negating a comparison', () => {
    expect(error('!app = reviews').message).toBe(
      '"!" at column 1 negates a flag (like "not idle") or a group in parentheses; to negate a comparison use its opposite operator (like "app != …" or "app not contains …")',
    )
    expect(error('!label:region = east').message).toContain('negates a flag')
  })

  it('dangling conjunctions, negations and parentheses', () => {
    expect(error('idle and').message).toBe('"and" at column 6 needs a condition after it')
    expect(error('idle or ').message).toBe('"or" at column 6 needs a condition after it')
    expect(error('and idle').message).toBe('Expected a condition at column 1, found "and"')
    expect(error('idle and !').message).toBe('"!" at column 10 needs a condition after it')
    expect(error('(idle').message).toBe('Missing ")" to close the "(" at column 1')
    expect(error('idle)').message).toBe('Unexpected ")" at column 5: there is no "(" to close')
    expect(error('()').message).toBe('Empty parentheses at column 1')
    expect(error('idle dead').message).toBe('Expected "and" or "or" before "dead" at column 6')
    expect(error('(idle dead)').message).toBe('Expected "and", "or" or ")" before "dead" at column 7')
    expect(error('= 5').message).toBe('Expected a condition, found "=" at column 1')
  })

  it('the error carries where it is, for the input to underline', () => {
    const e = error('app = reviews and zz > 1')
    expect(e).toBeInstanceOf(FindSyntaxError)
    expect('app = reviews and zz > 1'.slice(e.start, e.end)).toBe('zz')
  })

  it('parses the help examples', () => {
    for (const expr of ['%httperr > 5', 'failure', 'node = svc and !vs', 'protocol = tcp or !mtls', '(ns = a or ns = b) and degraded', 'httpout = NaN', 'label:region = east']) {
      expect(() => parseFindExpression(expr)).not.toThrow()
    }
  })
})
