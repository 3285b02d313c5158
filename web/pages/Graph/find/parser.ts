// Find/hide expressions, step 2: tokens → a checked syntax tree. The language is Kiali's:
//
//   expr       := and ( ('or' | '||') and )*            — and binds tighter than or
//   and        := unary ( ('and' | '&&') unary )*
//   unary      := ('!' | 'not' | 'is' | 'has')* primary — 'is'/'has' read nicely and mean nothing
//   primary    := '(' expr ')' | field operator value | flag
//   operator   := = != > >= < <= *= ^= $= !*= !^= !$= | [not|!] contains|startswith|endswith
//
// Trellis adds parentheses and negated groups. Every check a user can get wrong is made here,
// with a message saying what is wrong, where, and what would be right: unknown names (with a
// suggestion), an operator that does not fit the field, a value that is not a number, node and
// edge conditions joined by `and` (they can never both hold). Pure: tested in test/unit/web.
import { ALL_NAMES, findField, findFlag, NODE_TYPE_VALUES, type Field, type Flag, type Target } from './attributes.ts'
import { column, FindSyntaxError, tokenize, type Token } from './tokenizer.ts'

export type StringOp = '=' | '!=' | '*=' | '^=' | '$=' | '!*=' | '!^=' | '!$='
export type NumberOp = '=' | '!=' | '>' | '>=' | '<' | '<='

export type Expr =
  | { type: 'or' | 'and'; left: Expr; right: Expr; targets: readonly Target[] }
  | { type: 'not'; expr: Expr; targets: readonly Target[] }
  | { type: 'flag'; flag: Flag; negated: boolean; targets: readonly Target[] }
  | { type: 'string'; field: Field & { kind: 'string' }; op: StringOp; value: string; targets: readonly Target[] }
  /** value NaN: Kiali's "no activity" test (`httpout = NaN`). */
  | { type: 'number'; field: Field & { kind: 'number' }; op: NumberOp; value: number; targets: readonly Target[] }

const STRING_OPS: readonly string[] = ['=', '!=', '*=', '^=', '$=', '!*=', '!^=', '!$=']
const NUMBER_OPS: readonly string[] = ['=', '!=', '>', '>=', '<', '<=']
const WORD_OPS: Readonly<Record<string, StringOp>> = { contains: '*=', startswith: '^=', endswith: '$=' }
const NEGATED: Readonly<Record<string, StringOp>> = { '*=': '!*=', '^=': '!^=', '$=': '!$=' }
const FILLERS = new Set(['is', 'has'])

const OP_NAME: Readonly<Record<string, string>> = {
  '*=': 'contains',
  '^=': 'startswith',
  '$=': 'endswith',
  '!*=': 'not contains',
  '!^=': 'not startswith',
  '!$=': 'not endswith',
}

function quote(s: string): string {
  return `"${s}"`
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end' : `${quote(t.text)} at column ${column(t.start)}`
}

/** Levenshtein distance, for "did you mean". Names are short: the quadratic table is fine. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]
}

function suggestion(name: string): string {
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestD = Infinity
  for (const candidate of ALL_NAMES) {
    const d = distance(lower, candidate)
    if (d < bestD) {
      best = candidate
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.min(3, Math.max(1, Math.floor(lower.length / 2))) ? ` Did you mean ${quote(best)}?` : ''
}

function intersect(a: readonly Target[], b: readonly Target[]): Target[] {
  return a.filter((t) => b.includes(t))
}

function union(a: readonly Target[], b: readonly Target[]): Target[] {
  return (['node', 'edge'] as const).filter((t) => a.includes(t) || b.includes(t))
}

function targetWords(targets: readonly Target[]): string {
  return targets.length === 2 ? 'nodes and edges' : `${targets[0]}s`
}

class Parser {
  private pos = 0
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]
  }

  private next(): Token {
    return this.tokens[this.pos++]
  }

  private fail(message: string, from: Token, to: Token = from): never {
    throw new FindSyntaxError(message, from.start, Math.max(to.end, from.start + 1))
  }

  parse(): Expr {
    const expr = this.parseOr()
    const t = this.peek()
    if (t.kind === 'rparen') this.fail(`Unexpected ")" at column ${column(t.start)}: there is no "(" to close`, t)
    if (t.kind !== 'end') this.fail(`Expected "and" or "or" before ${describe(t)}`, t)
    return expr
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    while (this.peek().kind === 'or') {
      const op = this.next()
      const right = this.parseAnd(op)
      left = { type: 'or', left, right, targets: union(left.targets, right.targets) }
    }
    return left
  }

  private parseAnd(after?: Token): Expr {
    const startTok = this.peek()
    let left = this.parseUnary(after)
    while (this.peek().kind === 'and') {
      const op = this.next()
      const rightTok = this.peek()
      const right = this.parseUnary(op)
      const targets = intersect(left.targets, right.targets)
      if (targets.length === 0) {
        this.fail(
          `Cannot join node and edge conditions with "and" (column ${column(op.start)}): ` +
            `${quote(this.source(startTok, op))} tests ${targetWords(left.targets)}, ` +
            `${quote(this.source(rightTok, this.tokens[this.pos - 1]))} tests ${targetWords(right.targets)}. ` +
            'Use "or" to find both.',
          op,
        )
      }
      left = { type: 'and', left, right, targets }
    }
    return left
  }

  /** The expression's text from token a to token b (inclusive of a, up to b's start when b is an operator). */
  private source(a: Token, b: Token): string {
    const end = b.kind === 'and' || b.kind === 'or' ? b.start : b.end
    return this.text.slice(a.start, end).trim()
  }

  private parseUnary(after?: Token): Expr {
    let negations = 0
    let first: Token | undefined
    for (;;) {
      const t = this.peek()
      const word = t.kind === 'word' ? t.text.toLowerCase() : ''
      if (t.kind === 'bang' || word === 'not') negations++
      else if (FILLERS.has(word)) {
        // `is`/`has` are fillers only before something: a flag named "is" does not exist.
      } else break
      first ??= t
      this.next()
    }
    const t = this.peek()
    if (t.kind === 'end' || t.kind === 'rparen' || t.kind === 'and' || t.kind === 'or') {
      if (first) this.fail(`${quote(first.text)} at column ${column(first.start)} needs a condition after it`, first)
      if (after) this.fail(`${quote(after.text)} at column ${column(after.start)} needs a condition after it`, after)
      if (t.kind === 'end') this.fail('Empty expression', t)
      this.fail(`Expected a condition at column ${column(t.start)}, found ${quote(t.text)}`, t)
    }
    const expr = this.parsePrimary(negations > 0 ? first : undefined)
    if (negations % 2 === 0) return expr
    if (expr.type === 'flag') return { ...expr, negated: !expr.negated }
    return { type: 'not', expr, targets: expr.targets }
  }

  private parsePrimary(negation: Token | undefined): Expr {
    const t = this.next()
    if (t.kind === 'lparen') {
      if (this.peek().kind === 'rparen') this.fail(`Empty parentheses at column ${column(t.start)}`, t, this.peek())
      const inner = this.parseOr()
      const close = this.peek()
      if (close.kind !== 'rparen') {
        if (close.kind === 'end') this.fail(`Missing ")" to close the "(" at column ${column(t.start)}`, t)
        this.fail(`Expected "and", "or" or ")" before ${describe(close)}`, close)
      }
      this.next()
      return inner
    }
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(`Expected a condition, found ${describe(t)}`, t)
    const opTok = this.peek()
    const hasOperator = opTok.kind === 'op' || this.wordOperatorAhead()
    if (!hasOperator) return this.flag(t)
    if (negation) {
      this.fail(
        `${quote(negation.text)} at column ${column(negation.start)} negates a flag (like "not idle") or a group in parentheses; ` +
          `to negate a comparison use its opposite operator (like "${t.text} != …" or "${t.text} not contains …")`,
        negation,
      )
    }
    return this.comparison(t)
  }

  /** `contains`, `not contains`, `! contains` and friends after a field name. */
  private wordOperatorAhead(): boolean {
    const a = this.peek()
    const b = this.tokens[this.pos + 1]
    const isWordOp = (x: Token | undefined) => x?.kind === 'word' && Object.hasOwn(WORD_OPS, x.text.toLowerCase())
    if (isWordOp(a)) return true
    return (a.kind === 'bang' || (a.kind === 'word' && a.text.toLowerCase() === 'not')) && isWordOp(b)
  }

  private readOperator(): { op: string; from: Token; to: Token } {
    const from = this.next()
    if (from.kind === 'op') return { op: from.text, from, to: from }
    if (from.kind === 'bang' || from.text.toLowerCase() === 'not') {
      const word = this.next()
      return { op: NEGATED[WORD_OPS[word.text.toLowerCase()]], from, to: word }
    }
    return { op: WORD_OPS[from.text.toLowerCase()], from, to: from }
  }

  private flag(t: Token): Expr {
    if (t.kind === 'string') this.fail(`Expected a flag or a field name, found the text ${quote(t.text)} at column ${column(t.start)}`, t)
    const flag = findFlag(t.text)
    if (flag) return { type: 'flag', flag, negated: false, targets: flag.targets }
    const field = findField(t.text)
    if (field) {
      const example = field.kind === 'number' ? `${t.text} > 0` : `${t.text} = …`
      this.fail(`${quote(t.text)} at column ${column(t.start)} is a field, not a flag: compare it, like "${example}"`, t)
    }
    this.fail(`Unknown flag or field ${quote(t.text)} at column ${column(t.start)}.${suggestion(t.text)} The help (?) lists them all.`, t)
  }

  private comparison(nameTok: Token): Expr {
    const field = nameTok.kind === 'word' ? findField(nameTok.text) : undefined
    if (!field) {
      const flag = nameTok.kind === 'word' ? findFlag(nameTok.text) : undefined
      if (flag) this.fail(`${quote(nameTok.text)} at column ${column(nameTok.start)} is a flag: use it alone (like "${nameTok.text}" or "!${nameTok.text}"), without an operator`, nameTok)
      this.fail(`Unknown field ${quote(nameTok.text)} at column ${column(nameTok.start)}.${suggestion(nameTok.text)} The help (?) lists them all.`, nameTok)
    }
    const { op, from, to } = this.readOperator()
    const valueTok = this.peek()
    if (valueTok.kind !== 'word' && valueTok.kind !== 'string' && valueTok.kind !== 'and' && valueTok.kind !== 'or') {
      this.fail(`${quote(`${nameTok.text} ${this.text.slice(from.start, to.end)}`)} needs a value after it (column ${column(to.end)})`, from, to)
    }
    this.next()
    const value = valueTok.text
    const opName = OP_NAME[op] ?? op
    if (field.kind === 'number') {
      if (!NUMBER_OPS.includes(op)) {
        this.fail(`${quote(opName)} at column ${column(from.start)} compares text, but ${quote(nameTok.text)} is a number (${field.note}): use =, !=, >, >=, < or <=`, from, to)
      }
      const n = value.toLowerCase() === 'nan' ? NaN : valueTok.kind === 'string' || value.trim() === '' ? NaN : Number(value)
      if (Number.isNaN(n) && value.toLowerCase() !== 'nan') {
        this.fail(`${quote(nameTok.text)} is a number (${field.note}): ${quote(value)} at column ${column(valueTok.start)} is not a number (use "." for decimals)`, valueTok)
      }
      if (Number.isNaN(n) && op !== '=' && op !== '!=') {
        this.fail(`NaN at column ${column(valueTok.start)} tests for no activity: use it with = or != only`, valueTok)
      }
      return { type: 'number', field, op: op as NumberOp, value: n, targets: [field.target] }
    }
    if (!STRING_OPS.includes(op)) {
      this.fail(`${quote(opName)} at column ${column(from.start)} compares numbers, but ${quote(nameTok.text)} is text: use =, !=, contains, startswith or endswith`, from, to)
    }
    if (field.names[0] === 'node') {
      if (op !== '=' && op !== '!=') this.fail(`"node" takes = or != only, found ${quote(opName)} at column ${column(from.start)}`, from, to)
      const nodeType = NODE_TYPE_VALUES[value.toLowerCase()]
      if (!nodeType) {
        this.fail(`Unknown node type ${quote(value)} at column ${column(valueTok.start)}: expected app, service (svc), workload (wl), unknown or operation (op)`, valueTok)
      }
      return { type: 'string', field, op: op as StringOp, value: nodeType, targets: [field.target] }
    }
    return { type: 'string', field, op: op as StringOp, value, targets: [field.target] }
  }
}

/** The syntax tree of an expression; a FindSyntaxError when it is not valid. Blank: undefined. */
export function parseFindExpression(text: string): Expr | undefined {
  if (text.trim() === '') return undefined
  return new Parser(tokenize(text), text).parse()
}
