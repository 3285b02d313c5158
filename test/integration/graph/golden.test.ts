// Golden files: Prometheus answers recorded from the real one (test/fixtures/graph/record.ts) in,
// the graph API's JSON out, for every graph type, node graphs, service nodes on and off and a
// subset of appenders. UPDATE_GOLDEN=1 rewrites the expected files (review the diff by hand).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Compile } from 'typebox/compile'
import { GraphResponse } from '../../../shared/graph.ts'
import { startFakePrometheus, type FakePrometheus, type Recording } from '../../fixtures/prometheus/fake-prometheus.ts'
import { GOLDEN_CASES, GOLDEN_DIR, graphTrellis, RECORDED, type GraphTrellis } from '../../fixtures/graph/scenario.ts'

const { queryTime, recordings } = JSON.parse(readFileSync(RECORDED, 'utf8')) as { queryTime: number; recordings: Recording[] }
const update = process.env.UPDATE_GOLDEN === '1'
const check = Compile(GraphResponse)

let fake: FakePrometheus
let env: GraphTrellis
const answers = new Map<string, GraphResponse>()

beforeAll(async () => {
  fake = await startFakePrometheus(recordings)
  env = await graphTrellis({ prometheusUrl: fake.url })
})
afterAll(async () => {
  await env.cleanup()
  await fake.close()
})

async function graph(url: string): Promise<GraphResponse> {
  const res = await env.trellis.app.inject({ method: 'GET', url: `${url}&queryTime=${queryTime}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as GraphResponse
}

describe('golden graphs', () => {
  for (const c of GOLDEN_CASES) {
    it(c.name, async () => {
      const body = await graph(c.url)
      answers.set(c.name, body)
      expect(check.Check(body), JSON.stringify(check.Errors(body)[0])).toBe(true)
      const file = new URL(`${c.name}.json`, GOLDEN_DIR)
      const text = `${JSON.stringify(body, null, 2)}\n`
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`no golden file ${file.pathname}: run with UPDATE_GOLDEN=1 and review it`)
        writeFileSync(file, text)
      }
      expect(body).toEqual(JSON.parse(readFileSync(file, 'utf8')))
      // Every edge joins two nodes of the graph; every parent is a box of the graph.
      const ids = new Set(body.elements.nodes.map((n) => n.data.id))
      for (const e of body.elements.edges) expect(ids.has(e.data.source) && ids.has(e.data.target)).toBe(true)
      for (const n of body.elements.nodes) if (n.data.parent) expect(ids.has(n.data.parent)).toBe(true)
    })
  }

  it('gives a node the same id in every graph of a type, and again on the next request', async () => {
    const idOf = (g: GraphResponse, workload: string) => g.elements.nodes.find((n) => n.data.workload === workload && n.data.nodeType === 'workload')?.data.id
    const ns = answers.get('workload') ?? await graph(GOLDEN_CASES.find((c) => c.name === 'workload')!.url)
    const node = answers.get('node-workload') ?? await graph(GOLDEN_CASES.find((c) => c.name === 'node-workload')!.url)
    expect(idOf(ns, 'reviews-v2')).toBeDefined()
    expect(idOf(node, 'reviews-v2')).toBe(idOf(ns, 'reviews-v2'))
    expect(idOf(node, 'ratings-v1')).toBe(idOf(ns, 'ratings-v1'))
    const again = await graph(GOLDEN_CASES.find((c) => c.name === 'workload')!.url)
    expect(again.elements.nodes.map((n) => n.data.id)).toEqual(ns.elements.nodes.map((n) => n.data.id))
    expect(again.elements.edges.map((e) => e.data.id)).toEqual(ns.elements.edges.map((e) => e.data.id))
  })
})
