// Prometheus's HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/), as
// schemas every answer is checked against, and their mapping to the domain types the rest of
// Trellis sees: numbers instead of strings, label maps, points as [unix seconds, value].
import Type from 'typebox'
import { Compile } from 'typebox/compile'

/** `[1712000000.123, "4.2"]`: a timestamp in seconds and the value as a string ("NaN", "+Inf" too). */
const SamplePair = Type.Tuple([Type.Number(), Type.String()])
const Labels = Type.Record(Type.String(), Type.String())

const VectorData = Type.Object({
  resultType: Type.Literal('vector'),
  result: Type.Array(Type.Object({ metric: Labels, value: SamplePair })),
})
const MatrixData = Type.Object({
  resultType: Type.Literal('matrix'),
  result: Type.Array(Type.Object({ metric: Labels, values: Type.Array(SamplePair) })),
})
const ScalarData = Type.Object({ resultType: Type.Literal('scalar'), result: SamplePair })
const StringData = Type.Object({ resultType: Type.Literal('string'), result: SamplePair })

const Success = Type.Object({
  status: Type.Literal('success'),
  data: Type.Union([VectorData, MatrixData, ScalarData, StringData]),
  warnings: Type.Optional(Type.Array(Type.String())),
})
const Failure = Type.Object({
  status: Type.Literal('error'),
  errorType: Type.String(),
  error: Type.String(),
})
const Answer = Type.Union([Success, Failure])
type Answer = Type.Static<typeof Answer>

const AnswerCheck = Compile(Answer)

// ---- domain types

export type Labels = Record<string, string>

/** One element of an instant vector. */
export interface Sample {
  labels: Labels
  /** Unix seconds. */
  time: number
  value: number
}

/** One series of a range query. */
export interface Series {
  labels: Labels
  /** [unix seconds, value]. */
  points: [number, number][]
}

export type QueryResult =
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: Series[] }
  | { type: 'scalar'; time: number; value: number }
  | { type: 'string'; time: number; value: string }

export type ParsedAnswer =
  | { ok: true; result: QueryResult; warnings: string[] }
  | { ok: false; errorType: string; error: string }

/** Why an answer is not Prometheus's API; thrown by parseAnswer. */
export class BadAnswerError extends Error {}

/** Prometheus writes floats as strings, with Go's spellings of the special values. */
export function parseValue(text: string): number {
  switch (text) {
    case 'NaN': return Number.NaN
    case '+Inf': return Number.POSITIVE_INFINITY
    case '-Inf': return Number.NEGATIVE_INFINITY
  }
  const n = Number(text)
  if (text.trim() === '' || Number.isNaN(n)) throw new BadAnswerError(`sample value "${text.slice(0, 40)}" is not a number`)
  return n
}

function toResult(data: Extract<Answer, { status: 'success' }>['data']): QueryResult {
  switch (data.resultType) {
    case 'vector':
      return { type: 'vector', samples: data.result.map((r) => ({ labels: r.metric, time: r.value[0], value: parseValue(r.value[1]) })) }
    case 'matrix':
      return { type: 'matrix', series: data.result.map((r) => ({ labels: r.metric, points: r.values.map(([t, v]) => [t, parseValue(v)]) })) }
    case 'scalar':
      return { type: 'scalar', time: data.result[0], value: parseValue(data.result[1]) }
    case 'string':
      return { type: 'string', time: data.result[0], value: data.result[1] }
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * A successful vector answer — what nearly every query gets — checked in one pass: exactly what the
 * schema requires of it, without the compiled check's regex per label (a graph reads tens of
 * thousands of samples). Undefined when anything differs; the schema then says what.
 */
function fastVector(body: unknown): ParsedAnswer | undefined {
  if (!isRecord(body) || body.status !== 'success' || !isRecord(body.data)) return undefined
  const { data, warnings } = body
  if (warnings !== undefined && !(Array.isArray(warnings) && warnings.every((w) => typeof w === 'string'))) return undefined
  if (data.resultType !== 'vector' || !Array.isArray(data.result)) return undefined
  const result = data.result as unknown[]
  const samples: Sample[] = new Array(result.length)
  for (let i = 0; i < result.length; i++) {
    const r = result[i]
    if (!isRecord(r) || !isRecord(r.metric)) return undefined
    const { metric, value } = r
    // for…in rather than Object.keys: no array per sample (an inherited key can only send the answer to the schema).
    for (const k in metric) if (typeof metric[k] !== 'string') return undefined
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || !Number.isFinite(value[0]) || typeof value[1] !== 'string') return undefined
    samples[i] = { labels: metric as Labels, time: value[0], value: parseValue(value[1]) }
  }
  return { ok: true, result: { type: 'vector', samples }, warnings: (warnings as string[] | undefined) ?? [] }
}

/** Checks a decoded JSON body against the API's shape; throws BadAnswerError when it is something else. */
export function parseAnswer(body: unknown): ParsedAnswer {
  const fast = fastVector(body)
  if (fast) return fast
  if (!AnswerCheck.Check(body)) {
    const first = AnswerCheck.Errors(body)[0]
    const where = first ? `${first.instancePath || '(top)'} ${first.message}` : 'unexpected shape'
    throw new BadAnswerError(`the answer is not Prometheus's query API: ${where}`)
  }
  if (body.status === 'error') return { ok: false, errorType: body.errorType, error: body.error }
  return { ok: true, result: toResult(body.data), warnings: body.warnings ?? [] }
}
