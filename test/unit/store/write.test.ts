// API writes: what lands in the files (comments, order, other documents), versions, and refusals.
import { readdir } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AlreadyExistsError, BadRequestError, ConflictError, InvalidObjectError, NotFoundError,
} from '../../../server/store/errors.ts'
import { FileStore } from '../../../server/store/files/store.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { Harness } from './helpers.ts'
import { NET, editable, harness, testAdmission, vsRef } from './helpers.ts'

const DR = `# Bookinfo routing, kept by hand
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews   # short name
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`
const VS = `# Canary: v2 gets a slice
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  labels:
    team: books
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90   # stable
    - destination:
        host: reviews
        subset: v2
      weight: 10   # canary
`
const ROUTES = `${DR}---\n${VS}`
const drRef = { group: NET, kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' }

type Route = { destination: { host: string; subset: string }; weight: number }
function routes(obj: ConfigObject): Route[] {
  return (obj.spec?.http as { route: Route[] }[])[0].route
}

function newVs(name: string, extra: Partial<ConfigObject['metadata']> = {}): ConfigObject {
  return { apiVersion: `${NET}/v1`, kind: 'VirtualService', metadata: { name, namespace: 'bookinfo', ...extra }, spec: { hosts: [name] } }
}

/** Everything under dir, with contents, to show that nothing was written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, abs)] = entry.isFile() ? readFileSync(abs, 'utf8') : '<dir>'
  }
  return out
}

let h: Harness
afterEach(async () => h?.cleanup())

describe('FileStore writes', () => {
  it('update rewrites only its own document, keeping comments, key order and the other documents', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const before = h.store.get(vsRef('reviews'))
    const vs = editable(before)
    routes(vs)[0].weight = 50
    routes(vs)[1].weight = 50
    vs.metadata.labels = { team: 'books', tier: 'gold' }
    const { object, warnings } = await h.store.update(vs)

    expect(await h.read('bookinfo/routes.yaml')).toBe(`${DR}---\n${VS
      .replace('    team: books\n', '    team: books\n    tier: gold\n')
      .replace('weight: 90   # stable', 'weight: 50 # stable')
      .replace('weight: 10   # canary', 'weight: 50 # canary')}`)
    expect(warnings).toEqual([])
    expect(Number(object.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion))
    expect(object.metadata.generation).toBe(2)
    expect(object.metadata.creationTimestamp).toBe(before?.metadata.creationTimestamp)
    expect(h.store.get(vsRef('reviews'))).toEqual(object)
    expect(h.events.at(-1)).toEqual([{ type: 'MODIFIED', object }])

    // Metadata only: a new resourceVersion, the same generation.
    const relabeled = await h.store.update({ ...editable(object), metadata: { ...object.metadata, labels: { team: 'books' } } })
    expect(relabeled.object.metadata.generation).toBe(2)
    expect(relabeled.object.metadata.resourceVersion).not.toBe(object.metadata.resourceVersion)
    // Nothing changed: nothing written, same version.
    const same = await h.store.update(editable(relabeled.object))
    expect(same.object.metadata.resourceVersion).toBe(relabeled.object.metadata.resourceVersion)
    expect(h.events).toHaveLength(3)
  })

  it('patch merges into the current object and keeps comments on what it changes', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const rv = h.store.get(drRef)?.metadata.resourceVersion
    const { object } = await h.store.patch(drRef, {
      metadata: { resourceVersion: rv, labels: { owner: 'books' } },
      spec: { host: 'reviews.bookinfo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    })
    expect(object.spec).toEqual({ host: 'reviews.bookinfo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })
    expect(await h.read('bookinfo/routes.yaml')).toBe(`${DR
      .replace('  namespace: bookinfo\n', '  namespace: bookinfo\n  labels:\n    owner: books\n')
      .replace('host: reviews   # short name', 'host: reviews.bookinfo.svc.cluster.local # short name')
      .replace('  - name: v2\n    labels: {version: v2}\n', '')}---\n${VS}`)

    await expect(h.store.patch(drRef, { metadata: { labels: { owner: null } } })).resolves.toMatchObject({
      object: { metadata: { labels: {} } },
    })
    await expect(h.store.patch(drRef, { metadata: { name: 'other' } })).rejects.toThrow(BadRequestError)
    await expect(h.store.patch(drRef, { apiVersion: 'security.istio.io/v1' })).rejects.toThrow(InvalidObjectError)
    await expect(h.store.patch(drRef, { apiVersion: `${NET}/v1beta1` })).resolves.toMatchObject({
      object: { apiVersion: `${NET}/v1beta1` },
    })
    await expect(h.store.patch(drRef, ['not', 'an', 'object'])).rejects.toThrow(BadRequestError)
    await expect(h.store.patch({ ...drRef, name: 'nope' }, {})).rejects.toThrow(NotFoundError)
  })

  it('delete removes its document, and the file once it is empty', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const vs = h.store.get(vsRef('reviews'))
    await expect(h.store.delete(vsRef('reviews'), { resourceVersion: '1' })).rejects.toThrow(ConflictError)
    expect(await h.store.delete(vsRef('reviews'), { resourceVersion: vs?.metadata.resourceVersion })).toEqual(vs)
    expect(await h.read('bookinfo/routes.yaml')).toBe(DR)
    expect(h.events.at(-1)).toEqual([{ type: 'DELETED', object: vs }])
    expect(h.store.get(vsRef('reviews'))).toBeUndefined()

    await h.store.delete(drRef)
    expect(existsSync(path.join(h.dir, 'bookinfo/routes.yaml'))).toBe(false)
    await expect(h.store.delete(drRef)).rejects.toThrow(NotFoundError)
  })

  it('create writes <namespace>/<kind>-<name>.yaml, after which watchers hear of it', async () => {
    const now = new Date('2025-05-06T07:08:09.000Z')
    h = await harness({}, { now: () => now })
    const onDisk: boolean[] = []
    h.store.watch(() => onDisk.push(existsSync(path.join(h.dir, 'bookinfo/virtualservice-ratings.yaml'))))
    const { object } = await h.store.create(newVs('ratings', { resourceVersion: '7', generation: 9 }))
    expect(onDisk).toEqual([true])
    expect(object.metadata).toMatchObject({ creationTimestamp: now.toISOString(), generation: 1 })
    expect(object.metadata.resourceVersion).not.toBe('7')
    // Server-side fields stay out of the file; creationTimestamp goes in, so restarts keep it.
    expect(await h.read('bookinfo/virtualservice-ratings.yaml')).toBe(
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ratings\n  namespace: bookinfo\n' +
        '  creationTimestamp: 2025-05-06T07:08:09.000Z\nspec:\n  hosts:\n    - ratings\n',
    )
    await expect(h.store.create(newVs('ratings'))).rejects.toThrow(AlreadyExistsError)

    const ns = await h.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: 'x' } })
    expect(ns.object.metadata.namespace).toBeUndefined()
    expect(existsSync(path.join(h.dir, '_cluster/namespace-shop.yaml'))).toBe(true)

    // A file of that name that holds something else is left alone.
    await h.write('bookinfo/virtualservice-details.yaml', '# mine\n')
    await h.store.create(newVs('details'))
    expect(await h.read('bookinfo/virtualservice-details.yaml')).toBe('# mine\n')
    expect(await h.read('bookinfo/virtualservice-details-2.yaml')).toContain('name: details')
  })

  it('does not add the namespace or creationTimestamp it filled in to a file that leaves them out', async () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: plain\nspec:\n  hosts: [plain]\n'
    h = await harness({ 'plain.yaml': text })
    const vs = editable(h.store.get(vsRef('plain', 'default')))
    vs.spec = { hosts: ['plain', 'other'] }
    await h.store.update(vs)
    expect(await h.read('plain.yaml')).toBe(text.replace('[plain]', '[plain, other]'))
  })

  it('refuses a stale or missing resourceVersion and leaves the file byte for byte', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const vs = editable(h.store.get(vsRef('reviews')))
    routes(vs)[0].weight = 0
    await expect(h.store.update({ ...vs, metadata: { ...vs.metadata, resourceVersion: '1' } })).rejects.toThrow(
      /resourceVersion 1 is stale/,
    )
    const missing = h.store.update({ ...vs, metadata: { ...vs.metadata, resourceVersion: undefined } })
    await expect(missing).rejects.toThrow(ConflictError)
    await expect(missing).rejects.toThrow(/resourceVersion is required/)
    await expect(h.store.patch(vsRef('reviews'), { metadata: { resourceVersion: '1' }, spec: { hosts: [] } })).rejects.toThrow(
      ConflictError,
    )
    expect(await h.read('bookinfo/routes.yaml')).toBe(ROUTES)
    expect(h.events).toHaveLength(1)
    await expect(h.store.update(newVs('ghost', { resourceVersion: '1' }))).rejects.toThrow(NotFoundError)
  })

  it('refuses what admission rejects, touching nothing, and returns its warnings', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const before = h.store.get(vsRef('reviews'))
    const vs = editable(before)
    routes(vs)[0].weight = 150
    const err = await h.store.update(vs).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidObjectError)
    expect((err as InvalidObjectError).checks).toEqual([
      expect.objectContaining({ code: 'TRL0005', path: 'spec/http[0]/route[0]/weight' }),
    ])
    await expect(h.store.create({ ...newVs('bad'), spec: {} })).rejects.toThrow(InvalidObjectError)
    await expect(h.store.create({ ...newVs('odd'), apiVersion: `${NET}/v9` })).rejects.toThrow(/Unknown kind or apiVersion/)
    expect(await h.read('bookinfo/routes.yaml')).toBe(ROUTES)
    expect(await readdir(h.dir)).toEqual(['bookinfo'])
    expect(h.store.get(vsRef('reviews'))).toBe(before)

    const warned = await h.store.create(newVs('warned', { labels: { warn: 'yes' } }))
    expect(warned.warnings).toEqual([expect.objectContaining({ severity: 'warning', path: 'metadata/labels/warn' })])
  })

  it('dry runs compute the result and write nothing', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const before = await snapshot(h.dir)
    const current = h.store.get(vsRef('reviews'))
    const vs = editable(current)
    routes(vs)[0].weight = 30

    const created = await h.store.create(newVs('dry'), { dryRun: true })
    expect(created.object.metadata).toMatchObject({ name: 'dry', generation: 1 })
    const updated = await h.store.update(vs, { dryRun: true })
    expect(routes(updated.object)[0].weight).toBe(30)
    expect(updated.object.metadata.generation).toBe(2)
    const patched = await h.store.patch(drRef, { spec: { host: 'x' } }, { dryRun: true })
    expect(patched.object.spec?.host).toBe('x')
    expect(await h.store.delete(drRef, { dryRun: true })).toBe(h.store.get(drRef))
    await expect(h.store.update({ ...vs, metadata: { ...vs.metadata, resourceVersion: '1' } }, { dryRun: true })).rejects.toThrow(
      ConflictError,
    )

    expect(await snapshot(h.dir)).toEqual(before)
    expect(h.store.get(vsRef('reviews'))).toBe(current)
    expect(h.store.get(vsRef('dry'))).toBeUndefined()
    expect(h.events).toHaveLength(1)
  })

  it('refuses names and namespaces that would escape the directory', async () => {
    // The store gets a folder inside the temp dir, so anything escaping it would show up around it.
    h = await harness()
    const store = new FileStore({ dir: path.join(h.dir, 'config'), admission: testAdmission, watch: false })
    await store.ready
    for (const [name, namespace] of [
      ['../evil', 'bookinfo'],
      ['a/b', 'bookinfo'],
      ['a\\b', 'bookinfo'],
      ['nul\0byte', 'bookinfo'],
      ['ok', '..'],
      ['ok', '../../etc'],
      ['ok', '.hidden'],
    ]) {
      await expect(store.create({ ...newVs('x'), metadata: { name, namespace } })).rejects.toThrow(BadRequestError)
    }
    await store.close()
    expect(await snapshot(h.dir)).toEqual({ config: '<dir>' })
  })

  it('never rewrites a file that has a YAML syntax error', async () => {
    const text = `${VS}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: [broken\n`
    h = await harness({ 'bookinfo/routes.yaml': text })
    const vs = editable(h.store.get(vsRef('reviews')))
    routes(vs)[0].weight = 80
    await expect(h.store.update(vs)).rejects.toThrow(/bookinfo\/routes\.yaml has a YAML syntax error/)
    await expect(h.store.delete(vsRef('reviews'))).rejects.toThrow(BadRequestError)
    expect(await h.read('bookinfo/routes.yaml')).toBe(text)
  })

  it('serializes concurrent writes: two updates from the same version, one wins, one conflicts', async () => {
    h = await harness({ 'bookinfo/routes.yaml': ROUTES })
    const a = editable(h.store.get(vsRef('reviews')))
    const b = editable(h.store.get(vsRef('reviews')))
    routes(a)[0].weight = 11
    routes(b)[0].weight = 22
    const results = await Promise.allSettled([h.store.update(a), h.store.update(b)])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = results.find((r) => r.status === 'rejected')
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(ConflictError)
    const winner = routes(h.store.get(vsRef('reviews')) as ConfigObject)[0].weight
    expect(await h.read('bookinfo/routes.yaml')).toContain(`weight: ${winner} # stable`)

    // Many writers to different objects at once: every one lands, each file holds its own.
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.store.create(newVs(`svc${i}`))))
    expect(h.store.list({ kind: 'VirtualService' })).toHaveLength(21)
    const restarted = new FileStore({ dir: h.dir, admission: testAdmission, watch: false })
    await restarted.ready
    expect(restarted.list().map((o) => o.metadata.name)).toEqual(h.store.list().map((o) => o.metadata.name))
    await restarted.close()
  })
})
