// Admission of CanaryRamp objects: what the controller relies on is refused at the door, each
// refusal naming the field in its path and in its message; a good ramp (and one loaded with the
// status Trellis wrote) passes.
import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { admit } from '../../../server/validation/admission/index.ts'
import { CODES } from '../../../server/validation/codes.ts'

function ramp(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): ConfigObject {
  return {
    apiVersion: 'rollouts.trellis.dev/v1alpha1',
    kind: 'CanaryRamp',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: { service: 'reviews', stable: 'v1', canary: 'v3', steps: [10, 25, 50, 100], interval: '30s', ...spec },
    ...extra,
  }
}

const errors = (o: ConfigObject) => admit(o, undefined).filter((c) => c.severity === 'error')

describe('CanaryRamp admission', () => {
  it('accepts a well-formed ramp, with gates and with a status Trellis wrote', () => {
    expect(errors(ramp({ gates: { maxErrorPercent: 5, maxP99Ms: 1000, minRequests: 10 }, paused: false }))).toEqual([])
    const status = {
      phase: 'Progressing', step: 1, weight: 25, pausedBy: undefined, stepStartedAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
      history: [{ at: '2025-01-01T00:00:00.000Z', event: 'started', step: 0, weight: 10 }],
    }
    expect(errors(ramp({}, { status: JSON.parse(JSON.stringify(status)) }))).toEqual([])
    expect(errors(ramp({ steps: [100], interval: '1s' }))).toEqual([])
  })

  it.each([
    ['steps that do not increase', { steps: [10, 50, 25, 100] }, 'spec/steps[2]', /steps must increase strictly: steps\[2\] \(25\)/],
    ['a repeated step', { steps: [50, 50, 100] }, 'spec/steps[1]', /steps must increase strictly/],
    ['a last step below 100', { steps: [10, 50] }, 'spec/steps[1]', /spec\.steps\[1\] is 50, but the last step must be 100/],
    ['a fractional step', { steps: [12.5, 100] }, 'spec/steps[0]', /spec\.steps\[0\] is 12\.5; steps are whole percentages/],
    ['an interval that is not a duration', { interval: 'soon' }, 'spec/interval', /spec\.interval "soon" is not a duration/],
    ['an interval under a second', { interval: '500ms' }, 'spec/interval', /spec\.interval 500ms is shorter than 1s/],
    ['an interval over a day', { interval: '25h' }, 'spec/interval', /spec\.interval 25h is longer than 24h/],
    ['the same stable and canary', { canary: 'v1' }, 'spec/canary', /spec\.canary is "v1", the same version as spec\.stable/],
    ['a version that cannot name a subset', { stable: 'v1.0_x' }, 'spec/stable', /spec\.stable "v1\.0_x" is not a version usable as a subset name/],
    ['a service that is not a Service name', { service: 'reviews.bookinfo' }, 'spec/service', /spec\.service "reviews\.bookinfo" is not a Service name/],
  ])('refuses %s, naming the field', (_what, spec, path, message) => {
    const found = errors(ramp(spec))
    expect(found.map((c) => c.path)).toContain(path)
    expect(found.find((c) => c.path === path)?.message).toMatch(message)
  })

  it.each([
    ['a step of 0', { steps: [0, 100] }, 'spec/steps[0]'],
    ['a step above 100', { steps: [50, 150] }, 'spec/steps[1]'],
    ['no steps', { steps: [] }, 'spec/steps'],
    ['an error limit above 100%', { gates: { maxErrorPercent: 150 } }, 'spec/gates/maxErrorPercent'],
    ['a negative error limit', { gates: { maxErrorPercent: -1 } }, 'spec/gates/maxErrorPercent'],
    ['a p99 limit of 0', { gates: { maxP99Ms: 0 } }, 'spec/gates/maxP99Ms'],
    ['a fractional minRequests', { gates: { minRequests: 2.5 } }, 'spec/gates/minRequests'],
    ['a missing service', { service: undefined }, 'spec/service'],
  ])('refuses %s at the field (schema)', (_what, spec, path) => {
    const found = errors(ramp(spec))
    expect(found.map((c) => c.path)).toContain(path)
    expect(found.every((c) => c.code === CODES.schema.code)).toBe(true)
  })

  it('refuses a status the controller could not read', () => {
    const bad = ramp({}, { status: { phase: 'Sideways', step: 0, weight: 10, updatedAt: 'x', history: [] } })
    const found = errors(bad)
    expect(found.map((c) => c.path)).toEqual(['status/phase'])
    expect(found[0].message).toMatch(/status\.phase "Sideways" is not one of Pending, Progressing/)
    expect(errors(ramp({}, { status: { phase: 'Progressing' } })).map((c) => c.path)).toEqual(expect.arrayContaining(['status/step', 'status/history']))
  })

  it('serves CanaryRamp at rollouts.trellis.dev/v1alpha1 only', () => {
    const wrong = errors({ ...ramp({}), apiVersion: 'rollouts.trellis.dev/v1' })
    expect(wrong.map((c) => c.code)).toEqual([CODES.unknownKind.code])
    expect(wrong[0].message).toContain('rollouts.trellis.dev/v1alpha1')
  })
})
