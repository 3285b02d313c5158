// Benchmark of the config path at scale: load a folder of YAML, build the mesh model, run every
// analyzer, then time single edits through nextSnapshot + ValidationEngine.update.
// Run: npx tsx test/bench/model.bench.ts [N]   (N services, default 5000). Prints figures only.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseAllDocuments, stringify } from 'yaml'
import type { ConfigObject } from '../../shared/k8s.ts'
import type { MeshChange } from '../../server/mesh/build.ts'
import { buildSnapshot, nextSnapshot } from '../../server/mesh/model.ts'
import type { MeshSnapshot } from '../../server/mesh/snapshot.ts'
import { FileStore } from '../../server/store/files/store.ts'
import type { Admission } from '../../server/store/types.ts'
import { admit } from '../../server/validation/admission/index.ts'
import { ValidationEngine } from '../../server/validation/engine.ts'

const N = Number(process.argv[2] ?? 5000)
const NAMESPACES = 50
const REPEAT = 50
const NET = 'networking.istio.io/v1'

// ---- the generated mesh

function serviceObjects(i: number): ConfigObject[] {
  const ns = `ns-${i % NAMESPACES}`
  const name = `svc-${i}`
  const meta = { name, namespace: ns }
  const weighted = [
    { destination: { host: name, subset: 'v1' }, weight: 80 },
    { destination: { host: name, subset: 'v2' }, weight: 20 },
  ]
  // Every fifth service sends a test user to v2, as canaries do.
  const http = i % 5 === 0
    ? [{ match: [{ headers: { 'end-user': { exact: 'tester' } } }], route: [{ destination: { host: name, subset: 'v2' } }] }, { route: weighted }]
    : [{ route: weighted }]
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] } },
    { apiVersion: NET, kind: 'VirtualService', metadata: meta, spec: { hosts: [name], http } },
    {
      apiVersion: NET, kind: 'DestinationRule', metadata: meta,
      spec: { host: name, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    ...['v1', 'v2'].map((v, k) => ({
      apiVersion: NET, kind: 'WorkloadEntry', metadata: { name: `${name}-${v}`, namespace: ns },
      spec: {
        address: `10.${(i >> 8) & 255}.${i & 255}.${k + 1}`, ports: { http: 9080 },
        labels: { app: name, version: v }, serviceAccount: name,
      },
    })),
  ]
}

/** One file per service holding its five documents, in a folder per namespace. */
async function writeMesh(dir: string): Promise<void> {
  for (let n = 0; n < NAMESPACES; n++) await mkdir(path.join(dir, `ns-${n}`), { recursive: true })
  for (let i = 0; i < N; i++) {
    const text = serviceObjects(i).map((o) => stringify(o)).join('---\n')
    await writeFile(path.join(dir, `ns-${i % NAMESPACES}`, `svc-${i}.yaml`), text)
  }
}

// ---- measuring

const now = () => performance.now()
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20)
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  return `median ${ms(at(0.5))}, p95 ${ms(at(0.95))}`
}

async function load(dir: string, admission: Admission): Promise<{ objects: ConfigObject[]; ms: number }> {
  const t = now()
  const store = new FileStore({ dir, admission, watch: false })
  await store.ready
  const objects = store.list()
  const took = now() - t
  await store.close()
  return { objects, ms: took }
}

/** The floor under any store: read every file and parse it with the yaml package, nothing else. */
async function parseOnly(dir: string): Promise<{ count: number; ms: number }> {
  const t = now()
  let count = 0
  for (const sub of await readdir(dir)) {
    for (const file of await readdir(path.join(dir, sub))) {
      const text = await readFile(path.join(dir, sub, file), 'utf8')
      for (const doc of parseAllDocuments(text)) if (doc.toJS()) count++
    }
  }
  return { count, ms: now() - t }
}

/** Runs a step a few times: the first run is what a starting server sees, later ones are warm. */
function repeated<T>(times: number, step: () => T): { result: T; first: number; warm: number } {
  let t = now()
  const result = step()
  const first = now() - t
  const warm: number[] = []
  for (let k = 1; k < times; k++) {
    t = now()
    step()
    warm.push(now() - t)
  }
  return { result, first, warm: warm.sort((a, b) => a - b)[Math.floor(warm.length / 2)] }
}

interface Edit {
  name: string
  /** The change for the i-th repetition (each on a different service). */
  make(i: number, snapshot: MeshSnapshot): MeshChange[]
}

function current(snapshot: MeshSnapshot, kind: string, i: number, name = `svc-${i}`): ConfigObject {
  const group = kind === 'Service' ? '' : 'networking.istio.io'
  const obj = snapshot.object({ group, kind, namespace: `ns-${i % NAMESPACES}`, name })
  if (!obj) throw new Error(`${kind} ${name} is missing from the generated mesh`)
  return obj
}

const EDITS: Edit[] = [
  {
    name: 'VirtualService weights 80/20 → 60/40',
    make(i, snap) {
      const vs = current(snap, 'VirtualService', i)
      const route = [
        { destination: { host: `svc-${i}`, subset: 'v1' }, weight: 60 },
        { destination: { host: `svc-${i}`, subset: 'v2' }, weight: 40 },
      ]
      return [{ type: 'upsert', object: { ...vs, spec: { ...vs.spec, http: [{ route }] } } }]
    },
  },
  {
    name: 'DestinationRule subset v2 removed',
    make(i, snap) {
      const dr = current(snap, 'DestinationRule', i)
      return [{ type: 'upsert', object: { ...dr, spec: { ...dr.spec, subsets: [{ name: 'v1', labels: { version: 'v1' } }] } } }]
    },
  },
  {
    name: 'WorkloadEntry label version v2 → v3',
    make(i, snap) {
      const we = current(snap, 'WorkloadEntry', i, `svc-${i}-v2`)
      const spec = we.spec ?? {}
      return [{ type: 'upsert', object: { ...we, spec: { ...spec, labels: { app: `svc-${i}`, version: 'v3' } } } }]
    },
  },
]

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-bench-'))
  try {
    console.log(`mesh: ${N} Services, VirtualServices and DestinationRules, ${2 * N} WorkloadEntries in ${NAMESPACES} namespaces`)
    let t = now()
    await writeMesh(dir)
    console.log(`generate YAML files:        ${ms(now() - t)}`)

    const parsed = await parseOnly(dir)
    console.log(`(a) read + yaml parse only: ${ms(parsed.ms)}  (${parsed.count} documents; the floor under any store)`)
    // The no-admission load runs again last: the first load of a process also pays for warming up.
    console.log(`(a) FileStore, no admission: ${ms((await load(dir, () => [])).ms)}`)
    const admitted = await load(dir, admit)
    console.log(`(a) FileStore, with admit(): ${ms(admitted.ms)}  (${admitted.objects.length} objects, RSS ${rssMb()} MB)`)
    console.log(`(a) FileStore, no admission, again: ${ms((await load(dir, () => [])).ms)}`)

    const build = repeated(3, () => buildSnapshot(admitted.objects))
    let snapshot = build.result
    console.log(`(b) buildSnapshot:          first ${ms(build.first)}, warm ${ms(build.warm)}  (RSS ${rssMb()} MB)`)

    const full = repeated(3, () => {
      const e = new ValidationEngine()
      e.full(snapshot)
      return e
    })
    const engine = full.result
    console.log(`(c) engine.full:            first ${ms(full.first)}, warm ${ms(full.warm)}  (RSS ${rssMb()} MB)`)
    const counts = engine.summaries().reduce((a, x) => ({ e: a.e + x.errors, w: a.w + x.warnings }), { e: 0, w: 0 })
    console.log(`    ${counts.e} errors, ${counts.w} warnings; slowest analyzers of the first run:`)
    for (const timing of engine.timings().slice(0, 4)) console.log(`    ${timing.name.padEnd(30)} ${timing.calls} calls ${ms(timing.totalMs)}`)

    const extraChecks = (o: ConfigObject) => admit(o, undefined).filter((c) => c.severity !== 'error')
    const withAdmission = repeated(3, () => new ValidationEngine(undefined, { extraChecks }).full(snapshot))
    console.log(`(c) engine.full + admission warnings as extraChecks: first ${ms(withAdmission.first)}, warm ${ms(withAdmission.warm)}`)

    console.log(`(d) one edit, ${REPEAT} times each (nextSnapshot | engine.update | both):`)
    for (const edit of EDITS) {
      const model: number[] = []
      const analysis: number[] = []
      const total: number[] = []
      let reanalyzed = 0
      for (let r = 0; r < REPEAT; r++) {
        const i = (r * 97 + EDITS.indexOf(edit) * 31) % N
        const changes = edit.make(i, snapshot)
        const calls = engine.timings().reduce((a, x) => a + x.calls, 0)
        const t0 = now()
        const next = nextSnapshot(snapshot, changes)
        const t1 = now()
        engine.update({ previous: snapshot, snapshot: next, changes })
        const t2 = now()
        reanalyzed += engine.timings().reduce((a, x) => a + x.calls, 0) - calls
        snapshot = next
        model.push(t1 - t0)
        analysis.push(t2 - t1)
        total.push(t2 - t0)
      }
      console.log(`    ${edit.name}`)
      console.log(`      nextSnapshot  ${stats(model)}`)
      console.log(`      update        ${stats(analysis)}  (${(reanalyzed / REPEAT).toFixed(1)} analyzer calls per edit)`)
      console.log(`      both          ${stats(total)}`)
    }
    console.log(`RSS at the end: ${rssMb()} MB`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
