// The ADS conversation rules, checked with a raw protocol client: ACK, NACK, stale nonces, new
// subscriptions, push order, registration, and garbage that must end only its own stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rm } from 'node:fs/promises'
import pino from 'pino'
import type { ProxyStatus } from '../../shared/xds.ts'
import { createTrellis, type Trellis } from '../../server/runtime.ts'
import { decodeResource, TYPE_URL } from '../../server/xds/protos.ts'
import { AdsTestClient, istioNode, type Received } from '../support/ads-client.ts'
import { eventually, makeConfigDir } from './helpers.ts'

const REVIEWS = 'reviews.bookinfo.svc.cluster.local'
const ROUTE = `outbound|9080||${REVIEWS}`
const VS_PATH = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews'

let t: Trellis
let dir: string
let target: string
const clients: AdsTestClient[] = []

function client(pod: string, labels: Record<string, string> = { app: 'productpage', version: 'v1' }, ip = '127.0.0.1', autoAck = true): AdsTestClient {
  const c = new AdsTestClient(target, istioNode({ namespace: 'bookinfo', pod, ip, labels, ports: { http: 9080 } }), autoAck)
  clients.push(c)
  return c
}

const names = (r: Received) => r.resources.map((x) => (decodeResource(r.typeUrl, x.value) as { name?: string; clusterName?: string }).name ?? (decodeResource(r.typeUrl, x.value) as { clusterName?: string }).clusterName)

async function proxies(): Promise<ProxyStatus[]> {
  return (await t.app.inject({ method: 'GET', url: '/api/proxies' })).json() as ProxyStatus[]
}

beforeAll(async () => {
  dir = await makeConfigDir()
  t = await createTrellis({ configDir: dir, xdsPort: 0, logger: pino({ level: 'silent' }), webRoot: '/nonexistent', graceMs: 300 })
  target = `127.0.0.1:${t.xdsPort}`
})

afterAll(async () => {
  for (const c of clients) {
    c.close()
    c.closeChannel()
  }
  await t.close()
  await rm(dir, { recursive: true, force: true })
})

describe('ADS conversation', () => {
  it('announces a proxy as an endpoint only once it serves: after it ACKs its inbound listener', async () => {
    const watcher = client('pp-serving')
    watcher.subscribe(TYPE_URL.endpoint, [`outbound|9080|v2|${REVIEWS}`])
    await watcher.next((r) => r.typeUrl === TYPE_URL.endpoint)
    const server = client('reviews-v2-s', { app: 'reviews', version: 'v2' }, '127.0.0.7', false)
    server.subscribe(TYPE_URL.listener, ['xds.istio.io/grpc/lds/inbound/127.0.0.7:9080'])
    const lds = await server.next((r) => r.typeUrl === TYPE_URL.listener)
    await new Promise((r) => setTimeout(r, 200))
    const endpointsSoFar = watcher.received.filter((r) => r.typeUrl === TYPE_URL.endpoint)
    expect(JSON.stringify(endpointsSoFar.map((r) => decodeResource(r.typeUrl, r.resources[0].value)))).not.toContain('127.0.0.7')
    server.send({ typeUrl: TYPE_URL.listener, resourceNames: ['xds.istio.io/grpc/lds/inbound/127.0.0.7:9080'], responseNonce: lds.nonce, versionInfo: lds.versionInfo })
    const eds = await watcher.next((r) => r.typeUrl === TYPE_URL.endpoint)
    expect(JSON.stringify(decodeResource(TYPE_URL.endpoint, eds.resources[0].value))).toContain('127.0.0.7')
  })

  it('answers a subscription at once, and a name it does not have promptly, without it', async () => {
    const c = client('pp-1')
    c.subscribe(TYPE_URL.listener, ['reviews:9080', 'nosuchservice:1234'])
    const lds = await c.next((r) => r.typeUrl === TYPE_URL.listener, 2000)
    expect(names(lds)).toEqual(['reviews:9080'])
    const listener = decodeResource(TYPE_URL.listener, lds.resources[0].value) as { apiListener: { apiListener: { rds: { routeConfigName: string } } } }
    expect(listener.apiListener.apiListener.rds.routeConfigName).toBe(ROUTE)
    c.subscribe(TYPE_URL.route, [ROUTE])
    const rds = await c.next((r) => r.typeUrl === TYPE_URL.route, 2000)
    expect(names(rds)).toEqual([ROUTE])
    await eventually(async () => (await proxies()).some((p) => p.id === c.node.id && p.types.LDS.status === 'SYNCED' && p.types.RDS.status === 'SYNCED'))
  })

  it('records a NACK as ERROR with the client message, keeps it, and never resends the same version', async () => {
    const c = client('pp-2')
    c.subscribe(TYPE_URL.cluster, [`outbound|9080|v1|${REVIEWS}`])
    await c.next((r) => r.typeUrl === TYPE_URL.cluster)
    c.subscribe(TYPE_URL.route, [ROUTE])
    await c.next((r) => r.typeUrl === TYPE_URL.route)
    c.nackNext.set(TYPE_URL.route, 'route: weighted clusters sum to 0 (test)')
    const before = c.received.length
    const patch = await t.app.inject({
      method: 'PATCH', url: VS_PATH, headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] } }),
    })
    expect(patch.statusCode).toBe(200)
    await eventually(async () => (await proxies()).find((p) => p.id === c.node.id)?.types.RDS.status === 'ERROR')
    const status = (await proxies()).find((p) => p.id === c.node.id)!
    expect(status.types.RDS.nack?.message).toBe('route: weighted clusters sum to 0 (test)')
    expect(status.types.CDS.status).toBe('SYNCED')
    // The rejected object carries the proxy's message.
    const v = (await t.app.inject({ method: 'GET', url: VS_PATH })).json() as { validation: { checks: { code: string; message: string }[] } }
    expect(v.validation.checks).toContainEqual(expect.objectContaining({ code: 'TRL0401', message: expect.stringContaining('weighted clusters sum to 0') }))
    // No resend loop: nothing more arrives for RDS while the config stays the same.
    await new Promise((r) => setTimeout(r, 300))
    expect(c.received.slice(before).filter((r) => r.typeUrl === TYPE_URL.route)).toHaveLength(1)
    // A later change is sent, ACKed, and clears the error and the message.
    await t.app.inject({
      method: 'PATCH', url: VS_PATH, headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] } }),
    })
    await eventually(async () => (await proxies()).find((p) => p.id === c.node.id)?.types.RDS.status === 'SYNCED')
    await eventually(async () => {
      const again = (await t.app.inject({ method: 'GET', url: VS_PATH })).json() as { validation: { checks: { code: string }[] } }
      return !again.validation.checks.some((x) => x.code === 'TRL0401')
    })
  })

  it('ignores a stale nonce, and answers a change of names sent with the current one', async () => {
    const c = client('pp-3', undefined, undefined, false)
    c.subscribe(TYPE_URL.cluster, [`outbound|9080|v1|${REVIEWS}`])
    const first = await c.next((r) => r.typeUrl === TYPE_URL.cluster)
    // ACK, then a request carrying a nonce the server never sent last: ignored.
    c.send({ typeUrl: TYPE_URL.cluster, resourceNames: [`outbound|9080|v1|${REVIEWS}`, `outbound|9080|v2|${REVIEWS}`], responseNonce: 'stale-nonce', versionInfo: first.versionInfo })
    await new Promise((r) => setTimeout(r, 200))
    expect(c.received.filter((r) => r.typeUrl === TYPE_URL.cluster)).toHaveLength(1)
    c.send({ typeUrl: TYPE_URL.cluster, resourceNames: [`outbound|9080|v1|${REVIEWS}`, `outbound|9080|v2|${REVIEWS}`], responseNonce: first.nonce, versionInfo: first.versionInfo })
    const second = await c.next((r) => r.typeUrl === TYPE_URL.cluster && r.nonce !== first.nonce)
    expect(names(second).sort()).toEqual([`outbound|9080|v1|${REVIEWS}`, `outbound|9080|v2|${REVIEWS}`])
  })

  it('pushes in CDS, EDS, LDS, RDS order, and an endpoint-only change as EDS only', async () => {
    const c = client('pp-4')
    c.subscribe(TYPE_URL.cluster, [`outbound|9080|v1|${REVIEWS}`])
    c.subscribe(TYPE_URL.endpoint, [`outbound|9080|v1|${REVIEWS}`])
    c.subscribe(TYPE_URL.listener, ['reviews:9080'])
    c.subscribe(TYPE_URL.route, [ROUTE])
    await eventually(() => c.received.length >= 4)
    const mark = c.received.length
    // A proxy with reviews v1 labels joins and serves (ACKs its inbound listener): only EDS
    // changes for the watcher.
    const joiner = client('reviews-v1-x', { app: 'reviews', version: 'v1' }, '127.0.0.9')
    joiner.subscribe(TYPE_URL.listener, ['xds.istio.io/grpc/lds/inbound/127.0.0.9:9080'])
    const eds = await c.next((r) => r.typeUrl === TYPE_URL.endpoint)
    expect(JSON.stringify(decodeResource(TYPE_URL.endpoint, eds.resources[0].value))).toContain('127.0.0.9')
    await new Promise((r) => setTimeout(r, 150))
    expect(c.received.slice(mark).map((r) => r.typeUrl)).toEqual([TYPE_URL.endpoint])
    // It leaves: after the grace period its endpoint is gone from EDS.
    joiner.close()
    const gone = await c.next((r) => r.typeUrl === TYPE_URL.endpoint, 3000)
    expect(JSON.stringify(decodeResource(TYPE_URL.endpoint, gone.resources[0].value))).not.toContain('127.0.0.9')
    // A consistent-hash policy changes the cluster (RING_HASH) and the route (hash policy):
    // the cluster arrives first.
    const mark2 = c.received.length
    const dr = await t.app.inject({
      method: 'PATCH', url: '/api/namespaces/bookinfo/istio/networking.istio.io/v1/DestinationRule/reviews',
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ spec: { trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'end-user' } } } } }),
    })
    expect(dr.statusCode).toBe(200)
    await eventually(() => c.received.slice(mark2).some((r) => r.typeUrl === TYPE_URL.route))
    await new Promise((r) => setTimeout(r, 150))
    const order = c.received.slice(mark2).map((r) => r.typeUrl)
    expect(order).toContain(TYPE_URL.cluster)
    const rank = (u: string) => [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.listener, TYPE_URL.route].indexOf(u as never)
    expect(order.map(rank)).toEqual([...order.map(rank)].sort((a, b) => a - b))
  })
})

describe('garbage on a stream ends that stream only', () => {
  it('refuses a first request without a node, an unknown type and absurd names', async () => {
    const healthy = client('pp-healthy')
    healthy.subscribe(TYPE_URL.route, [ROUTE])
    await healthy.next()

    const noNode = client('x')
    ;(noNode as unknown as { sentNode: boolean }).sentNode = true
    noNode.send({ typeUrl: TYPE_URL.listener, resourceNames: [] })
    expect((await noNode.whenEnded()).details).toMatch(/must carry node.id/)

    const badType = client('pp-bad-type')
    badType.subscribe('type.googleapis.com/envoy.config.nonsense.v3.Thing', [])
    const s1 = await badType.whenEnded()
    expect(s1.code).toBe(3)
    expect(s1.details).toMatch(/unknown type URL/)

    const absurd = client('pp-absurd')
    absurd.subscribe(TYPE_URL.listener, ['x'.repeat(5000)])
    expect((await absurd.whenEnded()).details).toMatch(/not acceptable/)

    const badId = new AdsTestClient(target, { id: 'not-an-istio-node-id' })
    clients.push(badId)
    badId.subscribe(TYPE_URL.listener, [])
    expect((await badId.whenEnded()).details).toMatch(/Istio's form/)

    // The healthy stream still gets pushes.
    const mark = healthy.received.length
    await t.app.inject({
      method: 'PATCH', url: VS_PATH, headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] } }),
    })
    await eventually(() => healthy.received.length > mark)
    expect(healthy.ended).toBeUndefined()
  })
})
