// What find and hide expressions can test, with Kiali's names and abbreviations: node and edge
// fields (compared with an operator) and flags (tested alone, negated with `!` or `not`). One
// registry feeds the parser, the evaluator and the help popover, so they cannot drift apart.
import type { GraphEdge, GraphNode } from '../model.ts'

export type Target = 'node' | 'edge'
export type Element = GraphNode | GraphEdge

interface Help {
  /** How it is written in an expression, e.g. `httpin <op> <number>`. */
  syntax: string
  /** What it tests, and its unit. */
  note: string
}

export interface StringField extends Help {
  kind: 'string'
  names: readonly string[]
  target: Target
  /**
   * The values to compare. Several (the `name` field: app, service, workload, operation): a
   * positive operator matches when any matches, a negated one when none does. Absent values are ''.
   */
  values(e: Element): readonly string[]
}

export interface NumberField extends Help {
  kind: 'number'
  names: readonly string[]
  target: Target
  /** undefined: not measured (no response time without requests); rates are 0 when absent. */
  value(e: Element): number | undefined
}

export interface Flag extends Help {
  kind: 'flag'
  names: readonly string[]
  targets: readonly Target[]
  test(e: Element): boolean
  /** The flag's negation when it is not simply "not test": `!healthy` needs a known health. */
  testNegated?(e: Element): boolean
}

export type Field = StringField | NumberField
export type Attribute = Field | Flag

const isEdge = (e: Element): e is GraphEdge => 'source' in e
const node = (e: Element): GraphNode['data'] => (e as GraphNode).data
const edge = (e: Element): GraphEdge => e as GraphEdge

function stringField(names: string[], syntax: string, note: string, get: (n: GraphNode['data']) => string | undefined): StringField {
  return { kind: 'string', names, target: 'node', syntax, note, values: (e) => [get(node(e)) ?? ''] }
}

function nodeRate(names: string[], rate: string, unit: string): NumberField {
  return {
    kind: 'number',
    names,
    target: 'node',
    syntax: `${names[0]} <op> <number>`,
    note: unit,
    value: (e) => (e as GraphNode).rates[rate] ?? 0,
  }
}

function edgeRate(names: string[], rate: string, note: string): NumberField {
  return {
    kind: 'number',
    names,
    target: 'edge',
    syntax: `${names[0]} <op> <number>`,
    note,
    value: (e) => edge(e).rates[rate] ?? 0,
  }
}

function optionalNumber(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : undefined
}

/** Node types as `node = …` accepts them, with Kiali's abbreviations. */
export const NODE_TYPE_VALUES: Readonly<Record<string, string>> = {
  app: 'app',
  service: 'service',
  svc: 'service',
  workload: 'workload',
  wl: 'workload',
  unknown: 'unknown',
  aggregate: 'aggregate',
  op: 'aggregate',
  operation: 'aggregate',
}

export const FIELDS: readonly Field[] = [
  // Nodes
  stringField(['app'], 'app <op> <name>', 'the app (canonical service) label', (d) => d.app),
  stringField(['cluster'], 'cluster <op> <name>', 'the cluster', (d) => d.cluster),
  stringField(['namespace', 'ns'], 'namespace <op> <name>', 'the namespace', (d) => d.namespace),
  stringField(['version'], 'version <op> <name>', 'the version (canonical revision) label', (d) => d.version),
  stringField(['workload', 'wl'], 'workload <op> <name>', 'the workload', (d) => d.workload),
  stringField(['service', 'svc'], 'service <op> <name>', 'the service', (d) => d.service),
  stringField(['operation', 'op'], 'operation <op> <name>', 'the operation of an aggregate node', (d) => d.aggregate),
  {
    kind: 'string',
    names: ['node'],
    target: 'node',
    syntax: 'node <op> <type>',
    note: 'app, service (svc), workload (wl), unknown or operation (op); = and != only',
    values: (e) => [node(e).nodeType],
  },
  {
    kind: 'string',
    names: ['name'],
    target: 'node',
    syntax: 'name <op> <name>',
    note: 'app, service, workload or operation name: any of them matches (none of them, when negated)',
    values: (e) => {
      const d = node(e)
      return [d.aggregate ?? '', d.app ?? '', d.service ?? '', d.workload ?? '']
    },
  },
  nodeRate(['httpin'], 'httpIn', 'inbound HTTP requests per second'),
  nodeRate(['httpout'], 'httpOut', 'outbound HTTP requests per second'),
  nodeRate(['grpcin'], 'grpcIn', 'inbound gRPC requests per second'),
  nodeRate(['grpcout'], 'grpcOut', 'outbound gRPC requests per second'),
  nodeRate(['tcpin'], 'tcpIn', 'inbound TCP bytes per second'),
  nodeRate(['tcpout'], 'tcpOut', 'outbound TCP bytes per second'),
  // Edges
  edgeRate(['http'], 'http', 'HTTP requests per second'),
  edgeRate(['%httperr', '%httperror'], 'httpPercentErr', 'share of HTTP requests that failed, 0–100'),
  edgeRate(['%httptraffic'], 'httpPercentReq', "share of the source's outbound HTTP requests, 0–100"),
  edgeRate(['grpc'], 'grpc', 'gRPC requests per second'),
  edgeRate(['%grpcerr', '%grpcerror'], 'grpcPercentErr', 'share of gRPC requests that failed, 0–100'),
  edgeRate(['%grpctraffic'], 'grpcPercentReq', "share of the source's outbound gRPC requests, 0–100"),
  edgeRate(['tcp'], 'tcp', 'TCP bytes per second'),
  {
    kind: 'number',
    names: ['responsetime', 'rt'],
    target: 'edge',
    syntax: 'responsetime <op> <number>',
    note: 'response time in ms (p95 unless the graph asks for another)',
    value: (e) => optionalNumber(edge(e).data.responseTime),
  },
  {
    kind: 'number',
    names: ['throughput'],
    target: 'edge',
    syntax: 'throughput <op> <number>',
    note: 'bytes per second',
    value: (e) => optionalNumber(edge(e).data.throughput),
  },
  {
    kind: 'number',
    names: ['mtls'],
    target: 'edge',
    syntax: 'mtls <op> <number>',
    note: 'share of requests over mutual TLS, 0–100',
    value: (e) => optionalNumber(edge(e).data.isMTLS),
  },
  {
    kind: 'string',
    names: ['protocol'],
    target: 'edge',
    syntax: 'protocol <op> <name>',
    note: 'http, grpc or tcp',
    values: (e) => [edge(e).protocol],
  },
  {
    kind: 'string',
    names: ['sourceprincipal'],
    target: 'edge',
    syntax: 'sourceprincipal <op> <principal>',
    note: "the client's SPIFFE identity",
    values: (e) => [edge(e).data.sourcePrincipal ?? ''],
  },
  {
    kind: 'string',
    names: ['destprincipal'],
    target: 'edge',
    syntax: 'destprincipal <op> <principal>',
    note: "the server's SPIFFE identity",
    values: (e) => [edge(e).data.destPrincipal ?? ''],
  },
]

function nodeFlag(names: string[], note: string, test: (d: GraphNode['data']) => boolean): Flag {
  return { kind: 'flag', names, targets: ['node'], syntax: names[0], note, test: (e) => test(node(e)) }
}

/** Health flags test nodes and edges alike; negated, they match only what has a known health. */
function healthFlag(names: string[], status: string, note: string): Flag {
  const health = (e: Element) => (isEdge(e) ? e.data.healthStatus : node(e).healthStatus)
  return {
    kind: 'flag',
    names,
    targets: ['node', 'edge'],
    syntax: names[0],
    note,
    test: (e) => health(e) === status,
    testNegated: (e) => {
      const h = health(e)
      return h !== undefined && h !== 'NA' && h !== status
    },
  }
}

export const FLAGS: readonly Flag[] = [
  nodeFlag(['circuitbreaker', 'cb'], 'a DestinationRule sets a circuit breaker', (d) => d.hasCB === true),
  nodeFlag(['dead'], 'no running instance', (d) => d.isDead === true),
  nodeFlag(['faultinjection', 'fi'], 'a VirtualService injects faults', (d) => d.hasFaultInjection === true),
  nodeFlag(['idle'], 'no traffic in the window (idle nodes must be shown)', (d) => d.isIdle === true),
  nodeFlag(['inaccessible'], 'in a namespace you cannot read', (d) => d.isInaccessible === true),
  nodeFlag(['mirroring', 'mi'], 'a VirtualService mirrors its traffic', (d) => d.hasMirroring === true),
  nodeFlag(['outside', 'outsider'], 'in a namespace outside the selection', (d) => d.isOutside === true),
  nodeFlag(['outofmesh', 'om', 'sidecar', 'sc'], 'sends traffic no proxy reported: not in the mesh', (d) => d.isOutOfMesh === true),
  nodeFlag(['requestrouting', 'rr'], 'a VirtualService routes its requests by match', (d) => d.hasRequestRouting === true),
  nodeFlag(['requesttimeout', 'rto'], 'a VirtualService sets a timeout', (d) => d.hasRequestTimeout === true),
  nodeFlag(['serviceentry', 'se'], 'a ServiceEntry', (d) => d.isServiceEntry !== undefined),
  nodeFlag(['tcptrafficshifting', 'tcpts'], 'a VirtualService splits its TCP traffic by weight', (d) => d.hasTCPTrafficShifting === true),
  nodeFlag(['trafficshifting', 'ts'], 'a VirtualService splits its traffic by weight', (d) => d.hasTrafficShifting === true),
  nodeFlag(['trafficsource', 'root'], 'sends requests but receives none: a traffic source', (d) => d.isRoot === true),
  nodeFlag(['virtualservice', 'vs'], 'a VirtualService applies to it', (d) => d.hasVS !== undefined),
  nodeFlag(['canary'], 'a canary ramp is shifting its traffic', (d) => d.canary !== undefined),
  healthFlag(['healthy'], 'Healthy', 'nodes and edges within the error tolerances'),
  healthFlag(['degraded'], 'Degraded', 'nodes and edges above the degraded error threshold'),
  healthFlag(['failure', 'unhealthy'], 'Failure', 'nodes and edges above the failure error threshold'),
  {
    kind: 'flag',
    names: ['mtls'],
    targets: ['edge'],
    syntax: 'mtls',
    note: 'some of its requests use mutual TLS',
    test: (e) => (optionalNumber(edge(e).data.isMTLS) ?? 0) > 0,
  },
  {
    kind: 'flag',
    names: ['traffic'],
    targets: ['edge'],
    syntax: 'traffic',
    note: 'any request (or byte) in the window',
    test: (e) => edge(e).total > 0,
  },
]

const byName = <T extends { names: readonly string[] }>(list: readonly T[]) =>
  new Map(list.flatMap((a) => a.names.map((n) => [n, a] as const)))

const FIELD_BY_NAME = byName(FIELDS)
const FLAG_BY_NAME = byName(FLAGS)

/** `label:<key>`: a Kubernetes label of the node. */
export const LABEL_PREFIX = 'label:'

function labelKey(name: string): string | undefined {
  return name.startsWith(LABEL_PREFIX) && name.length > LABEL_PREFIX.length ? name.slice(LABEL_PREFIX.length) : undefined
}

/** The field named (case-insensitive; label keys keep their case). */
export function findField(name: string): Field | undefined {
  const key = labelKey(name)
  if (key !== undefined) {
    return {
      kind: 'string',
      names: [name],
      target: 'node',
      syntax: 'label:<key> <op> <value>',
      note: 'a label of the node',
      values: (e) => [node(e).labels?.[key] ?? ''],
    }
  }
  return FIELD_BY_NAME.get(name.toLowerCase())
}

export function findFlag(name: string): Flag | undefined {
  const key = labelKey(name)
  if (key !== undefined) {
    return {
      kind: 'flag',
      names: [name],
      targets: ['node'],
      syntax: 'label:<key>',
      note: 'the node has this label, whatever its value',
      test: (e) => Object.hasOwn(node(e).labels ?? {}, key),
    }
  }
  return FLAG_BY_NAME.get(name.toLowerCase())
}

/** Every name an expression accepts, for suggestions. */
export const ALL_NAMES: readonly string[] = [...new Set([...FIELD_BY_NAME.keys(), ...FLAG_BY_NAME.keys()])].sort()

