import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { planWrites } from '../../../shared/routing/change.ts'
import type { PushProgress } from '../../../shared/xds.ts'
import { canaryProblems, canaryRampObject, decidesAt, durationMs, isActive, parseSteps, rampName, stepText, type CanaryForm } from '../../../web/components/wizards/canary.ts'
import { addedSubsets, planChecks } from '../../../web/components/wizards/dryRunChecks.ts'
import { freshInput, mergeOnto, objectKey } from '../../../web/components/wizards/fresh.ts'
import { chartRows, latestGap, requestedAt, ruleOnlyVersions, splitPoints, versionsIn } from '../../../web/components/wizards/observedSplit.ts'
import { causeOf, propagationText, summarize, trackPush } from '../../../web/components/wizards/propagation.ts'
import { fieldChanges, resourceChanges } from '../../../web/components/wizards/wireDiff.ts'
import { isWizardId, withWizard, wizardOf, wizardPath } from '../../../web/components/wizards/wizardUrl.ts'
import { foldContext, objectDiff } from '../../../web/components/wizards/yamlDiff.ts'
import { applySplit, readSplit, setWeight } from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS, REVIEWS_DR, workloads } from '../routing/helpers.ts'

describe('the wizards\' URL entry point', () => {
  it('links to a service page with the wizard open, and reads it back', () => {
    expect(wizardPath('bookinfo', 'reviews', 'traffic-shifting')).toBe('/namespaces/bookinfo/services/reviews?wizard=traffic-shifting')
    expect(wizardPath('my ns', 'a/b', 'canary-ramp')).toBe('/namespaces/my%20ns/services/a%2Fb?wizard=canary-ramp')
    expect(wizardOf(new URLSearchParams('wizard=fault-injection&duration=600'))).toBe('fault-injection')
    expect(wizardOf(new URLSearchParams('wizard=nonsense'))).toBeUndefined()
    expect(withWizard(new URLSearchParams('duration=600&wizard=x'), undefined).toString()).toBe('duration=600')
    expect(withWizard(new URLSearchParams('duration=600'), 'remove-routing').toString()).toBe('duration=600&wizard=remove-routing')
    expect(isWizardId('request-routing')).toBe(true)
  })
})

describe('the review', () => {
  it('folds long unchanged stretches, keeping three lines of context', () => {
    const same = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'same' as const, text: `s${i}` }))
    const rows = foldContext([...same(10), { kind: 'removed', text: 'a' }, { kind: 'added', text: 'b' }, ...same(10)])
    expect(rows.map((r) => (r.kind === 'fold' ? `[${r.count}]` : r.text))).toEqual(['[7]', 's7', 's8', 's9', 'a', 'b', 's0', 's1', 's2', '[7]'])
    expect(foldContext(same(3))).toEqual(same(3))
  })

  it('diffs an object\'s YAML without server metadata', () => {
    const ctx = ctxOf()
    const s = readSplit(ctx)
    const [w] = planWrites(applySplit(ctx, { ...s, rows: setWeight(s.rows, 'reviews|v3', 50) }))
    const d = objectDiff(w.before, w.after)
    expect(d.removed).toBe(1)
    expect(d.added).toBe(5)
    const changed = d.rows.filter((r) => r.kind === 'added' || r.kind === 'removed').map((r) => `${r.kind} ${r.text.trim()}`)
    expect(changed).toEqual(['removed weight: 100', 'added weight: 50', 'added - destination:', 'added host: reviews', 'added subset: v3', 'added weight: 50'])
    expect(d.rows.some((r) => r.text.includes('resourceVersion'))).toBe(false)
    // A new object is all additions.
    expect(objectDiff(undefined, DEMO_VS).removed).toBe(0)
  })

  it('shows the wire difference as the leaf fields that change', () => {
    const before = { name: 'r', virtualHosts: [{ routes: [{ route: { weightedClusters: { clusters: [{ name: 'v1', weight: 100 }] } } }] }] }
    const after = { name: 'r', virtualHosts: [{ routes: [{ route: { weightedClusters: { clusters: [{ name: 'v1', weight: 50 }, { name: 'v3', weight: 50 }] } } }] }] }
    expect(fieldChanges(before, after)).toEqual([
      { path: 'virtualHosts[0].routes[0].route.weightedClusters.clusters[0].weight', before: '100', after: '50' },
      { path: 'virtualHosts[0].routes[0].route.weightedClusters.clusters[1].name', after: '"v3"' },
      { path: 'virtualHosts[0].routes[0].route.weightedClusters.clusters[1].weight', after: '50' },
    ])
    const views = resourceChanges({ proxies: [], resources: [{ type: 'RDS', name: 'r', change: 'changed', before, after, proxies: 2 }] }, 2)
    expect(views[0]).toMatchObject({ type: 'RDS', proxies: 2, more: 1 })
    expect(views[0].fields).toHaveLength(2)
  })

  it('does not count "subset not found" for a subset the plan itself adds first', () => {
    const ctx = ctxOf({ workloads: workloads('v1', 'v2', 'v3', 'v4') })
    const s = readSplit(ctx)
    const plan = planWrites(applySplit(ctx, { ...s, rows: setWeight(s.rows, 'version|v4', 10) }))
    const added = addedSubsets(plan)
    expect([...added]).toEqual(['v4'])
    const checks = [
      { code: 'KIA1107', severity: 'error' as const, message: 'Subset not found', path: 'spec/http[1]/route[1]/destination/subset' },
      { code: 'KIA1107', severity: 'error' as const, message: 'Subset not found', path: 'spec/http[0]/route[0]/destination/subset' },
      { code: 'TRL0301', severity: 'warning' as const, message: 'x', path: '' },
    ]
    const vsWrite = plan.find((w) => w.kind === 'VirtualService')!
    const afterVs = structuredClone(vsWrite)
    ;((afterVs.after!.spec!.http as { route: { destination: { subset: string } }[] }[])[0].route[0].destination.subset) = 'v9'
    expect(planChecks(afterVs, checks, added)).toEqual({ checks: [checks[1], checks[2]], resolved: 1 })
  })
})

const push = (p: Partial<PushProgress>): PushProgress => ({
  push: 1, startedAt: new Date(10_000).toISOString(), causes: ['VirtualService bookinfo/reviews'], types: ['RDS'],
  pushed: 2, acked: 0, nacked: 0, nacks: [], elapsedMs: 5, done: false, ...p,
})

describe('following the push', () => {
  it('keeps the latest progress of the pushes the written objects caused since Apply', () => {
    const causes = [causeOf({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' })]
    let m = new Map<number, PushProgress>()
    m = trackPush(m, push({ causes: ['VirtualService bookinfo/ratings'] }), causes, 10_000)
    m = trackPush(m, push({ push: 0, startedAt: new Date(5_000).toISOString() }), causes, 10_000)
    expect(m.size).toBe(0)
    m = trackPush(m, push({ acked: 1, elapsedMs: 20 }), causes, 10_500)
    m = trackPush(m, push({ acked: 2, elapsedMs: 38, done: true }), causes, 10_500)
    // A late, older progress event does not undo the final one.
    m = trackPush(m, push({ acked: 1, elapsedMs: 20 }), causes, 10_500)
    const s = summarize(m)!
    expect(s).toMatchObject({ pushes: 1, pushed: 2, acked: 2, done: true, elapsedMs: 38 })
    expect(propagationText(s)).toBe('Pushed to 2 proxies, ACKed by 2 in 38 ms')
    m = trackPush(m, push({ push: 2, pushed: 1, nacked: 1, done: true, elapsedMs: 1500, nacks: [{ proxy: 'p', type: 'RDS', message: 'bad' }] }), causes, 10_500)
    expect(propagationText(summarize(m)!)).toBe('Pushed to 3 proxies, ACKed by 2, NACKed by 1 in 1.50 s')
    expect(summarize(new Map())).toBeUndefined()
    expect(propagationText({ pushes: 1, pushed: 0, acked: 0, nacked: 0, elapsedMs: 0, done: true, nacks: [] })).toBe('No connected proxy needed this change')
  })
})

describe('requested against observed', () => {
  const series = (version: string, points: [number, number][]) => ({ name: 'request_count', labels: { destination_version: version }, datapoints: points })
  const history = [{ at: 0, weights: { v1: 100, v2: 0, v3: 0 } }, { at: 100_000, weights: { v1: 50, v2: 0, v3: 50 } }]

  it('gives each version\'s share of the requests at each time, beside the weights then in force', () => {
    const points = splitPoints([series('v1', [[90, 8], [110, 4]]), series('v2', [[90, 2], [110, 2]]), series('v3', [[110, 4]])], history)
    expect(points).toEqual([
      { t: 90, observed: { v1: 80, v2: 20 }, requested: { v1: 100, v2: 0, v3: 0 } },
      { t: 110, observed: { v1: 40, v2: 20, v3: 40 }, requested: { v1: 50, v2: 0, v3: 50 } },
    ])
    expect(versionsIn(points, history)).toEqual(['v1', 'v2', 'v3'])
    expect(latestGap(points)).toBe(20)
    expect(chartRows(points, ['v1', 'v3'])[0]).toEqual({ t: 90, 'o:v1': 80, 'r:v1': 100, 'o:v3': 0, 'r:v3': 0 })
    expect(requestedAt(history, 50_000)).toEqual(history[0].weights)
  })

  it('measures the split\'s own calls by leaving out versions only earlier rules route to', () => {
    const points = splitPoints([series('v1', [[110, 4]]), series('v2', [[110, 2]]), series('v3', [[110, 4]])], history, new Set(['v2']))
    expect(points[0].observed).toEqual({ v1: 50, v3: 50 })
    expect(ruleOnlyVersions(['v2'], { v1: 50, v2: 0, v3: 50 })).toEqual(['v2'])
    // The rule's version also gets split traffic, or the rule sends anywhere: cannot be told apart.
    expect(ruleOnlyVersions(['v3'], { v1: 50, v3: 50 })).toBeUndefined()
    expect(ruleOnlyVersions([null], { v1: 100 })).toBeUndefined()
    expect(ruleOnlyVersions([], { v1: 100 })).toBeUndefined()
  })
})

describe('the canary ramp form', () => {
  const form: CanaryForm = { stable: 'v1', canary: 'v3', steps: '10, 25 50,100', interval: '30s', maxErrorPercent: '5', maxP99Ms: '1000', minRequests: '10' }

  it('makes the CanaryRamp object', () => {
    expect(canaryRampObject(form, 'bookinfo', 'reviews', 'reviews-v3')).toEqual({
      apiVersion: 'rollouts.trellis.dev/v1alpha1', kind: 'CanaryRamp', metadata: { name: 'reviews-v3', namespace: 'bookinfo' },
      spec: { service: 'reviews', stable: 'v1', canary: 'v3', steps: [10, 25, 50, 100], interval: '30s', gates: { maxErrorPercent: 5, maxP99Ms: 1000, minRequests: 10 } },
    })
    expect(canaryRampObject({ ...form, maxErrorPercent: '', maxP99Ms: ' ', minRequests: '' }, 'b', 's', 'n').spec).not.toHaveProperty('gates')
  })

  it('names every problem', () => {
    expect(canaryProblems(form, ['v1', 'v2', 'v3'])).toEqual([])
    expect(canaryProblems({ ...form, canary: 'v1', steps: '50, 25, 90', interval: 'soon', minRequests: '1.5' }, ['v1', 'v3']).map((p) => p.message)).toEqual([
      'Canary: choose a version other than the stable one',
      'Steps: each must be above the one before',
      'Steps: the last must be 100 (all traffic on the canary)',
      'Interval: "soon" is not a duration such as 30s or 2m',
      'Min requests: "1.5" must be a whole number from 0 to 1000000',
    ])
    expect(parseSteps('ten')).toBeUndefined()
    expect(durationMs('1m30s')).toBe(90_000)
    expect(durationMs('500ms')).toBe(500)
  })

  it('picks a free name and says where a ramp stands', () => {
    const ramp = (name: string, status?: unknown): ConfigObject => ({ apiVersion: 'rollouts.trellis.dev/v1alpha1', kind: 'CanaryRamp', metadata: { name }, spec: { service: 'reviews', stable: 'v1', canary: 'v3', steps: [10, 50, 100], interval: '30s' }, ...(status ? { status } : {}) })
    expect(rampName('reviews', 'v3', [ramp('reviews-v3'), ramp('reviews-v3-2')])).toBe('reviews-v3-3')
    const status = { phase: 'Progressing', step: 1, weight: 50, stepStartedAt: new Date(60_000).toISOString(), updatedAt: new Date(60_000).toISOString(), history: [] }
    const r = ramp('x', status)
    expect(isActive(r)).toBe(true)
    expect(isActive(ramp('y', { ...status, phase: 'RolledBack' }))).toBe(false)
    expect(stepText(r.spec as never, status)).toBe('Step 2 of 3: v3 at 50 %')
    expect(decidesAt(r.spec as never, status)).toBe(90_000)
  })
})

describe('reapplying after a 409', () => {
  it('swaps the refetched objects into the wizard\'s input and merges the plan onto them', () => {
    const input = { target: ctxOf().target, virtualServices: [DEMO_VS], destinationRules: [REVIEWS_DR], workloads: workloads('v1') }
    const theirs = structuredClone(DEMO_VS)
    theirs.metadata.resourceVersion = '8'
    ;(theirs.spec!.http as Record<string, unknown>[])[1].timeout = '2s'
    const current = new Map([[objectKey({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' }), theirs], [objectKey({ kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' }), null]])
    const fresh = freshInput(input, current)
    expect(fresh.virtualServices).toEqual([theirs])
    expect(fresh.destinationRules).toEqual([])
    const ctx = ctxOf()
    const s = readSplit(ctx)
    const { plan, conflicts } = mergeOnto(planWrites(applySplit(ctx, { ...s, rows: setWeight(s.rows, 'reviews|v3', 50) })), current)
    expect(conflicts).toEqual([])
    expect(plan[0].after!.metadata.resourceVersion).toBe('8')
    expect((plan[0].after!.spec!.http as Record<string, unknown>[])[1]).toMatchObject({ timeout: '2s', route: [{ weight: 50 }, { weight: 50 }] })
  })
})
