// Traffic shifting: the weights of the route that takes every call no other rule matched, one row
// per version (and one per other destination that route already has). Rules before it are kept
// unless the user asks for the split to cover every call. Pure.
import type { HTTPRoute, HTTPRouteDestination } from '../istio/networking.ts'
import type { ConfigObject } from '../k8s.ts'
import { newDestinationRule, newVirtualService, type RoutingChange } from './change.ts'
import { isTargetHost, type Notice, type RoutingContext } from './context.ts'
import { clone, setField, type Json } from './json.ts'
import { catchAllIndex, firstCatchAll, httpRoutes, routeSummary } from './routes.ts'
import { ensureSubsets, versionOfSubset } from './versions.ts'
import { evenSplit, isCompleteSplit, total, type WeightRow } from './weights.ts'

export interface SplitRow extends WeightRow {
  host: string
  subset?: string
  /** The version this row sends to, when it is one of the service's. */
  version?: string
  label: string
  /** Workloads running the version (0: nothing serves it yet). */
  workloads: number
  /** The version has no subset yet: one is added to the DestinationRule on Apply. */
  needsSubset: boolean
}

export interface SplitState {
  rows: SplitRow[]
  /** The route the split is written to; undefined: a route is added for it. */
  routeIndex?: number
  /** Routes before it, which take the calls they match first. */
  preceding: { index: number; summary: string }[]
  /** `rest`: the split takes what the routes before it do not; `all`: they are removed and it takes every call. */
  scope: 'rest' | 'all'
  notices: Notice[]
  /** A route before where the split would go takes every call without forwarding it (a redirect): the split could never apply. */
  blockedBy?: string
}

function rowKey(host: string, subset: string | undefined): string {
  return `${host}|${subset ?? ''}`
}

export function readSplit(ctx: RoutingContext): SplitState {
  const routes = httpRoutes(ctx.vs)
  const index = catchAllIndex(routes)
  const vsNs = ctx.vs?.metadata.namespace ?? ctx.target.namespace
  const notices: Notice[] = []
  const rows: SplitRow[] = []
  const existing = index === undefined ? [] : routes[index].route ?? []
  for (const d of existing) {
    const host = d.destination.host
    const subset = d.destination.subset
    const ofTarget = isTargetHost(host, vsNs, ctx.target)
    const version = ofTarget ? versionOfSubset(ctx.versions, subset) : undefined
    rows.push({
      key: rowKey(host, subset),
      host,
      ...(subset !== undefined ? { subset } : {}),
      ...(version ? { version: version.name } : {}),
      label: version ? version.name : ofTarget ? (subset ?? `${ctx.target.service} (any version)`) : `${host}${subset ? ` (${subset})` : ''}`,
      weight: d.weight ?? (existing.length === 1 ? 100 : 0),
      workloads: version?.workloads.length ?? 0,
      needsSubset: false,
    })
  }
  for (const v of ctx.versions) {
    if (rows.some((r) => r.version === v.name)) continue
    rows.push({
      key: v.subset ? rowKey(ctx.destinationHost, v.subset) : `version|${v.name}`,
      host: ctx.destinationHost,
      ...(v.subset ? { subset: v.subset } : {}),
      version: v.name,
      label: v.name,
      weight: 0,
      workloads: v.workloads.length,
      needsSubset: !v.subset,
    })
  }
  const state: SplitState = {
    rows,
    ...(index !== undefined ? { routeIndex: index } : {}),
    preceding: routes.slice(0, index ?? routes.length).map((r, i) => ({ index: i, summary: routeSummary(r, i) })),
    scope: 'rest',
    notices,
  }
  const first = firstCatchAll(routes)
  if (index === undefined && first !== undefined) {
    state.blockedBy = routeSummary(routes[first], first)
  }
  if (index === undefined) {
    // Nothing routes by weight yet: calls are spread over every instance. Start even.
    state.rows = evenSplit(rows.filter((r) => r.version !== undefined))
    notices.push({
      level: 'info',
      message: ctx.vs
        ? `No route of ${ctx.vs.metadata.name} takes every call; Apply adds one after its ${routes.length} route${routes.length === 1 ? '' : 's'}`
        : `No VirtualService routes ${ctx.target.service} yet: calls go to every instance in turn. Apply creates one`,
    })
  } else if (total(rows) !== 100) {
    notices.push({ level: 'warning', message: `The weights of ${routeSummary(routes[index], index)} sum to ${total(rows)}, not 100; move a slider to rebalance` })
  }
  if (ctx.versions.length === 0) {
    notices.push({ level: 'warning', message: `No workload of ${ctx.target.service} has a ${ctx.versionLabel} label, so there are no versions to shift traffic between` })
  }
  for (const r of state.rows) {
    if (r.version !== undefined && r.workloads === 0 && r.weight > 0) {
      notices.push({ level: 'warning', message: `${r.label} gets ${r.weight}% but no workload runs it` })
    }
  }
  return state
}

export interface SplitProblem {
  field: string
  message: string
}

/** What stops the split from being applied, naming the field. */
export function splitProblems(state: SplitState): SplitProblem[] {
  const out: SplitProblem[] = []
  if (state.blockedBy) {
    out.push({ field: 'routeIndex', message: `${state.blockedBy} takes every call without forwarding it, so a split after it would never apply; change that route first (Request routing)` })
  }
  if (state.rows.length === 0) out.push({ field: 'weights', message: 'There is nothing to route to: the service has no versions' })
  else if (!isCompleteSplit(state.rows)) {
    out.push({ field: 'weights', message: `The weights sum to ${total(state.rows)}; they must be whole percentages summing to 100` })
  }
  return out
}

/** Route entries for the rows with weight, keeping each existing entry's own fields (headers, port). */
function destinations(state: SplitState, original: readonly HTTPRouteDestination[], subsetOf: Map<string, string>): HTTPRouteDestination[] {
  const live = state.rows.filter((r) => r.weight > 0)
  return live.map((r) => {
    const subset = r.subset ?? (r.version !== undefined ? subsetOf.get(r.version) : undefined)
    const prior = original.find((d) => rowKey(d.destination.host, d.destination.subset) === r.key)
    const entry = (prior ? clone(prior) : { destination: { host: r.host, ...(subset ? { subset } : {}) } }) as HTTPRouteDestination & Json
    // One destination at 100 % needs no weight; keep it if the author wrote one.
    const weight = live.length === 1 && !(prior && prior.weight !== undefined) ? undefined : r.weight
    setField(entry, 'weight', weight, ['destination'])
    return entry
  })
}

export function applySplit(ctx: RoutingContext, state: SplitState): RoutingChange {
  const needed = state.rows.filter((r) => r.weight > 0 && r.needsSubset && r.version !== undefined).map((r) => r.version!)
  const change: RoutingChange = {}
  let subsetOf = new Map<string, string>()
  if (needed.length) {
    const res = ensureSubsets(ctx.dr, needed, ctx.versionLabel, () => newDestinationRule(ctx))
    subsetOf = res.subsetOf
    change.destinationRule = { ...(ctx.dr ? { before: ctx.dr } : {}), after: res.dr }
  }
  const vs: ConfigObject = ctx.vs ? clone(ctx.vs) : newVirtualService(ctx)
  const spec = (vs.spec ??= {}) as Json
  let http = clone(httpRoutes(ctx.vs)) as (HTTPRoute & Json)[]
  let index = state.routeIndex
  const original = index === undefined ? [] : http[index].route ?? []
  const route: HTTPRoute & Json = index === undefined ? ({ route: [] } as HTTPRoute & Json) : http[index]
  setField(route, 'route', destinations(state, original, subsetOf), ['match', 'name'])
  if (index === undefined) {
    http.push(route)
    index = http.length - 1
  }
  if (state.scope === 'all') {
    http = http.slice(index)
  }
  setField(spec, 'http', http, ['gateways', 'hosts'])
  change.virtualService = { ...(ctx.vs ? { before: ctx.vs } : {}), after: vs }
  return change
}

/**
 * The split to reapply after someone else changed the objects: the same weights, written to the
 * route that now takes every other call (their changes to everything else are kept by applySplit).
 */
export function rebaseSplit(state: SplitState, ctx: RoutingContext): SplitState {
  const fresh = readSplit(ctx)
  const rows = state.rows.map((r) => {
    const v = r.version === undefined ? undefined : ctx.versions.find((x) => x.name === r.version)
    if (!v) return r
    // The version may have gained a subset meanwhile (or lost it).
    return v.subset
      ? { ...r, subset: v.subset, needsSubset: false }
      : { ...r, subset: undefined, needsSubset: true }
  })
  return { ...state, rows, routeIndex: fresh.routeIndex, preceding: fresh.preceding }
}
