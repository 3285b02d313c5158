// The CanaryRamp analyzer: a ramp for a service that does not exist, for a version with no
// workload, or competing with another ramp for the same service is flagged; the flags follow the
// mesh as it changes (the engine's incremental re-analysis).
import { describe, expect, it } from 'vitest'
import { keyOf } from '../../../shared/k8s.ts'
import { nextSnapshot } from '../../../server/mesh/model.ts'
import { CODES } from '../../../server/validation/codes.ts'
import { analyze, app, objects, withCode } from '../analyzers/helpers.ts'

const ramp = (name: string, spec: string, status = '') => `
apiVersion: rollouts.trellis.dev/v1alpha1
kind: CanaryRamp
metadata: { name: ${name}, namespace: bookinfo }
spec: ${spec}
${status}`

const REVIEWS = app('bookinfo', 'reviews', ['v1', 'v2'])

describe('CanaryRamp analysis', () => {
  it('is quiet for a ramp between two versions that run', () => {
    const a = analyze(REVIEWS, ramp('r', '{service: reviews, stable: v1, canary: v2, steps: [50, 100], interval: 30s}'))
    expect(a.checks('CanaryRamp bookinfo/r')).toEqual([])
  })

  it('flags a service that does not exist', () => {
    const a = analyze(REVIEWS, ramp('r', '{service: ratings, stable: v1, canary: v2, steps: [100], interval: 30s}'))
    const found = withCode(a.checks('CanaryRamp bookinfo/r'), CODES.canaryServiceNotFound.code)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ severity: 'error', path: 'spec/service' })
    expect(found[0].message).toMatch(/service "ratings" at spec\/service is not a Service of namespace bookinfo/)
  })

  it('flags a version no workload runs, by the subset’s labels when the rule has the subset', () => {
    const dr = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets: [{ name: v2, labels: { version: v2, track: canary } }]
`
    const a = analyze(REVIEWS, dr, ramp('r', '{service: reviews, stable: v1, canary: v2, steps: [100], interval: 30s}'))
    const found = withCode(a.checks('CanaryRamp bookinfo/r'), CODES.canaryVersionNoWorkload.code)
    expect(found.map((c) => c.path)).toEqual(['spec/canary'])
    expect(found[0].message).toMatch(/no workload of reviews has version=v2, track=canary \(spec\.canary v2\)/)
  })

  it('clears the flag when a workload of the version registers', () => {
    const a = analyze(REVIEWS, ramp('r', '{service: reviews, stable: v1, canary: v3, steps: [100], interval: 30s}'))
    expect(withCode(a.checks('CanaryRamp bookinfo/r'), CODES.canaryVersionNoWorkload.code).map((c) => c.path)).toEqual(['spec/canary'])
    const [v3] = objects(app('bookinfo', 'reviews', ['v3'])).filter((o) => o.kind === 'WorkloadEntry')
    const next = nextSnapshot(a.snapshot, [{ type: 'upsert', object: v3 }])
    const changed = a.engine.update({ previous: a.snapshot, snapshot: next, changes: [{ type: 'upsert', object: v3 }] })
    const rampKey = 'rollouts.trellis.dev/CanaryRamp/bookinfo/r'
    expect(changed).toContain(rampKey)
    expect(a.engine.checksFor(rampKey)).toEqual([])
  })

  it('flags two unfinished ramps for one service, and stops once one has finished', () => {
    const spec = '{service: reviews, stable: v1, canary: v2, steps: [100], interval: 30s}'
    const a = analyze(REVIEWS, ramp('a', spec), ramp('b', spec))
    const found = withCode(a.checks('CanaryRamp bookinfo/a'), CODES.canarySameService.code)
    expect(found).toHaveLength(1)
    expect(found[0].message).toMatch(/CanaryRamp bookinfo\/b also shifts service reviews/)
    // b finishes (its status is written): a's flag goes away on the incremental update.
    const [b] = objects(ramp('b', spec, 'status: {phase: RolledBack, step: 0, weight: 0, updatedAt: "2025-01-01T00:00:00Z", history: []}'))
    const next = nextSnapshot(a.snapshot, [{ type: 'upsert', object: b }])
    a.engine.update({ previous: a.snapshot, snapshot: next, changes: [{ type: 'upsert', object: b }] })
    expect(a.engine.checksFor(keyOf(objects(ramp('a', spec))[0]))).toEqual([])
  })
})
