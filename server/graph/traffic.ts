// Builds the traffic map from Prometheus: every sample of the traffic queries adds its rate to a
// source node, a destination node and the edge between them (through an injected service node
// when asked), and the reporter queries tell which workloads report their own requests.
import { outcomeCode } from '../telemetry/prometheus/request-rates.ts'
import type { Sample } from '../telemetry/prometheus/answers.ts'
import type { GraphType } from '../../shared/graph.ts'
import type { GraphContext } from './context.ts'
import { makeNode, type NodeIdentity, type Side } from './ids.ts'
import { addTraffic } from './protocols.ts'
import { isProtocol } from './protocols.ts'
import { L, reporterQueries, trafficQueries, type TrafficQuery } from './queries.ts'
import type { Resolved, SampleResolver } from './samples.ts'
import { addServiceName, isOK, type GraphNode, type Protocol, type TrafficMap } from './types.ts'

/** Which workloads (namespace → names) sent and received each node's traffic: the out-of-mesh check's input. */
export interface TrafficFacts {
  sentBy: Map<GraphNode, Map<string, Set<string>>>
  receivedBy: Map<GraphNode, Map<string, Set<string>>>
}

function node(map: TrafficMap, id: NodeIdentity, side: Side, graphType: GraphType): GraphNode {
  let n = map.get(id.key)
  if (!n) map.set(id.key, (n = makeNode(id, side, graphType)))
  return n
}

function note(facts: TrafficFacts['sentBy'], n: GraphNode, ns: string, workload: string): void {
  if (!isOK(ns) || !isOK(workload)) return
  let byNs = facts.get(n)
  if (!byNs) facts.set(n, (byNs = new Map()))
  let names = byNs.get(ns)
  if (!names) byNs.set(ns, (names = new Set()))
  names.add(workload)
}

/**
 * Adds one query's samples to the map. What a sample says of its nodes besides traffic (who sent
 * and received it, the services and hosts it was addressed to) is the same for every sample of an
 * edge, so it is noted once per edge identity (`noted`, shared by the queries of one map).
 */
export function populate(
  map: TrafficMap, q: TrafficQuery['kind'], samples: readonly Sample[], resolver: SampleResolver, facts: TrafficFacts, noted: Set<Resolved>,
): void {
  const { graphType } = resolver
  for (const s of samples) {
    if (!(s.value > 0)) continue
    const r = resolver.resolve(s.labels)
    if (!r) continue
    let protocol: Protocol
    let code: string | undefined
    if (q === 'requests') {
      const p = s.labels[L.protocol] ?? ''
      if (!isProtocol(p) || p === 'tcp') continue
      protocol = p
      code = outcomeCode(s.labels)
    } else {
      protocol = q === 'tcp' ? 'tcp' : 'grpc'
    }
    const { sides, ids } = r
    const source = node(map, ids.source, sides.source, graphType)
    const dest = node(map, ids.dest, sides.dest, graphType)
    const first = !noted.has(r)
    if (first) {
      noted.add(r)
      note(facts.sentBy, source, sides.source.workloadNamespace, sides.source.workload)
      note(facts.receivedBy, dest, sides.dest.workloadNamespace, sides.dest.workload)
    }
    const sample = { protocol, value: s.value, code, flags: s.labels[L.flags] ?? '', host: sides.host }
    if (ids.service && ids.serviceSide) {
      const svc = node(map, ids.service, ids.serviceSide, graphType)
      if (first) {
        svc.flags.isInjected = true
        if (isOK(sides.host)) svc.hosts.add(sides.host)
      }
      addTraffic(sample, source, svc, source.edge(svc, protocol))
      if (first) addServiceName(svc, sides.dest.cluster, sides.dest.serviceNamespace, sides.dest.service)
      addTraffic(sample, svc, dest, svc.edge(dest, protocol))
    } else {
      if (first && dest.nodeType === 'service' && isOK(sides.host)) dest.hosts.add(sides.host)
      addTraffic(sample, source, dest, source.edge(dest, protocol))
    }
    if (first) addServiceName(dest, sides.dest.cluster, sides.dest.serviceNamespace, sides.dest.service)
  }
}

/** Runs the traffic and reporter queries (at once) and builds the map. */
export async function buildTrafficMap(ctx: GraphContext): Promise<{ map: TrafficMap; facts: TrafficFacts; reporters: Reporters }> {
  const { opts } = ctx
  const queries = trafficQueries(opts, ctx.scope, ctx.window)
  const rq = reporterQueries(opts, ctx.scope, ctx.window)
  const [answers, sources, destinations] = await Promise.all([
    Promise.all(queries.map((q) => ctx.query(q.expr))),
    rq.source ? ctx.query(rq.source) : undefined,
    rq.destination ? ctx.query(rq.destination) : undefined,
  ])
  const map: TrafficMap = new Map()
  const facts: TrafficFacts = { sentBy: new Map(), receivedBy: new Map() }
  const noted = new Set<Resolved>()
  queries.forEach((q, i) => populate(map, q.kind, answers[i], ctx.resolver, facts, noted))
  return {
    map,
    facts,
    reporters: {
      sources: sources && new Set(sources.map((s) => `${s.labels[L.srcNs]}/${s.labels[L.srcWl]}`)),
      destinations: destinations && new Set(destinations.map((s) => `${s.labels[L.dstWlNs]}/${s.labels[L.dstWl]}`)),
    },
  }
}

/** The workloads that reported as sources and as destinations, where the graph asked. */
export interface Reporters {
  sources: Set<string> | undefined
  destinations: Set<string> | undefined
}

/**
 * Flags nodes whose workloads appear in others' reports but never report themselves: no sidecar,
 * no xDS telemetry — out of the mesh. Only workloads the reporter queries covered are judged.
 */
export function markOutOfMesh(map: TrafficMap, facts: TrafficFacts, reporters: Reporters, covered: (n: GraphNode) => boolean): void {
  const silent = (workloads: Map<string, Set<string>> | undefined, reported: Set<string> | undefined) => {
    if (workloads === undefined || reported === undefined) return false
    for (const [ns, names] of workloads) for (const w of names) if (!reported.has(`${ns}/${w}`)) return true
    return false
  }
  for (const n of map.values()) {
    if ((n.nodeType !== 'workload' && n.nodeType !== 'app') || !covered(n)) continue
    if (silent(facts.sentBy.get(n), reporters.sources) || silent(facts.receivedBy.get(n), reporters.destinations)) n.flags.isOutOfMesh = true
  }
}
