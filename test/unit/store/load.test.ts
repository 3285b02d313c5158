// Loading a folder of YAML: what loads, what is reported where, and the metadata the store adds.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileStore } from '../../../server/store/files/store.ts'
import type { Harness } from './helpers.ts'
import { NET, harness, testAdmission, vsRef } from './helpers.ts'

const ROUTES = `# Routing for bookinfo
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  resourceVersion: "5"   # copied from kubectl; the server owns it
spec:
  hosts: [reviews]   # the service
  http:
  - route:
    - destination: {host: reviews, subset: v1}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews
  creationTimestamp: "2024-01-02T03:04:05Z"
spec:
  host: reviews
---
apiVersion: v1
kind: Namespace
metadata:
  name: bookinfo
  namespace: ignored
---
`

let h: Harness
afterEach(async () => h?.cleanup())

describe('FileStore load', () => {
  it('loads every document of multi-document files, with the metadata the server owns', async () => {
    const before = Date.now()
    h = await harness({ 'routes.yaml': ROUTES })
    expect(h.store.sourceErrors()).toEqual([])
    const vs = h.store.get(vsRef('reviews'))
    expect(vs?.spec).toEqual({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] })
    expect(vs?.metadata.generation).toBe(1)
    expect(Number(vs?.metadata.resourceVersion)).toBeGreaterThan(before)
    expect(vs?.metadata.resourceVersion).not.toBe('5')
    // No creationTimestamp in the file: the file's mtime.
    const { mtime } = await stat(path.join(h.dir, 'routes.yaml'))
    expect(vs?.metadata.creationTimestamp).toBe(mtime.toISOString())

    // No namespace: `default`, as kubectl does; a creationTimestamp in the file is kept.
    const dr = h.store.get({ group: NET, kind: 'DestinationRule', namespace: 'default', name: 'reviews' })
    expect(dr?.metadata.namespace).toBe('default')
    expect(dr?.metadata.creationTimestamp).toBe('2024-01-02T03:04:05Z')
    // Cluster-scoped kinds have no namespace.
    const ns = h.store.get({ group: '', kind: 'Namespace', namespace: '', name: 'bookinfo' })
    expect(ns?.metadata.namespace).toBeUndefined()

    const versions = h.store.list().map((o) => o.metadata.resourceVersion)
    expect(new Set(versions).size).toBe(3)
    expect(h.store.list({ group: NET }).map((o) => o.kind).sort()).toEqual(['DestinationRule', 'VirtualService'])
    expect(h.store.list({ namespace: 'bookinfo' }).map((o) => o.kind)).toEqual(['VirtualService'])
    expect(h.store.list({ kind: 'Namespace' })).toHaveLength(1)
    // Subscribers that came before ready hear the initial load.
    expect(h.events.flat().map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED'])
  })

  it('keeps objects in v1beta1 and v1alpha3 as written, and treats versions of one object as the same object', async () => {
    const vs = (version: string) =>
      `apiVersion: networking.istio.io/${version}\nkind: VirtualService\nmetadata: {name: ratings, namespace: bookinfo}\nspec: {hosts: [ratings]}\n`
    h = await harness({
      'a.yaml': vs('v1alpha3'),
      'b.yaml': vs('v1beta1').replace('ratings, namespace', 'details, namespace'),
      'c.yaml': vs('v1'),
    })
    expect(h.store.get(vsRef('ratings'))?.apiVersion).toBe('networking.istio.io/v1alpha3')
    expect(h.store.get(vsRef('details'))?.apiVersion).toBe('networking.istio.io/v1beta1')
    // c.yaml defines ratings again (in v1): a duplicate, reported where it is; a.yaml's stays.
    expect(h.store.sourceErrors()).toEqual([
      {
        file: 'c.yaml',
        line: 3,
        code: 'TRL0203',
        message: expect.stringMatching(/^VirtualService bookinfo\/ratings: .*also defined in a\.yaml \(line 3\)/),
        object: { kind: 'VirtualService', namespace: 'bookinfo', name: 'ratings' },
      },
    ])
  })

  it('reports malformed YAML with file and line, and loads the rest', async () => {
    const warnings: object[] = []
    const logger = { info() {}, error() {}, warn: (obj: object) => void warnings.push(obj) }
    h = await harness(
      {
        'good.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: good}\n',
        'mixed.yaml':
          'apiVersion: v1\nkind: Namespace\nmetadata: {name: first}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [oops\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: third}\n',
        'nested/deeper/bad.yml': 'apiVersion: v1\nkind: Namespace\n  metadata: x\n',
      },
      { logger },
    )
    expect(h.store.list().map((o) => o.metadata.name).sort()).toEqual(['first', 'good', 'third'])
    const errors = h.store.sourceErrors()
    expect(errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['mixed.yaml', 9, 'TRL0201'],
      ['nested/deeper/bad.yml', 2, 'TRL0201'],
    ])
    expect(errors[0].message).toMatch(/^document 2: YAML syntax error: /)
    expect(warnings).toContainEqual({ file: 'mixed.yaml', line: 9, code: 'TRL0201' })
  })

  it('reports unknown kinds, non-objects and rejected objects, naming object and field', async () => {
    h = await harness({
      'odd.yaml': [
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n',
        'apiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata: {name: future}\nspec: {hosts: [x]}\n',
        '- just\n- a list\n',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n',
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: heavy}\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r}\n      weight: 150\n',
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ok}\nspec: {hosts: [r]}\n',
      ].join('---\n'),
    })
    expect(h.store.list().map((o) => o.metadata.name)).toEqual(['ok'])
    const errors = h.store.sourceErrors()
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'TRL0204'],
      [5, 'TRL0204'],
      [10, 'TRL0202'],
      [15, 'TRL0202'],
      [26, 'TRL0204'],
    ])
    expect(errors[0].message).toBe(
      'Widget shop/w: apiVersion: Object rejected by validation: "example.com/v1" "Widget" is not a kind and apiVersion this store serves',
    )
    expect(errors[0].object).toEqual({ kind: 'Widget', namespace: 'shop', name: 'w' })
    expect(errors[2].message).toMatch(/^document 3: Document is not a Kubernetes object: the document is a sequence/)
    expect(errors[3].message).toBe('Namespace: metadata/name: Document is not a Kubernetes object: metadata.name must be a non-empty string')
    expect(errors[4].message).toBe(
      'VirtualService default/heavy: Object rejected by validation: spec/http[0]/route[0]/weight: Invalid route weight: above 100 (TRL0005)',
    )
    expect(errors.every((e) => e.file === 'odd.yaml')).toBe(true)
  })

  it('gives out objects that cannot be changed behind its back', async () => {
    h = await harness({ 'routes.yaml': ROUTES })
    const vs = h.store.get(vsRef('reviews'))
    expect(() => {
      ;(vs?.spec?.hosts as string[]).push('evil')
    }).toThrow(TypeError)
    expect(() => {
      h.store.list()[0].metadata.name = 'renamed'
    }).toThrow(TypeError)
    expect(h.store.get(vsRef('reviews'))?.spec?.hosts).toEqual(['reviews'])
  })

  it('creates a missing dir, skips hidden folders, and keeps versions increasing across restarts', async () => {
    h = await harness({
      '.git/hooks/x.yaml': 'not: [an, object]\n',
      '..data/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: hidden}\n',
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: seen}\n',
    })
    expect(h.store.list().map((o) => o.metadata.name)).toEqual(['seen'])
    expect(h.store.sourceErrors()).toEqual([])
    const first = Number(h.store.list()[0].metadata.resourceVersion)
    await h.store.close()

    const again = new FileStore({ dir: h.dir, admission: testAdmission, watch: false })
    await again.ready
    expect(Number(again.list()[0].metadata.resourceVersion)).toBeGreaterThan(first)
    await again.close()

    const missing = path.join(h.dir, 'not', 'yet')
    const fresh = new FileStore({ dir: missing, admission: testAdmission, watch: false })
    await fresh.ready
    expect((await stat(missing)).isDirectory()).toBe(true)
    expect(fresh.list()).toEqual([])
    await fresh.close()
  })
})
