// The one-pass check of vector answers the graph leans on (tens of thousands of samples a graph):
// it must take exactly what Prometheus's answer schema takes, and leave everything else to the
// schema's check, which names what is wrong.
import { describe, expect, it } from 'vitest'
import { BadAnswerError, parseAnswer } from '../../../server/telemetry/prometheus/answers.ts'

const vector = (result: unknown[], more: Record<string, unknown> = {}) => ({ status: 'success', data: { resultType: 'vector', result }, ...more })

describe('vector answers', () => {
  it('maps samples, special values and warnings', () => {
    const body = vector([
      { metric: { a: 'x' }, value: [1712000000.5, '4.2'] },
      { metric: {}, value: [1712000000, 'NaN'] },
      { metric: { b: '' }, value: [1712000000, '+Inf'] },
    ], { warnings: ['slow'] })
    const parsed = parseAnswer(body)
    expect(parsed).toEqual({
      ok: true, warnings: ['slow'],
      result: { type: 'vector', samples: [
        { labels: { a: 'x' }, time: 1712000000.5, value: 4.2 },
        { labels: {}, time: 1712000000, value: Number.NaN },
        { labels: { b: '' }, time: 1712000000, value: Number.POSITIVE_INFINITY },
      ] },
    })
  })

  it.each([
    ['a label that is not a string', vector([{ metric: { a: 1 }, value: [1, '1'] }]), /\/data\/result\/0\/metric\/a/],
    ['a value of three elements', vector([{ metric: {}, value: [1, '1', 'x'] }]), /\/data\/result\/0\/value/],
    ['a time that is not a number', vector([{ metric: {}, value: ['1', '1'] }]), /\/data\/result\/0\/value\/0/],
    ['a missing metric', vector([{ value: [1, '1'] }]), /\/data\/result\/0/],
    ['a result that is not a list', { status: 'success', data: { resultType: 'vector', result: {} } }, /\/data/],
    ['warnings that are not strings', vector([], { warnings: [1] }), /\/warnings\/0|\(top\)/],
  ])('refuses %s, saying where', (_what, body, where) => {
    let err: unknown
    try {
      parseAnswer(body)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(BadAnswerError)
    expect((err as Error).message).toMatch(where)
  })

  it('refuses a value that is not a number', () => {
    expect(() => parseAnswer(vector([{ metric: {}, value: [1, 'lots'] }]))).toThrow(/sample value "lots" is not a number/)
  })

  it('leaves other answers to the schema', () => {
    expect(parseAnswer({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } })).toEqual({ ok: true, warnings: [], result: { type: 'scalar', time: 1, value: 2 } })
    expect(parseAnswer({ status: 'error', errorType: 'bad_data', error: 'parse error' })).toEqual({ ok: false, errorType: 'bad_data', error: 'parse error' })
  })
})
