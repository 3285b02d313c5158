// A Prometheus stand-in for the graph benchmark: Prometheus's query API answering each query it
// was given an answer for, from bytes serialized once, so the benchmark times Trellis rather than
// the stand-in; a query nobody answered gets Prometheus's bad_data error (the bench fails loudly).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Answer } from './graph-mesh.ts'

export interface BenchPrometheus {
  url: string
  /** API requests served. */
  readonly served: number
  close(): Promise<void>
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const url = new URL(req.url ?? '/', 'http://x')
  const params = new URLSearchParams(url.search)
  if (req.method === 'POST') {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString())) params.set(k, v)
  }
  return params
}

export async function startBenchPrometheus(answers: readonly Answer[]): Promise<BenchPrometheus> {
  const bodies = new Map(answers.map((a) => [a.query, Buffer.from(JSON.stringify(a.body))]))
  let served = 0
  const server = createServer((req, res) => {
    void form(req).then((params) => {
      const path = (req.url ?? '/').split('?')[0]
      if (path === '/-/ready') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Prometheus Server is Ready.\n')
        return
      }
      served++
      const query = params.get('query') ?? ''
      const body = bodies.get(query)
      if (!body) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `no answer for ${query.slice(0, 300)}` }))
        return
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body)
    })
  })
  // Like Prometheus (Go's server keeps idle connections open), so the client never reuses a socket just closed.
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get served() {
      return served
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
