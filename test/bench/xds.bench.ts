// xDS push benchmark: N simulated proxies (ADS streams in child processes, 100 per connection)
// plus two real grpc-js-xds processes, subscribed across 100 services; change one VirtualService
// and time until every proxy watching it has ACKed. Prints p50/p99/max, and the control plane's
// RSS and CPU. Usage: npx tsx test/bench/xds.bench.ts [N ...] (default 100 1000 5000).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { createTrellis, type Trellis } from '../../server/runtime.ts'
import { TYPE_URL } from '../../server/xds/protos.ts'
import { spawnEchoCaller, type EchoCallerProcess } from '../fixtures/workloads/spawn.ts'

const SERVICES = 100
const ROUNDS = 7
const CHANGED = 'svc-0'
const PER_CHILD = 2500

async function writeMesh(dir: string): Promise<void> {
  for (let ns = 0; ns < 10; ns++) {
    const docs: string[] = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${ns}\n`]
    for (let s = ns; s < SERVICES; s += 10) {
      const name = `svc-${s}`
      docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ns-${ns}}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: grpc, port: 9080}]\n`)
      docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: ns-${ns}}\nspec:\n  host: ${name}\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n`)
      docs.push(`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: ns-${ns}}\nspec:\n  hosts: [${name}]\n  http:\n  - route:\n    - {destination: {host: ${name}, subset: v1}, weight: 80}\n    - {destination: {host: ${name}, subset: v2}, weight: 20}\n`)
      for (const v of ['v1', 'v2']) {
        docs.push(`apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: ${name}-${v}, namespace: ns-${ns}}\nspec: {address: 10.0.${s}.${v === 'v1' ? 1 : 2}, labels: {app: ${name}, version: ${v}}}\n`)
      }
    }
    await mkdir(join(dir, `ns-${ns}`), { recursive: true })
    await writeFile(join(dir, `ns-${ns}`, 'mesh.yaml'), docs.join('---\n'))
  }
}

function startClients(target: string, count: number, offset: number): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./xds-clients.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, target, String(count), String(offset), String(SERVICES)], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulated proxies ${offset}..${offset + count} not ready in 120 s`)), 120_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"ready":true')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('exit', (code) => reject(new Error(`simulated proxies exited with ${code}`)))
  })
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function benchmark(n: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-xds-bench-'))
  await writeMesh(dir)
  const t: Trellis = await createTrellis({ configDir: dir, xdsPort: 0, logger: pino({ level: 'silent' }) })
  const target = `127.0.0.1:${t.xdsPort}`
  const children: ChildProcess[] = []
  const real: EchoCallerProcess[] = []
  try {
    const connectStart = performance.now()
    for (let off = 0; off < n; off += PER_CHILD) children.push(await startClients(target, Math.min(PER_CHILD, n - off), off))
    for (let i = 0; i < 2; i++) {
      const caller = await spawnEchoCaller({ xdsServer: target, namespace: `ns-${i}`, app: `real-caller-${i}`, target: `xds:///${CHANGED}.ns-0.svc.cluster.local:9080` })
      real.push(caller)
      // A channel resolves only when used: one call (to endpoints nobody serves) makes it subscribe.
      await caller.run({ calls: 1, deadlineMs: 500 })
    }
    const connectMs = performance.now() - connectStart
    const watchers = t.xds!.list().filter((c) => c.types.get(TYPE_URL.route)?.names.has(`outbound|9080||${CHANGED}.ns-0.svc.cluster.local`)).length
    const p50s: number[] = []
    const p99s: number[] = []
    const maxes: number[] = []
    const cpus: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const acks: number[] = []
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${acks.length}/${watchers} ACKs after 60 s`)), 60_000)
        const onAck = (ev: { typeUrl: string }) => {
          if (ev.typeUrl !== TYPE_URL.route) return
          acks.push(performance.now() - start)
          if (acks.length === watchers) {
            clearTimeout(timer)
            t.xds!.off('ack', onAck)
            resolve()
          }
        }
        t.xds!.on('ack', onAck)
      })
      const cpu0 = process.cpuUsage()
      const start = performance.now()
      const w1 = round % 2 === 0 ? 50 : 80
      await t.store.patch({ group: 'networking.istio.io', kind: 'VirtualService', namespace: 'ns-0', name: CHANGED }, {
        spec: { http: [{ route: [{ destination: { host: CHANGED, subset: 'v1' }, weight: w1 }, { destination: { host: CHANGED, subset: 'v2' }, weight: 100 - w1 }] }] },
      })
      await done
      const cpu = process.cpuUsage(cpu0)
      acks.sort((a, b) => a - b)
      p50s.push(pct(acks, 0.5))
      p99s.push(pct(acks, 0.99))
      maxes.push(acks[acks.length - 1])
      cpus.push((cpu.user + cpu.system) / 1000)
      await new Promise((r) => setTimeout(r, 300))
    }
    const rss = process.memoryUsage().rss / 2 ** 20
    console.log(
      `N=${String(n).padEnd(5)} proxies watching the change=${watchers}  connect all: ${(connectMs / 1000).toFixed(1)} s  ` +
      `write→all ACKed (median of ${ROUNDS}): p50 ${median(p50s).toFixed(1)} ms, p99 ${median(p99s).toFixed(1)} ms, max ${median(maxes).toFixed(1)} ms  ` +
      `control-plane CPU per push ${median(cpus).toFixed(0)} ms  RSS ${rss.toFixed(0)} MiB`,
    )
  } finally {
    for (const c of real) await c.stop()
    for (const c of children) {
      c.stdin?.end()
      c.kill('SIGTERM')
    }
    await t.close()
    await rm(dir, { recursive: true, force: true })
  }
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0)
console.log(`xDS push benchmark on ${(await import('node:os')).cpus().length} cores; ${SERVICES} services; each proxy watches 10 (all watch ${CHANGED})`)
for (const n of sizes.length ? sizes : [100, 1000, 5000]) await benchmark(n)
process.exit(0)
