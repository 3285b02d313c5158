import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { applySplit, mergeEdit, planWrites, readSplit, rebaseSplit, rebaseWrite, setWeight } from '../../../shared/routing/index.ts'
import { CODES } from '../../../server/validation/codes.ts'
import { GRPC_COMPAT_SEVERITY } from '../../../shared/routing/grpc-compat.ts'
import { routingFlags } from '../../../shared/routing/flags.ts'
import { applyRules, applyTimeouts, readRules, readTimeouts } from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS } from './helpers.ts'

function theirEdit(edit: (o: ConfigObject & { spec: { http: Record<string, unknown>[] } }) => void): ConfigObject {
  const o = structuredClone(DEMO_VS) as ConfigObject & { spec: { http: Record<string, unknown>[] } }
  edit(o)
  o.metadata.resourceVersion = '9'
  return o
}

function shiftedWrite() {
  const ctx = ctxOf()
  const s = readSplit(ctx)
  return planWrites(applySplit(ctx, { ...s, rows: setWeight(s.rows, 'reviews|v3', 50) }))[0]
}

describe('reapplying the wizard\'s edit on top of someone else\'s (after a 409)', () => {
  it('keeps their change to another route and to the same route\'s other fields', () => {
    const current = theirEdit((o) => {
      o.spec.http[0].timeout = '1s'
      o.spec.http[1].retries = { attempts: 1 }
      o.metadata.labels = { owner: 'them' }
    })
    const { write, conflicts } = rebaseWrite(shiftedWrite(), current)
    expect(conflicts).toEqual([])
    expect(write!.op).toBe('update')
    expect(write!.before).toBe(current)
    expect(write!.after!.metadata).toEqual({ name: 'reviews', namespace: 'bookinfo', resourceVersion: '9', labels: { owner: 'them' } })
    expect(write!.after!.spec!.http).toEqual([
      { ...(DEMO_VS.spec!.http as object[])[0], timeout: '1s' },
      { name: 'everyone-else', route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
        { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      ], retries: { attempts: 1 } },
    ])
  })

  it('keeps a route they inserted, in its place', () => {
    const inserted = { name: 'beta', match: [{ headers: { beta: { exact: '1' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] }
    const current = theirEdit((o) => o.spec.http.splice(1, 0, inserted))
    const { write, conflicts } = rebaseWrite(shiftedWrite(), current)
    expect(conflicts).toEqual([])
    expect((write!.after!.spec!.http as { name: string }[]).map((r) => r.name)).toEqual(['test-users', 'beta', 'everyone-else'])
    expect((write!.after!.spec!.http as { route: unknown[] }[])[2].route).toHaveLength(2)
  })

  it('merging reports where both changed the same thing, and uses the wizard\'s value', () => {
    const current = theirEdit((o) => {
      (o.spec.http[1].route as { weight: number }[])[0].weight = 90
      ;(o.spec.http[1].route as unknown[]).push({ destination: { host: 'reviews', subset: 'v2' }, weight: 10 })
    })
    const { write, conflicts } = rebaseWrite(shiftedWrite(), current)
    expect(conflicts).toEqual(['spec/http[1]/route[0]/weight'])
    // A generic merge keeps both additions: 110 %, which the review then shows.
    expect((write!.after!.spec!.http as { route: unknown[] }[])[1].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
      { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
    ])
  })

  it('a split is reapplied as the weights the user chose, on the route that now takes every call', () => {
    const ctx = ctxOf()
    const s = readSplit(ctx)
    const mine = { ...s, rows: setWeight(s.rows, 'reviews|v3', 50) }
    const inserted = { name: 'beta', match: [{ headers: { beta: { exact: '1' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] }
    const current = theirEdit((o) => {
      ;(o.spec.http[1].route as unknown[]).push({ destination: { host: 'reviews', subset: 'v2' }, weight: 10 })
      ;(o.spec.http[1].route as { weight: number }[])[0].weight = 90
      o.spec.http[1].timeout = '4s'
      o.spec.http.unshift(inserted)
    })
    const now = ctxOf({ virtualServices: [current] })
    const vs = applySplit(now, rebaseSplit(mine, now)).virtualService!.after!
    expect(vs.spec!.http).toEqual([
      inserted,
      (DEMO_VS.spec!.http as object[])[0],
      { name: 'everyone-else', route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
        { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      ], timeout: '4s' },
    ])
    expect(vs.metadata.resourceVersion).toBe('9')
  })

  it('keeps the wizard\'s new order of rules when it reordered them', () => {
    const ctx = ctxOf()
    const { rules } = readRules(ctx)
    const mine = planWrites(applyRules(ctx, { rules: [rules[1], rules[0]] }))[0]
    const current = theirEdit((o) => { o.spec.http[0].timeout = '2s' })
    const { write } = rebaseWrite(mine, current)
    expect((write!.after!.spec!.http as { name: string; timeout?: string }[]).map((r) => [r.name, r.timeout])).toEqual([['everyone-else', undefined], ['test-users', '2s']])
  })

  it('turns an update of a deleted object into a create, and answers nothing to do when they already made the change', () => {
    const gone = rebaseWrite(shiftedWrite(), undefined)
    expect(gone.write!.op).toBe('create')
    expect(gone.write!.after!.metadata.resourceVersion).toBeUndefined()
    const same = rebaseWrite(shiftedWrite(), { ...shiftedWrite().after!, metadata: { ...DEMO_VS.metadata, resourceVersion: '11' } })
    expect(same.write).toBeUndefined()
  })

  it('merges plain JSON: their additions kept, my removals applied, key order theirs', () => {
    expect(mergeEdit({ a: 1, b: 2 }, { a: 1, c: 3 }, { z: 0, a: 1, b: 2 })).toEqual({ merged: { c: 3, z: 0, a: 1 }, conflicts: [] })
    expect(mergeEdit({ a: 1, b: 2 }, { a: 1 }, { a: 1, b: 5 })).toEqual({ merged: { a: 1 }, conflicts: ['b'] })
  })
})

describe('what proxyless gRPC cannot honour is flagged before Apply', () => {
  it('flags a method match and a per-try timeout the edit introduces, with the control plane\'s severities', () => {
    const ctx = ctxOf()
    const { rules } = readRules(ctx)
    rules[0].matches[0].method = { kind: 'exact', value: 'GET' }
    const flags = routingFlags(applyRules(ctx, { rules }))
    expect(flags).toEqual([{
      object: 'VirtualService bookinfo/reviews', id: 'grpcMatchNeverApplies', severity: 'warning', path: 'spec/http[0]/match[0]/method',
      message: expect.stringContaining('match entry with method is left out'), introduced: true,
    }])
    const routes = readTimeouts(ctx)
    routes[1].state.retries = { mode: 'custom', attempts: 3, perTryTimeout: '1s', retryOn: ['retriable-4xx'] }
    expect(routingFlags(applyTimeouts(ctx, routes)).map((f) => `${f.id} ${f.path}`)).toEqual([
      'grpcUnsupported spec/http[1]/retries/perTryTimeout',
      'grpcUnsupported spec/http[1]/retries/retryOn',
    ])
  })

  it('uses the server registry\'s severity for every finding kind', () => {
    for (const [id, severity] of Object.entries(GRPC_COMPAT_SEVERITY)) {
      expect(CODES[id as keyof typeof CODES].severity, id).toBe(severity)
    }
  })
})
