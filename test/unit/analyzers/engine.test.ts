import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { keyOf } from '../../../shared/k8s.ts'
import type { IstioCheck, IstioValidation } from '../../../shared/validation.ts'
import type { MeshChange } from '../../../server/mesh/build.ts'
import { buildSnapshot, nextSnapshot, type SnapshotChange } from '../../../server/mesh/model.ts'
import type { MeshSnapshot } from '../../../server/mesh/snapshot.ts'
import { ValidationEngine } from '../../../server/validation/engine.ts'
import { BOOKINFO, objects } from './helpers.ts'
import { randomChanges, randomObject, rng } from './random-mesh.ts'

const MESH = objects(`${BOOKINFO}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 50 }
    - { destination: { host: reviews, subset: v2 }, weight: 50 }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: bookinfo }
spec: { selector: { istio: ingressgateway } }
`)

const find = (kind: string, name: string): ConfigObject => {
  const o = MESH.find((x) => x.kind === kind && x.metadata.name === name)
  if (!o) throw new Error(`${kind} ${name} missing from the test mesh`)
  return o
}

function apply(engine: ValidationEngine, previous: MeshSnapshot, changes: MeshChange[]): { change: SnapshotChange; changed: string[] } {
  const change = { previous, snapshot: nextSnapshot(previous, changes), changes }
  return { change, changed: engine.update(change) }
}

describe('ValidationEngine', () => {
  it('serves validations in Kiali shape, per object and per namespace', () => {
    const snapshot = buildSnapshot(MESH)
    const engine = new ValidationEngine()
    engine.full(snapshot)
    const gw = engine.validationFor(find('Gateway', 'gw'))
    expect(gw).toMatchObject({
      name: 'gw', namespace: 'bookinfo', valid: true,
      objectGVK: { group: 'networking.istio.io', version: 'v1', kind: 'Gateway' },
      checks: [{ code: 'KIA0302', severity: 'warning' }],
    })
    // Istio kinds get a validation even without checks; Services are the registry, not config.
    expect(engine.all().map((v) => `${v.objectGVK.kind} ${v.name}`)).toEqual([
      'DestinationRule reviews', 'Gateway gw', 'VirtualService reviews',
      'WorkloadEntry details-v1', 'WorkloadEntry productpage-v1', 'WorkloadEntry ratings-v1',
      'WorkloadEntry reviews-v1', 'WorkloadEntry reviews-v2', 'WorkloadEntry reviews-v3',
    ])
    expect(engine.all(['elsewhere'])).toEqual([])
    expect(engine.summaries()).toEqual([{ namespace: 'bookinfo', errors: 0, warnings: 1, objectCount: 9 }])
    expect(engine.summaries(['bookinfo', 'empty'])).toEqual([
      { namespace: 'bookinfo', errors: 0, warnings: 1, objectCount: 9 },
      { namespace: 'empty', errors: 0, warnings: 0, objectCount: 0 },
    ])
    expect(engine.timings().map((t) => t.name)).toContain('virtualservice.destinations')
    expect(engine.timings().every((t) => t.calls > 0 && t.totalMs >= 0)).toBe(true)
  })

  it('reports KIA1107 on the VirtualService once update() removes the subset from its DestinationRule', () => {
    let snapshot = buildSnapshot(MESH)
    const engine = new ValidationEngine()
    engine.full(snapshot)
    const vs = keyOf(find('VirtualService', 'reviews'))
    expect(engine.checksFor(vs)).toEqual([])
    const events: string[][] = []
    engine.on('changed', (keys) => events.push(keys))

    const dr = find('DestinationRule', 'reviews')
    const withoutV2 = { ...dr, spec: { ...dr.spec, subsets: [{ name: 'v1', labels: { version: 'v1' } }] } }
    const { change, changed } = apply(engine, snapshot, [{ type: 'upsert', object: withoutV2 }])
    snapshot = change.snapshot

    const [c] = engine.checksFor(vs)
    expect(c).toMatchObject({ code: 'KIA1107', severity: 'error', path: 'spec/http[0]/route[1]/destination/subset' })
    expect(c.message).toContain('subset "v2"')
    expect(c.message).toContain('DestinationRule bookinfo/reviews has v1')
    expect(engine.validationFor(find('VirtualService', 'reviews')).valid).toBe(false)
    expect(changed).toEqual([vs])
    expect(events).toEqual([[vs]])
  })

  it('drops the validations of deleted objects', () => {
    const snapshot = buildSnapshot(MESH)
    const engine = new ValidationEngine()
    engine.full(snapshot)
    const gw = find('Gateway', 'gw')
    const { changed } = apply(engine, snapshot, [{ type: 'delete', object: gw }])
    expect(changed).toEqual([keyOf(gw)])
    expect(engine.checksFor(keyOf(gw))).toEqual([])
    expect(engine.all().some((v) => v.name === 'gw')).toBe(false)
  })

  it('adds the extra checks to every object, computing them once per object version', () => {
    const note: IstioCheck = { code: 'TRL0011', severity: 'warning', message: 'from admission', path: '' }
    const engine = new ValidationEngine(undefined, { extraChecks: (o) => (o.kind === 'VirtualService' ? [note] : []) })
    const snapshot = buildSnapshot(MESH)
    engine.full(snapshot)
    const vs = keyOf(find('VirtualService', 'reviews'))
    expect(engine.checksFor(vs)).toEqual([note])
    const calls = () => engine.timings().find((t) => t.name === 'extraChecks')?.calls
    expect(calls()).toBe(9)
    // The DestinationRule edit re-analyzes the VirtualService, whose own extra checks are reused.
    const dr = find('DestinationRule', 'reviews')
    apply(engine, snapshot, [{ type: 'upsert', object: { ...dr, spec: { ...dr.spec, subsets: [] } } }])
    expect(engine.checksFor(vs).map((c) => c.code)).toEqual(['KIA1107', 'KIA1107', 'TRL0011'])
    expect(calls()).toBe(10)
  })

  it('dry-runs a candidate against the snapshot it would join, without storing it', () => {
    const snapshot = buildSnapshot(MESH)
    const engine = new ValidationEngine()
    engine.full(snapshot)
    const vs = find('VirtualService', 'reviews')
    const candidate = { ...vs, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }] } }
    expect(engine.analyzeCandidate(snapshot, candidate)).toMatchObject([{ code: 'KIA1107' }])
    expect(engine.checksFor(keyOf(vs))).toEqual([])
  })

  it('falls back to a full run when handed a change that does not follow its snapshot', () => {
    const engine = new ValidationEngine()
    engine.full(buildSnapshot(MESH))
    const other = buildSnapshot(MESH.filter((o) => o.kind !== 'Gateway'))
    const gw = find('Gateway', 'gw')
    apply(engine, other, [{ type: 'upsert', object: { ...gw, metadata: { ...gw.metadata, name: 'gw2' } } }])
    expect(engine.all().map((v) => v.name)).toContain('gw2')
    expect(engine.all().map((v) => v.name)).not.toContain('gw')
  })

  it('after random edits, update() gives the same validations as a full run on the new snapshot', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = rng(seed)
      let snapshot = buildSnapshot(Array.from({ length: 30 }, () => randomObject(r)))
      const engine = new ValidationEngine()
      engine.full(snapshot)
      for (let step = 0; step < 120; step++) {
        const before = byKey(engine.all())
        const { change, changed } = apply(engine, snapshot, randomChanges(r, [...snapshot.objects()]))
        snapshot = change.snapshot
        const fresh = new ValidationEngine()
        fresh.full(snapshot)
        const after = engine.all()
        expect(after, `seed ${seed}, step ${step}`).toEqual(fresh.all())
        // Every object whose validation changed is announced.
        const now = byKey(after)
        const differing = [...new Set([...before.keys(), ...now.keys()])]
          .filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(now.get(k)))
        expect(differing.filter((k) => !changed.some((c) => c.endsWith(k))), `seed ${seed}, step ${step}`).toEqual([])
      }
    }
  })
})

function byKey(list: IstioValidation[]): Map<string, IstioValidation> {
  return new Map(list.map((v) => [`/${v.objectGVK.kind}/${v.namespace}/${v.name}`, v]))
}
