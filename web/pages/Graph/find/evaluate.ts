// Find/hide expressions, step 3: a syntax tree → one predicate for nodes and one for edges,
// compiled once into closures so that testing 5,000 edges costs no parsing. A condition on edges
// says nothing of nodes (and the other way round): `app = a or http > 1` finds the nodes of app a
// and the busy edges. Pure: tested in test/unit/web/graph-find.test.ts.
import type { GraphEdge, GraphNode } from '../model.ts'
import type { Element, Target } from './attributes.ts'
import { parseFindExpression, type Expr, type NumberOp, type StringOp } from './parser.ts'
import { FindSyntaxError } from './tokenizer.ts'

type Predicate = (e: Element) => boolean

export interface Matcher {
  /** undefined: the expression tests no node (`http > 1` finds edges only). */
  node?: (n: GraphNode) => boolean
  edge?: (e: GraphEdge) => boolean
}

export type ParseResult =
  | { ok: true; matcher: Matcher | undefined }
  | { ok: false; error: FindSyntaxError }

function compareString(op: StringOp, actual: string, wanted: string): boolean {
  switch (op) {
    case '=':
      return actual === wanted
    case '!=':
      return actual !== wanted
    case '*=':
      return actual.includes(wanted)
    case '!*=':
      return !actual.includes(wanted)
    case '^=':
      return actual.startsWith(wanted)
    case '!^=':
      return !actual.startsWith(wanted)
    case '$=':
      return actual.endsWith(wanted)
    case '!$=':
      return !actual.endsWith(wanted)
  }
}

/** A value not measured (undefined) satisfies only !=; NaN stands for "no activity" (absent or 0). */
function compareNumber(op: NumberOp, actual: number | undefined, wanted: number): boolean {
  if (Number.isNaN(wanted)) {
    const idle = actual === undefined || actual === 0
    return op === '=' ? idle : !idle
  }
  if (actual === undefined) return op === '!='
  switch (op) {
    case '=':
      return actual === wanted
    case '!=':
      return actual !== wanted
    case '>':
      return actual > wanted
    case '>=':
      return actual >= wanted
    case '<':
      return actual < wanted
    case '<=':
      return actual <= wanted
  }
}

const NEGATED_OPS = new Set<StringOp>(['!=', '!*=', '!^=', '!$='])

function compile(expr: Expr, kind: Target): Predicate | undefined {
  if (!expr.targets.includes(kind)) return undefined
  switch (expr.type) {
    case 'or': {
      const l = compile(expr.left, kind)
      const r = compile(expr.right, kind)
      if (!l) return r
      if (!r) return l
      return (e) => l(e) || r(e)
    }
    case 'and': {
      const l = compile(expr.left, kind)
      const r = compile(expr.right, kind)
      if (!l || !r) return undefined
      return (e) => l(e) && r(e)
    }
    case 'not': {
      const inner = compile(expr.expr, kind)
      return inner && ((e) => !inner(e))
    }
    case 'flag': {
      const { flag } = expr
      if (!expr.negated) return flag.test
      return flag.testNegated ?? ((e) => !flag.test(e))
    }
    case 'string': {
      const { field, op, value } = expr
      // Several values (`name`): a positive test holds for any of them, a negated one for all.
      if (NEGATED_OPS.has(op)) return (e) => field.values(e).every((v) => compareString(op, v, value))
      return (e) => field.values(e).some((v) => compareString(op, v, value))
    }
    case 'number': {
      const { field, op, value } = expr
      return (e) => compareNumber(op, field.value(e), value)
    }
  }
}

export function compileExpression(expr: Expr): Matcher {
  return {
    node: compile(expr, 'node') as Matcher['node'],
    edge: compile(expr, 'edge') as Matcher['edge'],
  }
}

/** Parses and compiles; a blank expression is no matcher at all. */
export function parseFind(text: string): ParseResult {
  try {
    const expr = parseFindExpression(text)
    return { ok: true, matcher: expr && compileExpression(expr) }
  } catch (err) {
    if (err instanceof FindSyntaxError) return { ok: false, error: err }
    throw err
  }
}
