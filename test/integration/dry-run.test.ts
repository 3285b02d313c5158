// `?dryRun=true` with real proxyless gRPC proxies connected (grpc-js-xds processes: an Echo caller
// and two Echo workloads): the answer says which proxies would get a push of which types and shows
// every resource that would change, decoded, before and after; nothing is stored, nothing is
// pushed, and the caller's traffic does not move. The "after" is what the real write then sends.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, IstioConfigDetails, WriteResponse } from '../../shared/api.ts'
import type { PushPreview, PushProgress } from '../../shared/xds.ts'
import { destinationRule, service, to, virtualService } from './xds/config.ts'
import { Mesh, RDS, share, show, sleep, type Caller } from './xds/mesh.ts'

const NS = 'dryrun'
const HOST = 'echo'
const FQDN = `${HOST}.${NS}.svc.cluster.local`
const ROUTE = `outbound|7070||${FQDN}`
const VS_URL = `/api/namespaces/${NS}/istio/networking.istio.io/v1/VirtualService/${HOST}`
const DR_URL = `/api/namespaces/${NS}/istio/networking.istio.io/v1/DestinationRule/${HOST}`
const split = (v1: number, v2: number) => [{ route: [to(HOST, 'v1', v1), to(HOST, 'v2', v2)] }]

type Weighted = { weightedClusters?: { clusters: { name: string; weight: { value: number } }[] } }
/** Cluster → weight of the one route of a decoded RouteConfiguration. */
function weights(routeConfig: unknown): Record<string, number> {
  const rc = routeConfig as { virtualHosts: { routes: { route: Weighted }[] }[] }
  const clusters = rc.virtualHosts[0].routes[0].route.weightedClusters?.clusters ?? []
  return Object.fromEntries(clusters.map((c) => [c.name.split('|')[2], c.weight.value]))
}

describe('dry run with connected proxyless gRPC proxies', () => {
  let mesh: Mesh
  let caller: Caller

  beforeAll(async () => {
    mesh = await Mesh.start({ namespace: NS, objects: [service(NS, HOST), destinationRule(NS, HOST), virtualService(NS, HOST, split(80, 20))] })
    const started = await Promise.all([
      mesh.caller('dry-run-caller', HOST),
      mesh.workload('echo-v1', { version: 'v1' }),
      mesh.workload('echo-v2', { version: 'v2' }),
    ])
    caller = started[0]
    const warm = await caller.run({ calls: 20, concurrency: 4, deadlineMs: 5_000 })
    expect(warm.ok, show(warm)).toBe(20)
    await mesh.settled([caller.nodeId])
  }, 90_000)

  afterAll(async () => {
    await mesh?.close()
  })

  it('reports the push of the changed RouteConfiguration to the caller only, and stores and pushes nothing', async () => {
    const file = join(mesh.dir, NS, 'mesh.yaml')
    const fileBefore = await readFile(file, 'utf8')
    const current = (await mesh.api<IstioConfigDetails>('GET', VS_URL)).body.resource
    const pushesBefore = (await mesh.api<PushProgress[]>('GET', '/api/proxies/pushes')).body.length
    const rdsBefore = (await mesh.proxy(caller.nodeId))?.types.RDS?.sentVersion

    const res = await mesh.api<WriteResponse>('PATCH', `${VS_URL}?dryRun=true`, { spec: { http: split(20, 80) } }, 'application/merge-patch+json')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.dryRun).toBe(true)
    expect(res.body.resource.metadata.resourceVersion).toBe(current.metadata.resourceVersion)
    const push = res.body.push as PushPreview
    // The caller routes through echo's routes; the workloads only serve (their inbound listeners do not change).
    expect(push.proxies).toEqual([{ id: caller.nodeId, workload: 'caller', namespace: NS, types: ['RDS'] }])
    expect(push.resources).toHaveLength(1)
    const [rds] = push.resources
    expect(rds).toMatchObject({ type: 'RDS', name: ROUTE, change: 'changed', proxies: 1 })
    expect(weights(rds.before)).toEqual({ v1: 80, v2: 20 })
    expect(weights(rds.after)).toEqual({ v1: 20, v2: 80 })

    // Nothing stored, nothing pushed: the file, the object and the proxy's config are as they were.
    expect(await readFile(file, 'utf8')).toBe(fileBefore)
    expect((await mesh.api<IstioConfigDetails>('GET', VS_URL)).body.resource).toEqual(current)
    await sleep(300)
    expect((await mesh.api<PushProgress[]>('GET', '/api/proxies/pushes')).body).toHaveLength(pushesBefore)
    expect((await mesh.proxy(caller.nodeId))?.types.RDS?.sentVersion).toBe(rdsBefore)
    const calls = await caller.run({ calls: 300, concurrency: 6 })
    expect(share(calls, 'v1'), show(calls)).toBeGreaterThan(0.7)

    // The real write sends exactly what the dry run showed.
    await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, { spec: { http: split(20, 80) } }))
    const dump = await mesh.api<{ types: Record<string, { resources: { name: string }[] }> }>('GET', `/api/proxies/${encodeURIComponent(caller.nodeId)}/config`)
    expect(dump.body.types.RDS.resources.find((r) => r.name === ROUTE)).toEqual(rds.after)
  }, 60_000)

  it('a dry-run delete lists what would be removed and keeps the object', async () => {
    const res = await mesh.api<{ resource: unknown; dryRun: boolean; push: PushPreview }>('DELETE', `${DR_URL}?dryRun=true`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.dryRun).toBe(true)
    // Without the rule the subsets are gone: their clusters and endpoints would be withdrawn from the caller.
    const removed = res.body.push.resources.filter((r) => r.change === 'removed').map((r) => `${r.type} ${r.name}`).sort()
    expect(removed).toEqual([
      `CDS outbound|7070|v1|${FQDN}`, `CDS outbound|7070|v2|${FQDN}`, `EDS outbound|7070|v1|${FQDN}`, `EDS outbound|7070|v2|${FQDN}`,
    ])
    expect(res.body.push.resources.every((r) => r.before !== undefined && r.after === undefined)).toBe(true)
    expect(res.body.push.proxies.map((p) => p.id)).toEqual([caller.nodeId])
    expect((await mesh.api('GET', DR_URL)).status).toBe(200)
  })

  it('flags what the data plane cannot honour before Apply, and shows it changes nothing on the wire', async () => {
    // The split stored by the first test, plus a mirror, which proxyless gRPC cannot do.
    const mirrored = [{ route: [to(HOST, 'v1', 20), to(HOST, 'v2', 80)], mirror: { host: HOST, subset: 'v1' } }]
    const res = await mesh.api<WriteResponse>('PATCH', `${VS_URL}?dryRun=true`, { spec: { http: mirrored } }, 'application/merge-patch+json')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.validation.checks.map((c) => `${c.code} ${c.severity} ${c.path}`)).toContain('TRL0301 warning spec/http[0]/mirror')
    expect(res.body.push).toEqual({ proxies: [], resources: [] })
  })

  it('a stale dry run gets 409 with the current object', async () => {
    const current = (await mesh.api<IstioConfigDetails>('GET', VS_URL)).body.resource
    const stale = structuredClone(current)
    stale.metadata.resourceVersion = String(Number(current.metadata.resourceVersion) - 1)
    const res = await mesh.api<ApiError>('PUT', `${VS_URL}?dryRun=true`, stale)
    expect(res.status).toBe(409)
    expect(res.body.current).toEqual(current)
  })
})
