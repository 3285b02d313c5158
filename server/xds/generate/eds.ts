// ClusterLoadAssignments: the endpoints of a cluster's service port whose labels include its
// subset's, grouped by locality. A known cluster without endpoints gets an empty assignment, so
// clients fail fast instead of waiting out their resource timeout.
import { isIP } from 'node:net'
import { selectorMatches } from '../../mesh/labels.ts'
import type { Endpoint } from '../../mesh/types.ts'
import type { Generator, Resource } from '../types.ts'
import { allClusterKeys, clusterName, namesOrAll, parseClusterName, resolveCluster } from './names.ts'

type Message = Record<string, unknown>

export const generateEndpoints: Generator = (snapshot, proxy, names) => {
  const out: Resource[] = []
  for (const name of namesOrAll(names, () => allClusterKeys(snapshot, proxy).map(clusterName))) {
    const key = parseClusterName(name)
    const target = key && resolveCluster(snapshot, proxy, key)
    if (!target) continue
    const selected = snapshot.endpoints(target.service.hostname)
      .filter((e) => e.servicePort === target.port && selectorMatches(target.subset?.labels, e.labels))
    out.push({ name, message: { clusterName: name, endpoints: localities(selected) } })
  }
  return out
}

interface Group {
  locality: { region: string; zone: string; subZone: string }
  endpoints: Map<string, Endpoint>
}

/**
 * grpc-js NACKs a non-IP address and an address seen twice anywhere in the assignment, and drops a
 * locality without a weight. Hostname endpoints (DNS ServiceEntries) are left out; a workload
 * listed twice keeps its first entry. Sorted, so the same mesh always gives the same bytes.
 */
function localities(endpoints: readonly Endpoint[]): Message[] {
  const groups = new Map<string, Group>()
  const seen = new Set<string>()
  for (const e of endpoints) {
    const address = `${e.address}:${e.port}`
    if (!isIP(e.address) || seen.has(address)) continue
    seen.add(address)
    const [region = '', zone = '', subZone = ''] = e.locality ? e.locality.split('/') : []
    const key = `${region}/${zone}/${subZone}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { locality: { region, zone, subZone }, endpoints: new Map() }))
    g.endpoints.set(address, e)
  }
  return [...groups.keys()].sort().map((key) => {
    const g = groups.get(key) as Group
    const members = [...g.endpoints.keys()].sort().map((address) => g.endpoints.get(address) as Endpoint)
    const weight = members.reduce((sum, e) => sum + endpointWeight(e), 0)
    return { locality: g.locality, lbEndpoints: members.map(lbEndpoint), loadBalancingWeight: { value: weight }, priority: 0 }
  })
}

/** Envoy requires endpoint weights ≥ 1; a WorkloadEntry may say 0 (unset). */
function endpointWeight(e: Endpoint): number {
  return Math.max(1, e.weight)
}

function lbEndpoint(e: Endpoint): Message {
  return {
    endpoint: { address: { socketAddress: { address: e.address, portValue: e.port } } },
    healthStatus: 'HEALTHY',
    loadBalancingWeight: { value: endpointWeight(e) },
  }
}
