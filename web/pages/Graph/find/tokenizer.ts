// Find/hide expressions, step 1: text → tokens, each with its position so that errors can point
// at it. Words are anything up to a space, a parenthesis, a quote or an operator; keywords (and,
// or, not, contains, …) are words the parser reads by position, so `app = or` still finds the app
// named "or". Pure: tested in test/unit/web/graph-find.test.ts.

export type TokenKind = 'word' | 'string' | 'op' | 'bang' | 'and' | 'or' | 'lparen' | 'rparen' | 'end'

export interface Token {
  kind: TokenKind
  /** The word, the string's value (unquoted), or the operator. */
  text: string
  /** Offsets in the expression, [start, end). */
  start: number
  end: number
}

/** A problem in an expression, and where: the input can underline [start, end). */
export class FindSyntaxError extends Error {
  override readonly name = 'FindSyntaxError'
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message)
  }
}

/** Longest first, so `!*=` is not read as `!` then `*=`. */
const OPERATORS = ['!*=', '!^=', '!$=', '!=', '>=', '<=', '*=', '^=', '$=', '=', '>', '<'] as const

const SPACE = /\s/

function operatorAt(text: string, i: number): string | undefined {
  return OPERATORS.find((op) => text.startsWith(op, i))
}

/** Where a bare word stops: space, parenthesis, quote, `&&`, `||`, `!`, or an operator. */
function endsWord(text: string, i: number): boolean {
  const c = text[i]
  if (SPACE.test(c) || c === '(' || c === ')' || c === '"' || c === "'" || c === '!') return true
  if (text.startsWith('&&', i) || text.startsWith('||', i)) return true
  return operatorAt(text, i) !== undefined
}

/** Column numbers in messages count from 1, as editors do. */
export function column(offset: number): number {
  return offset + 1
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (SPACE.test(c)) {
      i++
      continue
    }
    const start = i
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, start, end: ++i })
      continue
    }
    if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      i += 2
      tokens.push({ kind: c === '&' ? 'and' : 'or', text: text.slice(start, i), start, end: i })
      continue
    }
    if (c === '"' || c === "'") {
      let value = ''
      i++
      while (i < text.length && text[i] !== c) {
        // A backslash takes the next character as it is: "a \"quoted\" value".
        if (text[i] === '\\' && i + 1 < text.length) i++
        value += text[i++]
      }
      if (i >= text.length) throw new FindSyntaxError(`The quote at column ${column(start)} is never closed`, start, text.length)
      tokens.push({ kind: 'string', text: value, start, end: ++i })
      continue
    }
    const op = operatorAt(text, i)
    if (op) {
      i += op.length
      tokens.push({ kind: 'op', text: op, start, end: i })
      continue
    }
    if (c === '!') {
      tokens.push({ kind: 'bang', text: '!', start, end: ++i })
      continue
    }
    // A single & or | is part of a word (as in a principal); only the doubled ones are operators.
    while (i < text.length && !endsWord(text, i)) i++
    const word = text.slice(start, i)
    const lower = word.toLowerCase()
    tokens.push({ kind: lower === 'and' ? 'and' : lower === 'or' ? 'or' : 'word', text: word, start, end: i })
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length })
  return tokens
}
