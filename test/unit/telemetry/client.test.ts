// The Prometheus client: recorded real answers parsed into domain types, and every way Prometheus
// can fail turned into a typed error and an availability state.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { BadAnswerError, parseAnswer } from '../../../server/telemetry/prometheus/answers.ts'
import { PrometheusClient } from '../../../server/telemetry/prometheus/client.ts'
import { PrometheusQueryError, PrometheusUnavailableError } from '../../../server/telemetry/prometheus/errors.ts'
import { duration, metric, rate, sum } from '../../../server/telemetry/prometheus/promql.ts'
import { startFakePrometheus, type FakePrometheus } from '../../fixtures/prometheus/fake-prometheus.ts'
import { RECORDED_ANSWERS } from '../../fixtures/prometheus/scenario.ts'

const answers = JSON.parse(readFileSync(RECORDED_ANSWERS, 'utf8')) as Record<string, { status: number; body: unknown }>

describe('parsing recorded answers', () => {
  it('vector: labels and numeric values', () => {
    const a = parseAnswer(answers.vector.body)
    expect(a.ok && a.result.type).toBe('vector')
    if (!a.ok || a.result.type !== 'vector') return
    expect(a.result.samples).toContainEqual({ labels: { destination_workload: 'details-v1', response_code: '404' }, time: expect.any(Number), value: 0.5 })
    expect(a.result.samples.find((s) => s.labels.destination_workload === 'reviews-v1')?.value).toBe(8)
  })

  it('matrix: series of [seconds, value] points', () => {
    const a = parseAnswer(answers.matrix.body)
    if (!a.ok || a.result.type !== 'matrix') throw new Error('expected a matrix')
    const details = a.result.series.find((s) => s.labels.destination_workload === 'details-v1')
    expect(details?.points.length).toBeGreaterThan(1)
    expect(details?.points.at(-1)).toEqual([expect.any(Number), 4.5])
  })

  it('scalar and string', () => {
    expect(parseAnswer(answers.scalar.body)).toMatchObject({ ok: true, result: { type: 'scalar', value: 16.6 } })
    expect(parseAnswer(answers.string.body)).toMatchObject({ ok: true, result: { type: 'string', value: 'trellis' } })
  })

  it('NaN and +Inf as Prometheus spells them', () => {
    const nan = parseAnswer(answers.nan.body)
    const inf = parseAnswer(answers.inf.body)
    expect(nan.ok && nan.result.type === 'vector' && nan.result.samples[0].value).toBeNaN()
    expect(inf.ok && inf.result.type === 'vector' && inf.result.samples[0].value).toBe(Number.POSITIVE_INFINITY)
  })

  it('an error answer', () => {
    expect(answers.badData.status).toBe(400)
    expect(parseAnswer(answers.badData.body)).toMatchObject({ ok: false, errorType: 'bad_data', error: expect.stringMatching(/parse error/) })
  })

  it('refuses what is not the API', () => {
    expect(() => parseAnswer({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 2] }] } })).toThrow(BadAnswerError)
    expect(() => parseAnswer({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1.2.3'] }] } })).toThrow(/not a number/)
    expect(() => parseAnswer({ status: 'success', data: { resultType: 'histogram', result: [] } })).toThrow(BadAnswerError)
    expect(() => parseAnswer('<html>')).toThrow(BadAnswerError)
  })
})

describe('the client against a Prometheus test server', () => {
  const expr = sum(rate(metric('istio_requests_total').over(duration('1m'))), ['destination_workload', 'response_code'])
  const range = sum(rate(metric('istio_requests_total').over(duration('1m'))), ['destination_workload'])
  let fake: FakePrometheus
  let client: PrometheusClient

  async function setup(timeoutMs = 1000): Promise<void> {
    fake = await startFakePrometheus([
      { path: '/api/v1/query', query: expr.text, ...answers.vector },
      { path: '/api/v1/query_range', query: range.text, ...answers.matrix },
      { path: '/api/v1/query', query: range.text, ...answers.matrix },
    ])
    client = new PrometheusClient({ url: `${fake.url}/`, timeoutMs, probeIntervalMs: 60_000 })
  }
  afterEach(async () => {
    client?.close()
    await fake?.close()
  })

  it('queries vectors and ranges, POSTing the query as a form', async () => {
    await setup()
    expect(client.status()).toMatchObject({ available: false, error: 'not checked yet' })
    const samples = await client.queryVector(expr)
    expect(samples).toHaveLength(6)
    const series = await client.queryRange(range, { start: 0, end: 60, step: 15 })
    expect(series.map((s) => s.labels.destination_workload).sort()).toEqual(['details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2'])
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v1/query', '/api/v1/query_range'])
    expect(client.status()).toMatchObject({ url: fake.url, available: true, checkedAt: expect.any(String) })
  })

  it('a result of the wrong type is a bad answer', async () => {
    await setup()
    await expect(client.queryVector(range)).rejects.toMatchObject({ kind: 'bad-answer', statusCode: 503 })
  })

  it('a refused query is a 502 naming the query; Prometheus is still available', async () => {
    await setup()
    const other = sum(rate(metric('istio_request_bytes_sum').over(duration('1m'))))
    const err = await client.queryVector(other).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PrometheusQueryError)
    expect(err).toMatchObject({ statusCode: 502, errorType: 'bad_data' })
    expect((err as Error).message).toContain(other.text)
    expect(client.status().available).toBe(true)
  })

  it('connection refused', async () => {
    await setup()
    await fake.close()
    const err = await client.queryVector(expr).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PrometheusUnavailableError)
    expect((err as Error).message).toBe(`Prometheus at ${fake.url} is not reachable: connection refused (ECONNREFUSED)`)
    expect(client.status()).toMatchObject({ available: false, error: (err as Error).message })
    expect(client.knownDown()).toBe(true)
  })

  it('no answer within the timeout', async () => {
    await setup(300)
    fake.mode = 'hang'
    const start = Date.now()
    await expect(client.queryVector(expr)).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/no answer within 300 ms/) })
    expect(Date.now() - start).toBeLessThan(1500)
  })

  it('not the API, and HTTP errors', async () => {
    await setup()
    fake.mode = 'garbage'
    await expect(client.queryVector(expr)).rejects.toMatchObject({ kind: 'bad-answer', message: expect.stringMatching(/not JSON \(content-type text\/html\)/) })
    fake.mode = 'unavailable'
    await expect(client.queryVector(expr)).rejects.toMatchObject({ kind: 'http', message: expect.stringMatching(/HTTP 503 Service Unavailable/) })
    const probed = await client.probe()
    expect(probed).toMatchObject({ available: false, error: expect.stringMatching(/\/-\/ready answered HTTP 503/) })
  })

  it('the probe brings availability back without a query', async () => {
    await setup()
    fake.mode = 'unavailable'
    expect((await client.probe()).available).toBe(false)
    fake.mode = 'normal'
    expect((await client.probe()).available).toBe(true)
    expect(client.knownDown()).toBe(false)
  })

  it('refuses a URL that is not http(s)', () => {
    expect(() => new PrometheusClient({ url: 'prometheus:9090' })).toThrow(/must be http/)
    expect(() => new PrometheusClient({ url: 'not a url' })).toThrow(/is not a URL/)
  })
})
