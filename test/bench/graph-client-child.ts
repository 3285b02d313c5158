// The graph benchmark's HTTP client, as its own process (a browser is one): reads one JSON line per
// request from stdin (`{"id":1,"url":"…"}`), GETs the URL and answers one JSON line with the time
// from sending the request to the body's last byte, the Server-Timing stages and what the graph
// holds. Reading and decoding a graph of several MB is the client's work, not Trellis's.
// Runs until stdin closes.
import { createInterface } from 'node:readline'
import type { GraphResponse } from '../../shared/graph.ts'

export interface ClientRequest {
  id: number
  url: string
}

export interface ClientAnswer {
  id: number
  /** From sending the request to the body's last byte. */
  ms: number
  status: number
  bytes: number
  stages: Record<string, number>
  /** Nodes that are not boxes, and edges; absent when the answer was not a graph. */
  nodes?: number
  edges?: number
  truncated?: GraphResponse['truncated']
  /** The start of a body that was not a 200. */
  error?: string
}

async function get(req: ClientRequest): Promise<ClientAnswer> {
  const t0 = performance.now()
  const res = await fetch(req.url)
  const text = await res.text()
  const ms = performance.now() - t0
  const stages: Record<string, number> = {}
  for (const part of (res.headers.get('server-timing') ?? '').split(',')) {
    const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part)
    if (m) stages[m[1]] = Number(m[2])
  }
  const answer: ClientAnswer = { id: req.id, ms, status: res.status, bytes: text.length, stages }
  if (res.status !== 200) return { ...answer, error: text.slice(0, 500) }
  const g = JSON.parse(text) as GraphResponse
  return {
    ...answer,
    nodes: g.elements.nodes.filter((n) => n.data.nodeType !== 'box').length,
    edges: g.elements.edges.length,
    ...(g.truncated ? { truncated: g.truncated } : {}),
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (!line) continue
  const req = JSON.parse(line) as ClientRequest
  const answer = await get(req).catch((err: Error) => ({ id: req.id, ms: 0, status: 0, bytes: 0, stages: {}, error: err.message }))
  process.stdout.write(`${JSON.stringify(answer)}\n`)
}
