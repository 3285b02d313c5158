// The control plane under trouble, as callers and the console observe it: config a client rejects
// (NACK) and a Trellis restart under load. Two Echo workloads (v1, v2) and one long-lived caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdsTestClient, istioNode } from '../../support/ads-client.ts'
import type { CallSummary } from '../../fixtures/workloads/call-stats.ts'
import { decodeResource } from '../../../server/xds/protos.ts'
import { destinationRule, service, to, virtualService } from './config.ts'
import { CDS, EDS, LDS, Mesh, RDS, show, sleep, until, type Caller, type TypeUrl, type Workload } from './mesh.ts'

const NS = 'control'
const HOST = 'echo'
const FQDN = `${HOST}.${NS}.svc.cluster.local`
const XDS_REJECTED = 'TRL0401'
const V1_CLUSTER = `outbound|7070|v1|${FQDN}`
/** An interval grpc-js-xds rejects: longer than google.protobuf.Duration's maximum (10,000 years). */
const OUT_OF_RANGE = { consecutive5xxErrors: 5, interval: '100000000h' }

describe('the control plane under trouble', () => {
  let mesh: Mesh
  let caller: Caller
  let v1: Workload
  let proxies: string[]
  /** What a client reconnecting right after the restart was told about subset v1 (see the restart tests). */
  let probed: { endpoints: string[][]; v1Address: string } | undefined

  const nacksOf = (proxy: string, typeUrl: TypeUrl, since = 0) => mesh.nacks.filter((n) => n.proxy === proxy && n.typeUrl === typeUrl && n.at >= since)
  const checksOn = async (kind: string, name: string) =>
    (await mesh.validations()).find((v) => v.objectGVK.kind === kind && v.name === name)?.checks ?? []

  beforeAll(async () => {
    mesh = await Mesh.start({
      namespace: NS,
      objects: [service(NS, HOST), destinationRule(NS, HOST), virtualService(NS, HOST, [{ route: [to(HOST, 'v1')] }])],
    })
    const [c, w1, w2] = await Promise.all([
      mesh.caller('control-caller', HOST),
      mesh.workload('echo-v1', { version: 'v1' }),
      mesh.workload('echo-v2', { version: 'v2' }),
    ])
    caller = c
    v1 = w1
    proxies = [c.nodeId, w1.nodeId, w2.nodeId]
    const warm = await caller.run({ calls: 20, concurrency: 4, deadlineMs: 5_000 })
    expect(warm.byVersion, show(warm)).toEqual({ v1: 20 })
  })

  afterAll(async () => {
    await mesh?.close()
  })

  // outlierDetection.interval beyond google.protobuf.Duration's range (315,576,000,000 s): Trellis
  // admits it (only a 1 ms minimum is checked) and grpc-js-xds NACKs the Cluster; see the next
  // test. Once admission refuses it, this test skips itself and the raw ADS client test below
  // covers the NACK path.
  it('a DestinationRule the client rejects: ERROR with its message, TRL0401 on the rule, no resend, traffic on the last good config', async (ctx) => {
    const t0 = performance.now()
    const res = await mesh.mergePatch('DestinationRule', HOST, { spec: { trafficPolicy: { outlierDetection: OUT_OF_RANGE } } })
    if (res.status === 400) ctx.skip(`admission now refuses the interval the client rejects: ${JSON.stringify(res.body)}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const nack = await until(() => nacksOf(caller.nodeId, CDS, t0)[0], 5_000, 'a NACK of CDS from the caller')
    console.info(`[control] caller NACKed CDS ${(nack.at - t0).toFixed(0)} ms after the write: ${nack.message}`)
    expect(nack.message).toContain('outlier_detection.interval out of range')

    const status = (await mesh.proxy(caller.nodeId))?.types.CDS
    expect(status?.status).toBe('ERROR')
    expect(status?.nack?.message).toBe(nack.message)
    const checks = await checksOn('DestinationRule', HOST)
    const rejected = checks.find((c) => c.code === XDS_REJECTED)
    expect(rejected, JSON.stringify(checks)).toBeDefined()
    expect(rejected?.severity).toBe('error')
    expect(rejected?.message).toContain(caller.nodeId)
    expect(rejected?.message).toContain('outlier_detection.interval out of range')

    // Another change (a route timeout: RDS only) is pushed and applied; the rejected clusters are
    // not sent again, and the caller keeps serving with the clusters it had.
    const sentNonce = status?.sentNonce
    await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, {
      spec: { http: [{ route: [to(HOST, 'v1')], timeout: '5s' }] },
    }), 5_000)
    const during: CallSummary[] = []
    const quietUntil = performance.now() + 1_500
    while (performance.now() < quietUntil) during.push(await caller.run({ calls: 100, concurrency: 4 }))
    const after = await mesh.proxy(caller.nodeId)
    console.info(`[control] after the NACK: ${during.length * 100} calls ${JSON.stringify(during.map((s) => s.byVersion))}; ` +
      `CDS NACKs ${nacksOf(caller.nodeId, CDS, t0).length}, CDS nonce ${sentNonce} → ${after?.types.CDS?.sentNonce}`)
    expect(nacksOf(caller.nodeId, CDS, t0)).toHaveLength(1)
    expect(after?.types.CDS?.sentNonce).toBe(sentNonce)
    expect(after?.types.CDS?.status).toBe('ERROR')
    expect(after?.types.RDS?.status).toBe('SYNCED')
    for (const s of during) expect(s.byVersion, show(s)).toEqual({ v1: 100 })

    // Fixed: the clusters are accepted, the status and the validation message clear.
    await mesh.change([caller.nodeId], CDS, () => mesh.mustMergePatch('DestinationRule', HOST, { spec: { trafficPolicy: null } }))
    expect((await mesh.proxy(caller.nodeId))?.types.CDS?.status).toBe('SYNCED')
    await until(async () => !(await checksOn('DestinationRule', HOST)).some((c) => c.code === XDS_REJECTED), 2_000, 'TRL0401 cleared')
  }, 30_000)

  // BUG (server/validation/admission/duration.ts): durations are checked against a 1 ms minimum
  // only; one past google.protobuf.Duration's range is admitted, and every gRPC client NACKs the
  // Clusters made from it (grpc-js-xds validates outlier_detection durations).
  it('the API refuses a duration the clients cannot take', async () => {
    const res = await mesh.api('PATCH', `/api/namespaces/${NS}/istio/networking.istio.io/v1/DestinationRule/${HOST}?dryRun=true`,
      { spec: { trafficPolicy: { outlierDetection: OUT_OF_RANGE } } }, 'application/merge-patch+json')
    expect(res.status, JSON.stringify(res.body)).toBe(400)
  })

  it('a RouteConfiguration a proxy rejects (raw ADS client): ERROR with its message, TRL0401 on the VirtualService, no resend', async () => {
    const raw = new AdsTestClient(mesh.xdsServer, istioNode({ namespace: NS, pod: 'raw-proxy', labels: { app: 'raw' } }))
    try {
      raw.subscribe(LDS, [`${FQDN}:7070`])
      await raw.next((r) => r.typeUrl === LDS)
      raw.subscribe(RDS, [`outbound|7070||${FQDN}`])
      await raw.next((r) => r.typeUrl === RDS)
      await mesh.settled([raw.node.id])

      const message = 'raw test client: route rejected on purpose'
      raw.nackNext.set(RDS, message)
      const t0 = performance.now()
      // The real caller takes the same change: it ACKs, and its calls follow the new route.
      await mesh.change([caller.nodeId], RDS, () => mesh.mustMergePatch('VirtualService', HOST, { spec: { http: [{ route: [to(HOST, 'v2')] }] } }))
      await until(() => nacksOf(raw.node.id, RDS, t0)[0], 5_000, 'a NACK of RDS from the raw client')
      const routesReceived = raw.received.filter((r) => r.typeUrl === RDS).length

      const status = (await mesh.proxy(raw.node.id))?.types.RDS
      expect(status?.status).toBe('ERROR')
      expect(status?.nack?.message).toBe(message)
      const checks = await checksOn('VirtualService', HOST)
      expect(checks.find((c) => c.code === XDS_REJECTED)?.message, JSON.stringify(checks)).toContain(message)
      const calls = await caller.run({ calls: 200, concurrency: 4 })
      expect(calls.byVersion, show(calls)).toEqual({ v2: 200 })

      await sleep(1_000)
      expect(raw.received.filter((r) => r.typeUrl === RDS)).toHaveLength(routesReceived)
      expect(nacksOf(raw.node.id, RDS, t0)).toHaveLength(1)
    } finally {
      raw.close()
      raw.closeChannel()
    }
    // The proxy is gone: so is the message on the VirtualService.
    await until(async () => !(await checksOn('VirtualService', HOST)).some((c) => c.code === XDS_REJECTED), 2_000, 'TRL0401 cleared')
  }, 30_000)

  it('callers keep succeeding while Trellis is down, and all proxies are SYNCED within 5 s of its restart on the same port', async () => {
    await until(async () => {
      const all = await mesh.proxies()
      return proxies.every((id) => all.some((p) => p.id === id))
    }, 5_000, 'all three proxies connected')
    const edsVersionBefore = (await mesh.proxy(caller.nodeId))?.types.EDS?.ackedVersion
    const typesBefore = new Map((await mesh.proxies()).map((p) => [p.id, Object.entries(p.types).filter(([, t]) => t.status !== 'NOT SENT').map(([k]) => k)]))
    const port = mesh.xdsPort

    let load = true
    let probe: AdsTestClient | undefined
    const batches: { at: number; s: CallSummary }[] = []
    const running = (async () => {
      while (load) batches.push({ at: performance.now(), s: await caller.run({ calls: 100, concurrency: 4 }) })
    })()
    try {
      await sleep(300)
      const downAt = performance.now()
      const stop = await mesh.stopControlPlane()
      await sleep(1_000)
      const upAt = performance.now()
      await mesh.startControlPlane()
      expect(mesh.xdsPort).toBe(port)
      // A client reconnecting at once, as the first of the real ones will, asks for subset v1's
      // endpoints with the version it had (what it learns is checked in the next test).
      probe = new AdsTestClient(mesh.xdsServer, istioNode({ namespace: NS, pod: 'reconnecting-proxy', labels: { app: 'probe' } }))
      probe.names.set(EDS, [V1_CLUSTER])
      probe.send({ typeUrl: EDS, resourceNames: [V1_CLUSTER], responseNonce: '', versionInfo: edsVersionBefore ?? '' })
      const resyncMs = await until(async () => {
        const all = await mesh.proxies()
        const ok = proxies.every((id) => {
          const p = all.find((x) => x.id === id)
          return p !== undefined && (typesBefore.get(id) ?? []).every((t) => p.types[t]?.status === 'SYNCED')
        })
        return ok ? performance.now() - upAt : false
      }, 10_000, async () => JSON.stringify((await mesh.proxies()).map((p) => [p.id, Object.values(p.types).map((t) => t.status)])))
      await sleep(500)
      load = false
      await running
      probed = {
        v1Address: v1.address,
        endpoints: probe.received.filter((r) => r.typeUrl === EDS).flatMap((r) => (r.resources ?? []).map((any) => endpointsOf(decodeResource(EDS, any.value)))),
      }
      const sum = (bs: typeof batches) => ({
        calls: bs.reduce((n, b) => n + b.s.calls, 0),
        failed: bs.reduce((n, b) => n + b.s.failed, 0),
        errors: bs.filter((b) => b.s.failed).map((b) => b.s.errors),
      })
      // A batch started before the restart may end after it: it counts with the restart.
      const down = sum(batches.filter((b) => b.at >= downAt && b.at < upAt - 100))
      const restart = sum(batches.filter((b) => b.at >= upAt - 100))
      console.info(`[control] Trellis stopped in ${stop.closeMs.toFixed(0)} ms${stop.forced ? ' (ADS forced down: close() hung)' : ''}, ` +
        `down ${(upAt - downAt).toFixed(0)} ms; all proxies SYNCED ${resyncMs.toFixed(0)} ms after the restart; ` +
        `calls while down ${JSON.stringify(down)}; from the restart on ${JSON.stringify(restart)}`)
      expect(resyncMs).toBeLessThan(5_000)
      expect(down.calls).toBeGreaterThan(0)
      expect(down.failed, JSON.stringify(down.errors)).toBe(0)
      // BUG (server/xds/generate/eds.ts + ads.ts): a restarted Trellis knows no workload until its
      // proxy reconnects, and answers a caller that reconnected first with empty assignments.
      expect(restart.failed, JSON.stringify(restart.errors)).toBe(0)
    } finally {
      load = false
      await running
      probe?.close()
      probe?.closeChannel()
    }
  }, 40_000)

  // BUG (server/xds/ads.ts open(), generate/eds.ts): Trellis learns endpoints from the proxies that
  // connect. A restarted Trellis knows none until each workload's proxy has reconnected, and tells
  // a caller that reconnected first that the cluster has no endpoints: the caller drops the ones it
  // had, and its calls fail UNAVAILABLE ("priority policy has empty priority list") until the
  // workloads are back, although they never stopped serving. Whether the restart test above sees
  // failed calls depends on which proxy reconnects first; a client reconnecting at once always
  // gets the empty assignment.
  it('a restarted Trellis never tells a reconnecting client that live workloads are gone', () => {
    expect(probed, 'the restart test records what the reconnecting client was told').toBeDefined()
    const { endpoints, v1Address } = probed!
    console.info(`[control] subset v1 endpoints sent to a client reconnecting right after the restart: ${JSON.stringify(endpoints)}`)
    expect(endpoints.length).toBeGreaterThan(0)
    for (const list of endpoints) expect(list).toContain(v1Address)
  })

  // BUG (server/xds/ads.ts, AdsServer.close): it awaits grpc's tryShutdown, which waits for every
  // call to end, and an ADS stream ends only when its proxy leaves. So Trellis.close() never
  // returns while a proxy is connected, and `trellis serve` ignores the first SIGTERM/SIGINT.
  it('Trellis closes promptly while proxies are connected', async () => {
    const other = await Mesh.start({ namespace: 'closing', objects: [service('closing', HOST)] })
    const raw = new AdsTestClient(other.xdsServer, istioNode({ namespace: 'closing', pod: 'raw-proxy' }))
    try {
      raw.subscribe(LDS, [`${HOST}.closing.svc.cluster.local:7070`])
      await raw.next((r) => r.typeUrl === LDS)
      const stop = await other.stopControlPlane(3_000)
      console.info(`[control] close() with one proxy connected: ${stop.forced ? 'still waiting after 3 s (forced)' : `${stop.closeMs.toFixed(0)} ms`}`)
      expect(stop.forced, 'Trellis.close() was still waiting for the ADS stream after 3 s').toBe(false)
      // The proxy is told, so it can reconnect elsewhere.
      expect((await raw.whenEnded(1_000)).code).toBeGreaterThan(0)
    } finally {
      raw.close()
      raw.closeChannel()
      await other.close()
    }
  }, 20_000)

})

/** The `ip:port` endpoints of a decoded ClusterLoadAssignment. */
function endpointsOf(cla: Record<string, unknown>): string[] {
  const localities = (cla.endpoints ?? []) as { lbEndpoints?: { endpoint?: { address?: { socketAddress?: { address?: string; portValue?: number } } } }[] }[]
  return localities.flatMap((l) => l.lbEndpoints ?? []).map((e) => `${e.endpoint?.address?.socketAddress?.address}:${e.endpoint?.address?.socketAddress?.portValue}`)
}
