// The graph benchmark's Prometheus stand-in, as its own process (a real Prometheus is one): reads
// the answers (JSON lines of {query, body}) from the file named by argv[2], serializes each once,
// serves Prometheus's query API on a free loopback port and prints one JSON line with its URL.
// A query nobody answered gets Prometheus's bad_data error, so the benchmark fails loudly.
// `GET /-/bench/cpu` answers the process's CPU time (µs), so the benchmark can say what serving cost.
// Runs until stdin closes (its parent went away).
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'

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

async function readAnswers(file: string): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>()
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue
    const { query, body } = JSON.parse(line) as { query: string; body: unknown }
    bodies.set(query, Buffer.from(JSON.stringify(body)))
  }
  return bodies
}

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) throw new Error('usage: graph-prometheus-child.ts ANSWERS.jsonl')
  const bodies = await readAnswers(file)
  let served = 0
  const server = createServer((req, res) => {
    void form(req).then((params) => {
      const path = (req.url ?? '/').split('?')[0]
      if (path === '/-/ready') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Prometheus Server is Ready.\n')
        return
      }
      if (path === '/-/bench/cpu') {
        const c = process.cpuUsage()
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user: c.user, system: c.system, served }))
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
  process.stdout.write(`${JSON.stringify({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, answers: bodies.size })}\n`)
  process.stdin.on('end', () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
  process.stdin.resume()
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`)
  process.exit(1)
})
