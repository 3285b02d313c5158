// The graph request's options, checked and normalized: every bad value is a 400 naming its
// parameter, and names are checked against DNS rules before anything is built from them, so no
// PromQL can ride in on a namespace or a name. The normalized options are also the cache key.
import { APPENDERS, GRAPH_TYPES, type AppenderName, type GraphQuery, type GraphType } from '../../shared/graph.ts'
import { BadRequestError } from '../store/errors.ts'
import type { ResponseTimeStat } from './types.ts'

export const MIN_DURATION_S = 10
export const MAX_DURATION_S = 30 * 24 * 3600
const DEFAULT_DURATION_S = 600
/** The earliest queryTime taken (2000-01-01); a smaller number is a mistake (milliseconds, a typo). */
const MIN_QUERY_TIME = 946_684_800
/** A queryTime further ahead than this is not "now" on a skewed clock but a mistake. */
const MAX_FUTURE_S = 300
const MAX_NAMESPACES = 200

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

export type RateChoice = 'none' | 'requests' | 'sent' | 'received' | 'total'
export type BoxBy = 'cluster' | 'namespace' | 'app'

export interface Rates {
  grpc: RateChoice
  http: RateChoice
  tcp: RateChoice
}

/** The node a node graph is about. */
export interface NodeTarget {
  kind: 'workload' | 'app' | 'service'
  namespace: string
  name: string
  /** Apps only: one version. */
  version?: string
}

export interface GraphOptions {
  graphType: GraphType
  /** Sorted, without duplicates. For a node graph, the node's namespace. */
  namespaces: string[]
  /** Rate window, seconds. */
  duration: number
  /** Unix seconds as asked; undefined for now. */
  queryTime: number | undefined
  injectServiceNodes: boolean
  /** The appenders to run, in APPENDERS order. */
  appenders: AppenderName[]
  responseTime: ResponseTimeStat
  throughputType: 'request' | 'response'
  boxBy: BoxBy[]
  rates: Rates
  node?: NodeTarget
}

function bad(param: string, message: string): BadRequestError {
  return new BadRequestError(`${param}: ${message}`)
}

const quoted = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v)

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean)
}

export function checkNamespaceName(param: string, ns: string): string {
  if (!DNS_LABEL.test(ns)) {
    throw bad(param, `namespace ${quoted(ns)} is not a DNS-1123 label: use lower-case letters, digits and '-', at most 63 characters`)
  }
  return ns
}

function checkNodeName(param: string, name: string, kind: NodeTarget['kind']): string {
  // A ServiceEntry's service may be named by a wildcard host.
  const bare = kind === 'service' && name.startsWith('*.') ? name.slice(2) : name
  if (name.length > 253 || !DNS_SUBDOMAIN.test(bare)) {
    throw bad(param, `${kind} name ${quoted(name)} is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters`)
  }
  return name
}

/** `600s`, `10m`, `1h`, `7d`, or plain seconds (`600`), within 10 s … 30 days. */
export function parseDuration(param: string, text: string): number {
  const m = /^([0-9]{1,10})(s|m|h|d)?$/.exec(text.trim())
  if (!m) throw bad(param, `${quoted(text)} is not a duration: write seconds (600) or a whole number with s, m, h or d (600s, 10m, 1h)`)
  const seconds = Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86_400 } as const)[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd']
  if (seconds < MIN_DURATION_S) throw bad(param, `${quoted(text)} is shorter than the ${MIN_DURATION_S} s minimum: rates need a window of a few scrapes`)
  if (seconds > MAX_DURATION_S) throw bad(param, `${quoted(text)} is longer than the 30-day maximum`)
  return seconds
}

export function parseQueryTime(param: string, text: string, nowS: number): number {
  if (!/^[0-9]{1,12}$/.test(text.trim())) throw bad(param, `${quoted(text)} is not a unix time in whole seconds`)
  const t = Number(text.trim())
  if (t < MIN_QUERY_TIME) throw bad(param, `${t} is before the year 2000: give unix seconds (not milliseconds)`)
  if (t > nowS + MAX_FUTURE_S) throw bad(param, `${t} is in the future (now is ${nowS})`)
  return t
}

function parseBool(param: string, text: string): boolean {
  if (text === 'true') return true
  if (text === 'false') return false
  throw bad(param, `${quoted(text)} is not true or false`)
}

function oneOf<T extends string>(param: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T
  throw bad(param, `${quoted(text)} is not one of ${allowed.join(', ')}`)
}

/** Names Kiali always runs whatever is asked; accepted and ignored so Kiali's URLs keep working. */
const ALWAYS_RUN = new Set(['outsider', 'trafficGenerator'])

function parseAppenders(text: string | undefined): AppenderName[] {
  if (text === undefined) return [...APPENDERS]
  const asked = new Set<string>()
  for (const name of list(text)) {
    if (ALWAYS_RUN.has(name)) continue
    if (!(APPENDERS as readonly string[]).includes(name)) {
      throw bad('appenders', `${quoted(name)} is not an appender; use any of ${APPENDERS.join(', ')} (comma-separated; empty for none)`)
    }
    asked.add(name)
  }
  return APPENDERS.filter((a) => asked.has(a))
}

function parseBoxBy(text: string | undefined): BoxBy[] {
  if (text === undefined) return ['namespace']
  const out = new Set<BoxBy>()
  for (const b of list(text)) {
    if (b === 'none') continue
    out.add(oneOf('boxBy', b, ['cluster', 'namespace', 'app', 'none'] as const) as BoxBy)
  }
  return (['cluster', 'namespace', 'app'] as const).filter((b) => out.has(b))
}

const RESPONSE_TIMES: Record<string, ResponseTimeStat> = { avg: 'avg', 50: '0.5', 95: '0.95', 99: '0.99' }

export interface ParseContext {
  /** Unix seconds now. */
  nowS: number
  node?: NodeTarget
}

/** The options of GET /api/namespaces/graph (no node) or of a node graph. */
export function parseGraphOptions(q: GraphQuery, ctx: ParseContext): GraphOptions {
  let namespaces: string[]
  if (ctx.node) {
    namespaces = [ctx.node.namespace]
  } else {
    if (q.namespaces === undefined || list(q.namespaces).length === 0) {
      throw bad('namespaces', 'required: give one or more namespaces, comma-separated (namespaces=bookinfo,default)')
    }
    namespaces = [...new Set(list(q.namespaces).map((ns) => checkNamespaceName('namespaces', ns)))].sort()
    if (namespaces.length > MAX_NAMESPACES) throw bad('namespaces', `${namespaces.length} namespaces is more than the ${MAX_NAMESPACES} one graph takes`)
  }

  const defaultType: GraphType = ctx.node?.kind === 'app' ? 'versionedApp' : 'workload'
  const graphType = q.graphType === undefined || q.graphType === '' ? defaultType : oneOf('graphType', q.graphType, GRAPH_TYPES)
  if (ctx.node?.kind === 'app' && graphType !== 'app' && graphType !== 'versionedApp') {
    throw bad('graphType', `an application's graph is an app or versionedApp graph, not ${quoted(graphType)}`)
  }

  const rt = q.responseTime ?? '95'
  if (!(rt in RESPONSE_TIMES)) throw bad('responseTime', `${quoted(rt)} is not one of avg, 50, 95, 99`)

  const rates: Rates = {
    grpc: oneOf('rateGrpc', q.rateGrpc ?? 'requests', ['none', 'requests', 'sent', 'received', 'total'] as const),
    http: oneOf('rateHttp', q.rateHttp ?? 'requests', ['none', 'requests'] as const),
    tcp: oneOf('rateTcp', q.rateTcp ?? 'sent', ['none', 'sent', 'received', 'total'] as const),
  }

  return {
    graphType,
    namespaces,
    duration: q.duration === undefined || q.duration === '' ? DEFAULT_DURATION_S : parseDuration('duration', q.duration),
    queryTime: q.queryTime === undefined || q.queryTime === '' ? undefined : parseQueryTime('queryTime', q.queryTime, ctx.nowS),
    // A service graph is a workload graph with service nodes, reduced.
    injectServiceNodes: graphType === 'service' || (q.injectServiceNodes !== undefined && q.injectServiceNodes !== '' && parseBool('injectServiceNodes', q.injectServiceNodes)),
    appenders: parseAppenders(q.appenders),
    responseTime: RESPONSE_TIMES[rt],
    throughputType: oneOf('throughputType', q.throughputType ?? 'request', ['request', 'response'] as const),
    boxBy: parseBoxBy(q.boxBy),
    rates,
    ...(ctx.node ? { node: ctx.node } : {}),
  }
}

/** The node of a node graph, from the path and the `version` parameter; names checked. */
export function parseNodeTarget(kind: NodeTarget['kind'], namespace: string, name: string, version: string | undefined): NodeTarget {
  checkNamespaceName('namespace', namespace)
  checkNodeName(kind, name, kind)
  if (version !== undefined && version !== '') {
    if (kind !== 'app') throw bad('version', 'only an application graph takes a version')
    if (version.length > 63 || !LABEL_VALUE.test(version)) throw bad('version', `${quoted(version)} is not a label value`)
    return { kind, namespace, name, version }
  }
  return { kind, namespace, name }
}
