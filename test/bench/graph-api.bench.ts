// Benchmark of the graph API end to end over HTTP: a synthetic mesh (1,000 workloads, 5,000 edges
// by default) loaded from YAML into a real Trellis, Prometheus answers for exactly the queries the
// graph makes served by a stand-in, and GET /api/namespaces/graph sent by a client, both in child
// processes (as a real Prometheus and a browser are other processes, their work is not billed to
// Trellis). Timed cold (cache off) and cached: median, p95, and the median CPU time of the Trellis
// process, less swayed by other load; each stage's median from the Server-Timing header. Then a
// 5,000-workload mesh, to show the node budget at work.
// Run: npx tsx test/bench/graph-api.bench.ts [workloads edges runs]   Prints figures only.
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { parseGraphOptions } from '../../server/graph/options.ts'
import { createTrellis } from '../../server/runtime.ts'
import { startBenchClient, type BenchClient, type ClientTiming } from './graph-client.ts'
import { answersFor, syntheticMesh, writeMesh } from './graph-mesh.ts'
import { startBenchPrometheus, type BenchPrometheus } from './graph-prometheus.ts'

const WORKLOADS = Number(process.argv[2] ?? 1000)
const EDGES = Number(process.argv[3] ?? 5000)
const RUNS = Math.max(15, Number(process.argv[4] ?? 20))
const BIG_WORKLOADS = 5000
const BIG_EDGES = 10_000
const WHERE = 'runs where: Trellis alone in this process; the Prometheus stand-in (serving answers serialized once) and the HTTP client each in a child process'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50)
const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95)
const fmt = (ms: number) => ms.toFixed(1).padStart(8)

/** Runs `n` requests, with the stand-in's CPU time per request over them. */
async function batch(client: BenchClient, url: string, n: number, prometheus: BenchPrometheus): Promise<{ runs: ClientTiming[]; standInCpuMs: number }> {
  const before = await prometheus.usage()
  const runs: ClientTiming[] = []
  for (let i = 0; i < n; i++) runs.push(await client.get(url))
  const after = await prometheus.usage()
  return { runs, standInCpuMs: (after.cpuMs - before.cpuMs) / n }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

interface Setup {
  cold: string
  cached: string
  prometheus: BenchPrometheus
  close(): Promise<void>
  loadMs: number
}

/** A Trellis over the mesh's YAML and a Prometheus stand-in answering the graph's queries for each query string. */
async function setup(workloads: number, edges: number, queries: string[], queryTime: number): Promise<Setup & { nodes: number }> {
  const mesh = syntheticMesh(workloads, edges)
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-graph-bench-'))
  await writeMesh(mesh, dir)
  const answers = queries.flatMap((q) => answersFor(mesh, parseGraphOptions(Object.fromEntries(new URLSearchParams(q)), { nowS: queryTime + 60 }), queryTime))
  const prometheus = await startBenchPrometheus(answers)
  const t0 = performance.now()
  const trellis = await createTrellis({
    configDir: dir, logger: pino({ level: 'silent' }), webRoot: path.join(dir, 'no-web'), prometheusUrl: prometheus.url, prometheusTimeoutMs: 30_000,
  })
  const loadMs = performance.now() - t0
  const coldApp = await buildApp({
    store: trellis.store, model: trellis.model, validation: trellis.validation, events: trellis.events, viewOnly: false,
    prometheus: trellis.prometheus, graph: { cacheTtlMs: 0 },
  })
  const cold = await listen(coldApp)
  const cached = await listen(trellis.app)
  return {
    cold, cached, prometheus, loadMs, nodes: mesh.workloads.length,
    async close() {
      await coldApp.close()
      await trellis.close()
      await prometheus.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function row(name: string, ts: ClientTiming[]): string {
  const ms = ts.map((t) => t.ms)
  return `${name.padEnd(44)} ${String(ts.length).padStart(5)} ${fmt(median(ms))} ${fmt(p95(ms))} ${fmt(Math.min(...ms))} ${fmt(Math.max(...ms))} ${fmt(median(ts.map((t) => t.cpuMs)))}`
}

function stageTable(ts: ClientTiming[]): string[] {
  const names = [...new Set(ts.flatMap((t) => Object.keys(t.stages)))]
  return names.map((n) => `  ${n.padEnd(42)} ${fmt(median(ts.map((t) => t.stages[n] ?? 0)))}`)
}

const load = () => `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`

async function main(): Promise<void> {
  const queryTime = Math.floor(Date.now() / 1000) - 60
  const ns = Array.from({ length: 10 }, (_, i) => `team-${i}`).join(',')
  const base = `namespaces=${ns}&graphType=versionedApp&injectServiceNodes=true&duration=600s&queryTime=${queryTime}`
  // All appenders (the default), and the console's everyday set (no per-edge telemetry appenders).
  const cases = [
    { name: 'all appenders', query: base },
    { name: 'deadNode,idleNode,serviceEntry,istio,health', query: `${base}&appenders=deadNode,idleNode,serviceEntry,istio,health` },
  ]
  process.stdout.write(`graph API benchmark: ${WORKLOADS} workloads, ${EDGES} edges, 10 namespaces, versionedApp with service nodes; ${RUNS} runs each\n`)
  process.stdout.write(`load average at the start: ${load()}\n`)
  const lines: string[] = []
  const stageLines: string[] = []
  const client = startBenchClient()
  try {
    const s = await setup(WORKLOADS, EDGES, cases.map((c) => c.query), queryTime)
    process.stdout.write(`${WHERE} (pids: Trellis ${process.pid}, stand-in ${s.prometheus.pid}, client ${client.pid})\n`)
    process.stdout.write(`config loaded in ${(s.loadMs / 1000).toFixed(1)} s\n`)
    try {
      for (const c of cases) {
        // Warm-up: JIT and connections.
        for (let i = 0; i < 3; i++) await client.get(`${s.cold}/api/namespaces/graph?${c.query}`)
        const { runs: cold, standInCpuMs } = await batch(client, `${s.cold}/api/namespaces/graph?${c.query}`, RUNS, s.prometheus)
        await client.get(`${s.cached}/api/namespaces/graph?${c.query}`)
        const cached: ClientTiming[] = []
        for (let i = 0; i < RUNS; i++) cached.push(await client.get(`${s.cached}/api/namespaces/graph?${c.query}`))
        lines.push(row(`cold, ${c.name}`, cold), row(`cached, ${c.name}`, cached))
        stageLines.push(
          `cold, ${c.name}: ${cold[0].nodes} nodes, ${cold[0].edges} edges, ${(cold[0].bytes / 1e6).toFixed(2)} MB of JSON; the stand-in spent ${standInCpuMs.toFixed(1)} ms CPU per graph (in its own process); stage medians (ms, Server-Timing):`,
          ...stageTable(cold),
        )
      }
    } finally {
      await s.close()
    }
    process.stdout.write(`load average after the ${WORKLOADS}-workload cases: ${load()}\n`)

    process.stdout.write(`\nbudget case: ${BIG_WORKLOADS} workloads, ${BIG_EDGES} edges\n`)
    const bigCase = `${base}&appenders=deadNode,idleNode,serviceEntry,istio,health`
    const big = await setup(BIG_WORKLOADS, BIG_EDGES, [bigCase], queryTime)
    process.stdout.write(`config loaded in ${(big.loadMs / 1000).toFixed(1)} s\n`)
    try {
      for (let i = 0; i < 2; i++) await client.get(`${big.cold}/api/namespaces/graph?${bigCase}`)
      const { runs } = await batch(client, `${big.cold}/api/namespaces/graph?${bigCase}`, 5, big.prometheus)
      const t = runs[0].truncated
      lines.push(row(`cold, ${BIG_WORKLOADS} workloads (budget)`, runs))
      stageLines.push(
        `cold, ${BIG_WORKLOADS} workloads: truncated ${t ? `${t.nodes} → ${t.budget} nodes` : 'no'}; ${runs[0].edges} edges, ${(runs[0].bytes / 1e6).toFixed(2)} MB; stage medians (ms):`,
        ...stageTable(runs),
      )
    } finally {
      await big.close()
    }
  } finally {
    await client.close()
  }

  process.stdout.write(`\nload average at the end: ${load()}\n`)
  process.stdout.write(`\n${'case'.padEnd(44)} ${'runs'.padStart(5)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'cpu med'.padStart(8)}   (ms, end to end over HTTP)\n`)
  process.stdout.write(`${lines.join('\n')}\n${WHERE}; cpu med is Trellis's\n\n${stageLines.join('\n')}\n`)
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`)
  process.exitCode = 1
})
