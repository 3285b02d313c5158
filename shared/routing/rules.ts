// Request routing: the VirtualService's HTTP routes in order, each with its match conditions
// (header, uri, method: exact, prefix or regex) and weighted destinations. A route keeps every field
// the wizard does not edit (timeouts, retries, faults, rewrites, other match conditions…), found
// again through the index it was read from. Pure.
import type { StringMatch } from '../istio/common.ts'
import type { HTTPMatchRequest, HTTPRoute, HTTPRouteDestination } from '../istio/networking.ts'
import type { ConfigObject } from '../k8s.ts'
import { newDestinationRule, newVirtualService, type RoutingChange } from './change.ts'
import { isTargetHost, type RoutingContext } from './context.ts'
import { clone, setField, setFirst, type Json } from './json.ts'
import { httpRoutes } from './routes.ts'
import { ensureSubsets, versionOfSubset } from './versions.ts'
import { total } from './weights.ts'

export const MATCH_KINDS = ['exact', 'prefix', 'regex'] as const
export type MatchKind = (typeof MATCH_KINDS)[number]

export interface StringCondition {
  kind: MatchKind
  value: string
}

export interface HeaderCondition extends StringCondition {
  name: string
}

export interface MatchState {
  id: string
  /** Index of the match entry it was read from, in its route. */
  origin?: number
  uri?: StringCondition
  method?: StringCondition
  headers: HeaderCondition[]
  /** Conditions the wizard shows but does not edit (sourceLabels, queryParams, …): kept as they are. */
  kept: string[]
}

export interface DestinationState {
  /** Unique within its rule; the sliders rebalance by it. */
  key: string
  locked?: boolean
  host: string
  /** A subset of the target, or of another host as written. */
  subset?: string
  /** The target's version to route to; a subset is added for it when it has none. */
  version?: string
  weight: number
}

export interface RuleState {
  id: string
  /** Index of the route it was read from. */
  origin?: number
  name: string
  matches: MatchState[]
  destinations: DestinationState[]
  /** What the route does: forward to destinations, or something the wizard keeps but does not edit. */
  action: 'route' | 'redirect' | 'directResponse' | 'delegate'
}

export interface RulesState {
  rules: RuleState[]
}

let counter = 0
/** Ids for rows the user adds; unique within a page's life, never written to the config. */
export function newId(prefix: string): string {
  counter += 1
  return `${prefix}-new-${counter}`
}

export function readCondition(m: StringMatch | undefined): StringCondition | undefined {
  if (!m) return undefined
  for (const kind of MATCH_KINDS) {
    const v = m[kind]
    if (v !== undefined) return { kind, value: v }
  }
  return undefined
}

const EDITED_MATCH_FIELDS = new Set(['uri', 'method', 'headers', 'name'])

function readMatch(m: HTTPMatchRequest, i: number, routeId: string): MatchState {
  return {
    id: `${routeId}-m${i}`,
    origin: i,
    ...(m.uri ? { uri: readCondition(m.uri) } : {}),
    ...(m.method ? { method: readCondition(m.method) } : {}),
    headers: Object.entries(m.headers ?? {}).flatMap(([name, sm]) => {
      const c = readCondition(sm)
      return c ? [{ name, ...c }] : []
    }),
    kept: Object.keys(m).filter((k) => !EDITED_MATCH_FIELDS.has(k) && (m as Json)[k] !== undefined),
  }
}

function actionOf(r: HTTPRoute): RuleState['action'] {
  if (r.redirect) return 'redirect'
  if (r.directResponse) return 'directResponse'
  if (r.delegate) return 'delegate'
  return 'route'
}

export function readRules(ctx: RoutingContext): RulesState {
  const vsNs = ctx.vs?.metadata.namespace ?? ctx.target.namespace
  const rules = httpRoutes(ctx.vs).map((r, i): RuleState => {
    const id = `r${i}`
    const ds = r.route ?? []
    return {
      id,
      origin: i,
      name: r.name ?? '',
      matches: (r.match ?? []).map((m, k) => readMatch(m, k, id)),
      destinations: ds.map((d, k) => {
        const version = isTargetHost(d.destination.host, vsNs, ctx.target) ? versionOfSubset(ctx.versions, d.destination.subset) : undefined
        return {
          key: `${id}-d${k}`,
          host: d.destination.host,
          ...(d.destination.subset !== undefined ? { subset: d.destination.subset } : {}),
          ...(version ? { version: version.name } : {}),
          weight: d.weight ?? (ds.length === 1 ? 100 : 0),
        }
      }),
      action: actionOf(r),
    }
  })
  return { rules }
}

/** A new rule: calls matching a header go to one version. */
export function newRule(ctx: RoutingContext, version?: string): RuleState {
  const id = newId('rule')
  const v = ctx.versions.find((x) => x.name === version) ?? ctx.versions[0]
  return {
    id,
    name: '',
    matches: [{ id: newId('match'), headers: [{ name: 'end-user', kind: 'exact', value: '' }], kept: [] }],
    destinations: [{
      key: newId('dest'),
      host: ctx.destinationHost,
      ...(v?.subset ? { subset: v.subset } : {}),
      ...(v ? { version: v.name } : {}),
      weight: 100,
    }],
    action: 'route',
  }
}

export interface RuleProblem {
  /** `rules[1].matches[0].headers[0].name` */
  field: string
  message: string
}

function ruleLabel(rule: RuleState, i: number): string {
  return rule.name ? `Rule ${i + 1} (${rule.name})` : `Rule ${i + 1}`
}

/** Route names are DNS-label-like in practice; Istio only requires uniqueness, which is checked here. */
export function ruleProblems(state: RulesState): RuleProblem[] {
  const out: RuleProblem[] = []
  const names = new Map<string, number>()
  state.rules.forEach((rule, i) => {
    const at = `rules[${i}]`
    const label = ruleLabel(rule, i)
    if (rule.name) {
      if (names.has(rule.name)) out.push({ field: `${at}.name`, message: `${label}: the name is already used by rule ${names.get(rule.name)! + 1}` })
      names.set(rule.name, i)
    }
    rule.matches.forEach((m, k) => {
      const mat = `${at}.matches[${k}]`
      for (const [f, c] of [['uri', m.uri], ['method', m.method]] as const) {
        if (c && c.value === '') out.push({ field: `${mat}.${f}`, message: `${label}: the ${f} condition has no value` })
      }
      m.headers.forEach((h, j) => {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(h.name)) {
          out.push({ field: `${mat}.headers[${j}].name`, message: `${label}: "${h.name}" is not a header name` })
        }
        if (h.value === '' && h.kind !== 'prefix') out.push({ field: `${mat}.headers[${j}].value`, message: `${label}: header ${h.name || '?'} has no value to match` })
      })
      for (const c of [m.uri, m.method, ...m.headers]) {
        if (c?.kind === 'regex' && !isRegex(c.value)) out.push({ field: mat, message: `${label}: "${c.value}" is not a regular expression` })
      }
    })
    if (rule.action !== 'route') return
    if (rule.destinations.length === 0) out.push({ field: `${at}.destinations`, message: `${label}: it sends calls nowhere; add a destination` })
    else if (total(rule.destinations) !== 100 || rule.destinations.some((d) => !Number.isInteger(d.weight) || d.weight < 0)) {
      out.push({ field: `${at}.destinations`, message: `${label}: the weights sum to ${total(rule.destinations)}; they must be whole percentages summing to 100` })
    }
    rule.destinations.forEach((d, k) => {
      if (!d.host) out.push({ field: `${at}.destinations[${k}].host`, message: `${label}: destination ${k + 1} has no host` })
    })
  })
  return out
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s)
    return s !== ''
  } catch {
    return false
  }
}

/** A match entry with no condition, or only `uri prefix /`, matches every call. */
function matchCatchesAll(m: MatchState): boolean {
  return m.kept.length === 0 && !m.method && m.headers.length === 0 && (!m.uri || (m.uri.kind === 'prefix' && m.uri.value === '/'))
}

/** Whether a rule takes every call that reaches it, so the rules after it are never used. */
export function ruleCatchesAll(rule: RuleState): boolean {
  return rule.matches.length === 0 || rule.matches.some(matchCatchesAll)
}

/** Rules that can never be reached: everything after the first rule that takes every call. */
export function unreachableRules(state: RulesState): number[] {
  const first = state.rules.findIndex(ruleCatchesAll)
  return first < 0 ? [] : state.rules.slice(first + 1).map((_, i) => first + 1 + i)
}

function writeCondition(c: StringCondition): StringMatch {
  return { [c.kind]: c.value }
}

function buildMatch(m: MatchState, original: readonly HTTPMatchRequest[]): HTTPMatchRequest {
  const out = (m.origin !== undefined && original[m.origin] ? clone(original[m.origin]) : {}) as HTTPMatchRequest & Json
  const prior = readMatch(out, 0, '')
  // Unchanged conditions keep their exact spelling (a StringMatch may carry more than one key).
  if (!sameCondition(prior.uri, m.uri)) setField(out, 'uri', m.uri ? writeCondition(m.uri) : undefined)
  if (!sameCondition(prior.method, m.method)) setField(out, 'method', m.method ? writeCondition(m.method) : undefined)
  const sameHeaders = prior.headers.length === m.headers.length && prior.headers.every((h, i) => h.name === m.headers[i].name && sameCondition(h, m.headers[i]))
  if (!sameHeaders) {
    setField(out, 'headers', m.headers.length ? Object.fromEntries(m.headers.map((h) => [h.name, writeCondition(h)])) : undefined)
  }
  return out
}

function sameCondition(a: StringCondition | undefined, b: StringCondition | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.kind === b.kind && a.value === b.value)
}

function destKey(host: string, subset: string | undefined): string {
  return `${host}|${subset ?? ''}`
}

function buildDestinations(ds: readonly DestinationState[], original: readonly HTTPRouteDestination[], subsetOf: Map<string, string>): HTTPRouteDestination[] {
  const used = new Set<number>()
  return ds.map((d) => {
    const subset = d.subset ?? (d.version !== undefined ? subsetOf.get(d.version) : undefined)
    const k = original.findIndex((o, i) => !used.has(i) && destKey(o.destination.host, o.destination.subset) === destKey(d.host, subset))
    if (k >= 0) used.add(k)
    const entry = (k >= 0 ? clone(original[k]) : { destination: { host: d.host, ...(subset ? { subset } : {}) } }) as HTTPRouteDestination & Json
    const keepOmitted = ds.length === 1 && d.weight === 100 && (k < 0 || original[k].weight === undefined)
    setField(entry, 'weight', keepOmitted ? undefined : d.weight, ['destination'])
    return entry
  })
}

export function applyRules(ctx: RoutingContext, state: RulesState): RoutingChange {
  const change: RoutingChange = {}
  const needed = [...new Set(state.rules.flatMap((r) => r.destinations.filter((d) => d.subset === undefined && d.version !== undefined && !ctx.versions.find((v) => v.name === d.version)?.subset).map((d) => d.version!)))]
  let subsetOf = new Map<string, string>()
  if (needed.length) {
    const res = ensureSubsets(ctx.dr, needed, ctx.versionLabel, () => newDestinationRule(ctx))
    subsetOf = res.subsetOf
    change.destinationRule = { ...(ctx.dr ? { before: ctx.dr } : {}), after: res.dr }
  }
  for (const v of ctx.versions) if (v.subset) subsetOf.set(v.name, v.subset)
  const original = httpRoutes(ctx.vs)
  const http = state.rules.map((rule) => {
    const base = rule.origin !== undefined && original[rule.origin] ? original[rule.origin] : undefined
    const route = (base ? clone(base) : {}) as HTTPRoute & Json
    if ((base?.name ?? '') !== rule.name) setFirst(route, 'name', rule.name || undefined)
    const matches = rule.matches.map((m) => buildMatch(m, base?.match ?? []))
    if (!sameMatches(base?.match, matches)) setField(route, 'match', matches.length ? matches : undefined, ['name'])
    if (rule.action === 'route') {
      setField(route, 'route', buildDestinations(rule.destinations, base?.route ?? [], subsetOf), ['match', 'name'])
    }
    return route
  })
  const vs: ConfigObject = ctx.vs ? clone(ctx.vs) : newVirtualService(ctx)
  setField((vs.spec ??= {}) as Json, 'http', http, ['gateways', 'hosts'])
  change.virtualService = { ...(ctx.vs ? { before: ctx.vs } : {}), after: vs }
  return change
}

function sameMatches(a: readonly HTTPMatchRequest[] | undefined, b: readonly HTTPMatchRequest[]): boolean {
  if (!a || a.length === 0) return b.length === 0
  return JSON.stringify(a) === JSON.stringify(b)
}

