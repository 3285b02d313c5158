// A small typed PromQL builder. Every name is checked, every value is escaped, and the types keep
// range vectors (what rate() takes) apart from instant vectors (what sum() and `/` take), so a
// query is assembled from parts instead of pasted together from strings.
import { RE2JS } from 're2js'

export class PromQLError extends Error {}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const DURATION = /^[0-9]+[smh]$/
const MAX_VALUE = 1024
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export type MatchOp = '=' | '!=' | '=~' | '!~'

export interface Matcher {
  readonly label: string
  readonly op: MatchOp
  readonly value: string
}

/** A validated PromQL duration (`30s`, `1m`, `10m`, `2h`). */
export type Duration = string & { readonly __duration: unique symbol }

export interface InstantVector {
  readonly type: 'instant'
  readonly text: string
  /** A binary expression (`a / b`): bracketed when it becomes an operand. */
  readonly binary?: boolean
  toString(): string
}

export interface RangeVector {
  readonly type: 'range'
  readonly text: string
  toString(): string
}

function instant(text: string, binary = false): InstantVector {
  return { type: 'instant', text, binary, toString: () => text }
}

// ---- names and values

export function checkLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) throw new PromQLError(`"${name.slice(0, 80)}" is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`)
  return name
}

export function checkMetricName(name: string): string {
  if (!METRIC_NAME.test(name)) throw new PromQLError(`"${name.slice(0, 80)}" is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`)
  return name
}

export function duration(text: string): Duration {
  if (!DURATION.test(text) || /^0+[smh]$/.test(text)) {
    throw new PromQLError(`"${text.slice(0, 40)}" is not a PromQL duration: write a positive whole number of s, m or h, e.g. 1m`)
  }
  return text as Duration
}

/** A whole number of seconds as a duration (`90` → `90s`, `600` → `10m`). */
export function durationOfSeconds(seconds: number): Duration {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new PromQLError(`${seconds} is not a positive whole number of seconds`)
  if (seconds % 3600 === 0) return `${seconds / 3600}h` as Duration
  if (seconds % 60 === 0) return `${seconds / 60}m` as Duration
  return `${seconds}s` as Duration
}

/** A PromQL double-quoted string literal: backslash, quote and control characters escaped. */
export function quote(value: string): string {
  if (value.length > MAX_VALUE) throw new PromQLError(`a label value of ${value.length} characters is longer than the ${MAX_VALUE} accepted`)
  if (LONE_SURROGATE.test(value)) throw new PromQLError('a label value holds a lone UTF-16 surrogate; Prometheus takes UTF-8 text only')
  let out = '"'
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === '"') out += '\\"'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

/** An RE2 pattern that matches exactly the given string (Prometheus anchors matchers at both ends). */
export function literalPattern(value: string): string {
  return RE2JS.quote(value)
}

function checkPattern(pattern: string): string {
  try {
    RE2JS.compile(pattern)
  } catch (err) {
    throw new PromQLError(`"${pattern.slice(0, 80)}" is not an RE2 regular expression: ${(err as Error).message}`)
  }
  return pattern
}

// ---- matchers

export const eq = (label: string, value: string): Matcher => ({ label: checkLabelName(label), op: '=', value })
export const ne = (label: string, value: string): Matcher => ({ label: checkLabelName(label), op: '!=', value })
/** A regex matcher; the pattern must compile as RE2 (what Prometheus uses). */
export const re = (label: string, pattern: string): Matcher => ({ label: checkLabelName(label), op: '=~', value: checkPattern(pattern) })
export const nre = (label: string, pattern: string): Matcher => ({ label: checkLabelName(label), op: '!~', value: checkPattern(pattern) })

/** The label equals one of the values, each matched literally (`ns=~"a|b\\.c"`). */
export function oneOf(label: string, values: readonly string[]): Matcher {
  if (values.length === 0) throw new PromQLError(`oneOf("${label}") needs at least one value`)
  if (values.length === 1) return eq(label, values[0])
  return { label: checkLabelName(label), op: '=~', value: [...values].map(literalPattern).join('|') }
}

function renderMatcher(m: Matcher): string {
  return `${m.label}${m.op}${quote(m.value)}`
}

// ---- selectors

/** An instant-vector selector: `metric{a="x",b!="y"}`. Immutable; `where` returns a new one. */
export class Selector implements InstantVector {
  readonly type = 'instant' as const
  readonly text: string

  constructor(readonly metric: string, readonly matchers: readonly Matcher[] = []) {
    checkMetricName(metric)
    this.text = matchers.length ? `${metric}{${matchers.map(renderMatcher).join(',')}}` : metric
  }

  where(...more: Matcher[]): Selector {
    return new Selector(this.metric, [...this.matchers, ...more])
  }

  /** The same matchers on another metric (a histogram's `_bucket`, `_sum`, `_count`). */
  withSuffix(suffix: '_bucket' | '_sum' | '_count'): Selector {
    return new Selector(`${this.metric}${suffix}`, this.matchers)
  }

  over(window: Duration): RangeVector {
    const text = `${this.text}[${duration(window)}]`
    return { type: 'range', text, toString: () => text }
  }

  toString(): string {
    return this.text
  }
}

export function metric(name: string, ...matchers: Matcher[]): Selector {
  return new Selector(name, matchers)
}

// ---- functions and aggregations

export function rate(range: RangeVector): InstantVector {
  return instant(`rate(${range.text})`)
}

export function increase(range: RangeVector): InstantVector {
  return instant(`increase(${range.text})`)
}

/** `sum(expr)`, or `sum by (a, b) (expr)` with grouping labels. */
export function sum(expr: InstantVector, by: readonly string[] = []): InstantVector {
  if (by.length === 0) return instant(`sum(${expr.text})`)
  return instant(`sum by (${by.map(checkLabelName).join(', ')}) (${expr.text})`)
}

function operand(e: InstantVector): string {
  return e.binary ? `(${e.text})` : e.text
}

export function div(a: InstantVector, b: InstantVector): InstantVector {
  return instant(`${operand(a)} / ${operand(b)}`, true)
}

/** Union of two vectors: the left's series, plus the right's that the left lacks. */
export function or(a: InstantVector, b: InstantVector): InstantVector {
  return instant(`${operand(a)} or ${operand(b)}`, true)
}

/** Keeps the samples greater than a number (drops series that are zero). */
export function greaterThan(a: InstantVector, n: number): InstantVector {
  return instant(`${operand(a)} > ${number(n)}`, true)
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new PromQLError(`${n} is not a finite number`)
  return String(n)
}

/**
 * A quantile of a histogram's observations over a window:
 * `histogram_quantile(q, sum by (le, …) (rate(<metric>_bucket{…}[w])))`.
 */
export function histogramQuantile(q: number, histogram: Selector, window: Duration, by: readonly string[] = []): InstantVector {
  if (!(q >= 0 && q <= 1)) throw new PromQLError(`quantile ${q} is not between 0 and 1`)
  const buckets = sum(rate(histogram.withSuffix('_bucket').over(window)), ['le', ...by.filter((l) => l !== 'le')])
  return instant(`histogram_quantile(${number(q)}, ${buckets.text})`)
}

/** The mean of a histogram's observations over a window: `sum(rate(_sum)) / sum(rate(_count))`. */
export function histogramAverage(histogram: Selector, window: Duration, by: readonly string[] = []): InstantVector {
  return div(sum(rate(histogram.withSuffix('_sum').over(window)), by), sum(rate(histogram.withSuffix('_count').over(window)), by))
}
