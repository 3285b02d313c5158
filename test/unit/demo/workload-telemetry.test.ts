// Workload telemetry end to end over a plain channel (no control plane): a client workload and a
// server workload, each with its own registry, as two processes of the mesh would be. The
// assertions read the /metrics text Prometheus would scrape.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as grpc from '@grpc/grpc-js'
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { makeBootstrap } from '../../../server/workload/bootstrap.ts'
import { isServiceError, unaryCall } from '../../../server/workload/client.ts'
import { clientResponseFlags } from '../../../server/workload/telemetry-grpc.ts'
import { serveMetrics, type MetricsEndpoint } from '../../../server/workload/telemetry-http.ts'
import { PEER_HEADER, decodePeer, encodePeer } from '../../../server/workload/telemetry-peer.ts'
import { createWorkloadTelemetry, type WorkloadTelemetry } from '../../../server/workload/telemetry-workload.ts'
import { DURATION_BUCKETS_MS, ISTIO_LABELS, IstioMetrics, UNKNOWN_PEER } from '../../../server/workload/telemetry.ts'
import { createWorkloadTracing, tracingOptionsFromBootstrap, type WorkloadTracing } from '../../../server/workload/tracing.ts'
import { createEcho, EchoCall, EchoClient, type Echo } from '../../fixtures/workloads/echo-service.ts'
import { parseExposition, select, type Sample } from './prom-text.ts'

const TARGET = 'xds:///reviews.bookinfo.svc.cluster.local:9080'
const SERVICE = 'reviews.bookinfo.svc.cluster.local'

const serverBootstrap = makeBootstrap({
  xdsServer: '127.0.0.1:15010', namespace: 'bookinfo', workloadName: 'reviews-v2', podName: 'reviews-v2-1',
  app: 'reviews', version: 'v2', serviceAccount: 'bookinfo-reviews',
})
const clientBootstrap = makeBootstrap({
  xdsServer: '127.0.0.1:15010', namespace: 'bookinfo', workloadName: 'productpage-v1', podName: 'productpage-v1-1',
  app: 'productpage', version: 'v1', serviceAccount: 'bookinfo-productpage',
})

const productpage = {
  source_workload: 'productpage-v1', source_workload_namespace: 'bookinfo', source_app: 'productpage', source_version: 'v1',
  source_canonical_service: 'productpage', source_canonical_revision: 'v1', source_cluster: 'Kubernetes',
}
const reviewsV2 = {
  destination_workload: 'reviews-v2', destination_workload_namespace: 'bookinfo', destination_app: 'reviews', destination_version: 'v2',
  destination_canonical_service: 'reviews', destination_canonical_revision: 'v2', destination_cluster: 'Kubernetes',
}
const reviewsService = { destination_service: SERVICE, destination_service_name: 'reviews', destination_service_namespace: 'bookinfo' }
const unknownDestination = {
  destination_workload: 'unknown', destination_workload_namespace: 'unknown', destination_app: 'unknown', destination_version: 'unknown',
  destination_canonical_service: 'unknown', destination_canonical_revision: 'unknown', destination_cluster: 'unknown',
}

describe('workload telemetry over a gRPC call', () => {
  let server: grpc.Server
  let echo: Echo
  let port: number
  let client: grpc.Client
  let serverTel: WorkloadTelemetry
  let clientTel: WorkloadTelemetry
  let serverTracing: WorkloadTracing
  let clientTracing: WorkloadTracing
  const serverSpans = new InMemorySpanExporter()
  const clientSpans = new InMemorySpanExporter()
  let serverMetricsEndpoint: MetricsEndpoint

  const scrape = async (tel: WorkloadTelemetry): Promise<Sample[]> => parseExposition(await tel.metrics.metrics())
  const requests = async (tel: WorkloadTelemetry, match: Record<string, string>): Promise<Sample[]> =>
    select(await scrape(tel), 'istio_requests_total', match)

  beforeAll(async () => {
    serverTel = createWorkloadTelemetry(serverBootstrap)
    clientTel = createWorkloadTelemetry(clientBootstrap)
    serverTracing = createWorkloadTracing({ ...tracingOptionsFromBootstrap(serverBootstrap), exporter: serverSpans })
    clientTracing = createWorkloadTracing({ ...tracingOptionsFromBootstrap(clientBootstrap), exporter: clientSpans })
    echo = createEcho({ workload: 'reviews-v2', app: 'reviews', version: 'v2', pod: 'reviews-v2-1', namespace: 'bookinfo', port: 0 })
    const binding = serverTracing.service(serverTel.service(echo.binding))
    server = new grpc.Server()
    server.addService(binding.definition, binding.implementation)
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))))
    client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      // What an xds:/// channel sends as :authority.
      'grpc.default_authority': 'reviews.bookinfo.svc.cluster.local:9080',
      interceptors: [clientTel.clientInterceptor(TARGET, [EchoClient.service]), clientTracing.clientInterceptor(TARGET)],
    })
    serverMetricsEndpoint = await serveMetrics(serverTel.metrics)
  })
  afterAll(async () => {
    client?.close()
    server?.forceShutdown()
    await serverMetricsEndpoint?.close()
    await Promise.all([serverTracing?.shutdown(), clientTracing?.shutdown()])
  })
  beforeEach(() => {
    echo.setBehaviour({})
    serverTel.metrics.registry.resetMetrics()
    clientTel.metrics.registry.resetMetrics()
  })

  test('an answered call is reported by both sides with Istio’s full label set', async () => {
    await unaryCall(client, EchoCall, { message: 'hello' }, { deadlineMs: 2000 })
    const [source] = await requests(clientTel, { reporter: 'source' })
    expect(source.value).toBe(1)
    expect(Object.keys(source.labels).sort()).toEqual([...ISTIO_LABELS].sort())
    expect(source.labels).toEqual({
      reporter: 'source', ...productpage, source_principal: 'unknown', ...reviewsV2, destination_principal: 'unknown', ...reviewsService,
      request_protocol: 'grpc', response_code: '200', grpc_response_status: '0', response_flags: '-', connection_security_policy: 'unknown',
    })
    const [destination] = await requests(serverTel, { reporter: 'destination' })
    expect(destination.labels).toEqual({
      reporter: 'destination', ...productpage, source_principal: 'unknown', ...reviewsV2, destination_principal: 'unknown', ...reviewsService,
      request_protocol: 'grpc', response_code: '200', grpc_response_status: '0', response_flags: '-', connection_security_policy: 'none',
    })
    // Each side reports only its own role.
    expect(await requests(clientTel, { reporter: 'destination' })).toEqual([])
    expect(await requests(serverTel, { reporter: 'source' })).toEqual([])
  })

  test('duration uses Istio’s buckets; sizes count the gRPC body', async () => {
    await unaryCall(client, EchoCall, { message: 'x'.repeat(100) }, { deadlineMs: 2000 })
    const samples = await scrape(clientTel)
    const les = select(samples, 'istio_request_duration_milliseconds_bucket').map((s) => s.labels.le)
    expect(les).toEqual([...DURATION_BUCKETS_MS.map(String), '+Inf'])
    const [reqSum] = select(samples, 'istio_request_bytes_sum')
    // 5-byte gRPC prefix + field tag and length + 100 bytes.
    expect(reqSum.value).toBe(107)
    const [resSum] = select(samples, 'istio_response_bytes_sum')
    expect(resSum.value).toBeGreaterThan(107)
    const [serverResSum] = select(await scrape(serverTel), 'istio_response_bytes_sum')
    expect(serverResSum.value).toBe(resSum.value)
  })

  test('a gRPC error from the server is HTTP 200 with its gRPC status on both sides', async () => {
    echo.setBehaviour({ failAlways: true, failCode: grpc.status.UNAVAILABLE })
    await expect(unaryCall(client, EchoCall, { message: 'x' }, { deadlineMs: 2000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE })
    const [source] = await requests(clientTel, { reporter: 'source' })
    expect(source.labels).toMatchObject({ response_code: '200', grpc_response_status: '14', response_flags: '-', destination_workload: 'reviews-v2' })
    const [destination] = await requests(serverTel, { reporter: 'destination' })
    expect(destination.labels).toMatchObject({ response_code: '200', grpc_response_status: '14', source_workload: 'productpage-v1' })
  })

  test('a call that times out before the answer: UT/504 with an unknown destination; the server sees DC', async () => {
    echo.setBehaviour({ latencyMs: 300 })
    const err = await unaryCall(client, EchoCall, { message: 'x' }, { deadlineMs: 50 }).catch((e: unknown) => e)
    expect(isServiceError(err) && err.code).toBe(grpc.status.DEADLINE_EXCEEDED)
    const [source] = await requests(clientTel, { reporter: 'source' })
    expect(source.labels).toMatchObject({ ...unknownDestination, ...reviewsService, response_code: '504', grpc_response_status: '4', response_flags: 'UT' })
    let destination: Sample[] = []
    for (let i = 0; i < 300 && destination.length === 0; i++) {
      destination = await requests(serverTel, { reporter: 'destination' })
      if (destination.length === 0) await new Promise((r) => setTimeout(r, 10))
    }
    expect(destination[0].labels).toMatchObject({ response_code: '0', grpc_response_status: '1', response_flags: 'DC', source_workload: 'productpage-v1' })
  })

  test('a server that cannot be reached: UF/503, destination unknown', async () => {
    const probe = createServer()
    const closedPort = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port)))
    await new Promise((r) => probe.close(r))
    const metrics = new IstioMetrics()
    const tel = createWorkloadTelemetry(clientBootstrap, { metrics })
    const lost = new EchoClient(`127.0.0.1:${closedPort}`, grpc.credentials.createInsecure(), { interceptors: [tel.clientInterceptor(TARGET)] })
    await expect(unaryCall(lost, EchoCall, { message: 'x' }, { deadlineMs: 2000 })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE })
    lost.close()
    const [source] = select(parseExposition(await metrics.metrics()), 'istio_requests_total')
    expect(source.labels).toMatchObject({ ...unknownDestination, ...reviewsService, response_code: '503', grpc_response_status: '14', response_flags: 'UF' })
  })

  test('the /metrics endpoint serves the registry in Prometheus text format', async () => {
    await unaryCall(client, EchoCall, { message: 'x' }, { deadlineMs: 2000 })
    const res = await fetch(serverMetricsEndpoint.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const samples = parseExposition(await res.text())
    expect(select(samples, 'istio_requests_total', { reporter: 'destination', destination_workload: 'reviews-v2' })[0].value).toBe(1)
    expect((await fetch(serverMetricsEndpoint.url.replace('/metrics', '/'))).status).toBe(404)
  })

  test('each hop makes a client and a server span of one trace; the server continues the caller’s trace', async () => {
    clientSpans.reset()
    serverSpans.reset()
    await unaryCall(client, EchoCall, { message: 'x' }, { deadlineMs: 2000 })
    const [clientSpan] = clientSpans.getFinishedSpans()
    const [serverSpan] = serverSpans.getFinishedSpans()
    expect(clientSpan.name).toBe('trellis.test.Echo/Call')
    expect(clientSpan.kind).toBe(2) // CLIENT
    expect(serverSpan.kind).toBe(1) // SERVER
    expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId)
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId)
    expect(serverSpan.resource.attributes['service.name']).toBe('reviews.bookinfo')
  })

  test('B3 headers are accepted on the way in', async () => {
    serverSpans.reset()
    const traceId = '463ac35c9f6413ad48485a3953bb6124'
    const plain = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
    await unaryCall(plain, EchoCall, { message: 'x' }, {
      deadlineMs: 2000, metadata: { 'x-b3-traceid': traceId, 'x-b3-spanid': 'a2fb4a1d1a96d312', 'x-b3-sampled': '1' },
    })
    plain.close()
    const [serverSpan] = serverSpans.getFinishedSpans()
    expect(serverSpan.spanContext().traceId).toBe(traceId)
    expect(serverSpan.parentSpanContext?.spanId).toBe('a2fb4a1d1a96d312')
  })
})

describe('workload telemetry over HTTP', () => {
  let http: Server
  let url: string
  const tel = createWorkloadTelemetry(makeBootstrap({
    xdsServer: '127.0.0.1:15010', namespace: 'bookinfo', workloadName: 'productpage-v1', app: 'productpage', version: 'v1',
  }))

  beforeAll(async () => {
    http = createServer((req, res) => {
      tel.observeHttp(req, res)
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' }).end('hello')
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())))

  test('a request from outside the mesh: reporter destination, source unknown, protocol http, its status', async () => {
    const res = await fetch(`${url}/productpage`)
    expect(res.headers.get(PEER_HEADER)).toBeTruthy()
    await fetch(`${url}/missing`)
    const samples = select(parseExposition(await tel.metrics.metrics()), 'istio_requests_total')
    expect(samples.map((s) => s.labels.response_code).sort()).toEqual(['200', '404'])
    expect(samples[0].labels).toMatchObject({
      reporter: 'destination', source_workload: 'unknown', source_canonical_service: 'unknown', destination_workload: 'productpage-v1',
      destination_service: 'productpage.bookinfo.svc.cluster.local', destination_service_name: 'productpage',
      request_protocol: 'http', grpc_response_status: '', connection_security_policy: 'none',
    })
    const [bytes] = select(parseExposition(await tel.metrics.metrics()), 'istio_response_bytes_sum', { response_code: '200' })
    expect(bytes.value).toBe(5)
  })
})

describe('peer metadata and response flags', () => {
  test('an identity round-trips; garbage and oversized values do not reach labels', () => {
    const me = { ...UNKNOWN_PEER, workload: 'ratings-v1', namespace: 'bookinfo', app: 'ratings' }
    expect(decodePeer(encodePeer(me))).toEqual(me)
    expect(decodePeer('not base64 json')).toBeUndefined()
    expect(decodePeer(Buffer.from('[1,2]').toString('base64'))).toBeUndefined()
    const odd = decodePeer(Buffer.from(JSON.stringify({ workload: 'x'.repeat(300), app: 7, version: 'v9' })).toString('base64'))
    expect(odd).toMatchObject({ workload: 'unknown', app: 'unknown', version: 'v9' })
  })

  test('fault-injected aborts are flagged FI whatever their status', () => {
    expect(clientResponseFlags({ code: grpc.status.UNAVAILABLE, details: 'Fault injected' }, false)).toBe('FI')
    expect(clientResponseFlags({ code: grpc.status.UNAVAILABLE, details: 'No connection established' }, false)).toBe('UF')
    expect(clientResponseFlags({ code: grpc.status.UNAVAILABLE, details: 'from the server' }, true)).toBe('-')
  })
})
