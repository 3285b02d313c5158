// The Prometheus client's transport, which a graph leans on for some 15 MB of answers: plain
// node:http with kept-alive connections, gzip when Prometheus sends it, the body decoded as fetch
// would, and the timeout covering the whole exchange, body included.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { PrometheusClient } from '../../../server/telemetry/prometheus/client.ts'
import { PrometheusUnavailableError } from '../../../server/telemetry/prometheus/errors.ts'
import { metric } from '../../../server/telemetry/prometheus/promql.ts'

const expr = metric('istio_requests_total')
const answer = (labels: Record<string, string>) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: labels, value: [1712000000, '2.5'] }] } })

interface TestServer {
  url: string
  /** Request headers, in order. */
  requests: IncomingMessage['headers'][]
  /** Connections opened, and how many are closed. */
  connections: number
  closed: number
  close(): Promise<void>
}

async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const t: TestServer = { url: '', requests: [], connections: 0, closed: 0, close: async () => undefined }
  const server: Server = createServer((req, res) => {
    t.requests.push(req.headers)
    req.resume()
    req.on('end', () => handle(req, res))
  })
  server.keepAliveTimeout = 60_000
  server.on('connection', (socket) => {
    t.connections++
    socket.on('close', () => t.closed++)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  return t
}

let server: TestServer | undefined
let client: PrometheusClient | undefined
afterEach(async () => {
  client?.close()
  await server?.close()
  client = undefined
  server = undefined
})

describe('the Prometheus client transport', () => {
  it('reads gzipped answers, and does not ask for them from a Prometheus on this host', async () => {
    server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(answer({ a: 'x' }))))
    client = new PrometheusClient({ url: server.url })
    expect(await client.queryVector(expr)).toEqual([{ labels: { a: 'x' }, time: 1712000000, value: 2.5 }])
    expect(server.requests[0]['accept-encoding']).toBeUndefined()
  })

  it('decodes the body as UTF-8, a leading BOM dropped, like fetch', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(answer({ host: 'café.example', who: 'ünïcode ✓' }))])
    server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body))
    client = new PrometheusClient({ url: server.url })
    expect((await client.queryVector(expr))[0].labels).toEqual({ host: 'café.example', who: 'ünïcode ✓' })
  })

  it('sends the queries of a graph over kept-alive connections, and drops idle ones on close', async () => {
    server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer({ a: 'x' })))
    client = new PrometheusClient({ url: server.url })
    for (let i = 0; i < 3; i++) await client.queryVector(expr)
    expect(server.requests).toHaveLength(3)
    expect(server.connections).toBe(1)
    client.close()
    await expect.poll(() => server!.closed).toBe(1)
  })

  it('times out a body that stops coming, however much of it came', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(answer({ a: 'x' }).slice(0, 40))
    })
    client = new PrometheusClient({ url: server.url, timeoutMs: 300 })
    const started = Date.now()
    const err = await client.queryVector(expr).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PrometheusUnavailableError)
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/no answer within 300 ms/) })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('reports a connection cut in the middle of the body', async () => {
    server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 })
      res.write(answer({ a: 'x' }).slice(0, 40), () => req.socket.destroy())
    })
    client = new PrometheusClient({ url: server.url })
    const err = await client.queryVector(expr).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PrometheusUnavailableError)
    expect(err).toMatchObject({ kind: 'connection' })
    expect(client.knownDown()).toBe(true)
  })

  it('reports a gzip body that is not gzip', async () => {
    server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('not gzip at all'))
    client = new PrometheusClient({ url: server.url })
    await expect(client.queryVector(expr)).rejects.toMatchObject({ kind: 'connection', message: expect.stringMatching(/incorrect header check|Z_DATA_ERROR/) })
  })
})
