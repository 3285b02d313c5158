// The Prometheus file_sd writer: the mesh's registered workloads with a metrics port become scrape
// targets, and the file follows the mesh as workloads come and go.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { MeshModel, buildSnapshot, nextSnapshot } from '../../../server/mesh/model.ts'
import type { Workload } from '../../../server/mesh/types.ts'
import { FileStore } from '../../../server/store/files/store.ts'
import { FileSdWriter, fileSdTargets, type FileSdGroup } from '../../../server/telemetry/file-sd.ts'

function proxy(pod: string, ports: Record<string, number>, labels: Record<string, string>, address = '127.0.0.1'): Workload {
  return {
    key: `proxy/sidecar~${address}~${pod}.bookinfo~bookinfo.svc.cluster.local`,
    name: pod, namespace: 'bookinfo', labels, address, ports,
    serviceAccount: 'default', locality: '', weight: 1, network: '', origin: 'Proxy',
  }
}

const workloadEntry: ConfigObject = {
  apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'legacy', namespace: 'bookinfo' },
  spec: { address: '10.0.0.9', labels: { app: 'legacy' }, ports: { 'http-metrics': 15020 } },
}

describe('fileSdTargets', () => {
  test('one target per proxy with an http-metrics port, labelled as Prometheus’ Kubernetes discovery would', () => {
    let snapshot = buildSnapshot([workloadEntry])
    snapshot = nextSnapshot(snapshot, [
      { type: 'upsertWorkload', workload: proxy('reviews-v2-42', { grpc: 40001, 'http-metrics': 40002 }, { app: 'reviews', version: 'v2' }) },
      { type: 'upsertWorkload', workload: proxy('details-v1-7', { grpc: 40003, 'http-metrics': 40004 }, { app: 'details', version: 'v1' }) },
      // No metrics port: nothing to scrape.
      { type: 'upsertWorkload', workload: proxy('caller-1', { grpc: 40005 }, { app: 'caller' }) },
      { type: 'upsertWorkload', workload: proxy('v6-1', { 'http-metrics': 40006 }, { app: 'v6' }, '::1') },
    ])
    const names: Record<string, string> = { 'reviews-v2-42': 'reviews-v2' }
    expect(fileSdTargets(snapshot, (w) => names[w.name])).toEqual<FileSdGroup[]>([
      { targets: ['127.0.0.1:40002'], labels: { namespace: 'bookinfo', pod: 'reviews-v2-42', workload: 'reviews-v2', app: 'reviews', version: 'v2' } },
      { targets: ['127.0.0.1:40004'], labels: { namespace: 'bookinfo', pod: 'details-v1-7', workload: 'details-v1-7', app: 'details', version: 'v1' } },
      { targets: ['[::1]:40006'], labels: { namespace: 'bookinfo', pod: 'v6-1', workload: 'v6-1', app: 'v6' } },
    ])
  })
})

describe('FileSdWriter', () => {
  let dir: string
  let store: FileStore
  let model: MeshModel
  let writer: FileSdWriter | undefined

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trellis-file-sd-'))
    store = new FileStore({ dir: join(dir, 'config'), admission: () => [], watch: false })
    await store.ready
    model = new MeshModel(store)
  })
  afterEach(async () => {
    await writer?.close()
    writer = undefined
    model.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const read = async (path: string): Promise<FileSdGroup[]> => JSON.parse(await readFile(path, 'utf8')) as FileSdGroup[]
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 3000
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within 3 s: ${what}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  test('writes an empty list at once, then follows workloads as they register, change port and leave', async () => {
    const path = join(dir, 'prometheus', 'targets.json')
    writer = new FileSdWriter({ model, path, debounceMs: 10, workloadName: (w) => w.name.replace(/-\d+$/, '') })
    await writer.ready
    expect(await read(path)).toEqual([])

    const reviews = proxy('reviews-v1-100', { grpc: 41000, 'http-metrics': 41001 }, { app: 'reviews', version: 'v1' })
    model.upsertWorkload(reviews)
    await until(async () => (await read(path)).length === 1, 'the reviews target')
    expect(await read(path)).toEqual([
      { targets: ['127.0.0.1:41001'], labels: { namespace: 'bookinfo', pod: 'reviews-v1-100', workload: 'reviews-v1', app: 'reviews', version: 'v1' } },
    ])

    // A restart: the old instance leaves, a new one comes on another port.
    model.removeWorkload(reviews.key)
    model.upsertWorkload(proxy('reviews-v1-200', { grpc: 42000, 'http-metrics': 42001 }, { app: 'reviews', version: 'v1' }))
    await until(async () => (await read(path))[0]?.targets[0] === '127.0.0.1:42001', 'the restarted instance')
    expect(await read(path)).toHaveLength(1)
    expect(writer.current()[0].labels.pod).toBe('reviews-v1-200')

    // Only the target file in the folder: written through a temp file and a rename.
    expect(await readdir(join(dir, 'prometheus'))).toEqual(['targets.json'])
  })

  test('stops following the model once closed', async () => {
    const path = join(dir, 'targets.json')
    writer = new FileSdWriter({ model, path, debounceMs: 10 })
    await writer.ready
    await writer.close()
    model.upsertWorkload(proxy('ratings-v1-1', { 'http-metrics': 43000 }, { app: 'ratings' }))
    await new Promise((r) => setTimeout(r, 100))
    expect(await read(path)).toEqual([])
  })
})
