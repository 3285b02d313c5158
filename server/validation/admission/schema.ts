// Schema checks: a compiled TypeBox validator per schema, its errors turned into checks with
// Kiali-style field paths and messages that say what was expected and what was found.
import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'
import type { TLocalizedValidationError } from 'typebox/error'
import { Duration } from '../../../shared/istio/common.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { DURATION_EXAMPLES } from './duration.ts'
import type { Path } from './path.ts'

type SchemaValidator = Validator<{}, TSchema>

/** Errors against this pattern are malformed durations, reported with their own code. */
const DURATION_PATTERN = (Duration as { pattern?: string }).pattern

export function compileSchema(schema: TSchema): SchemaValidator {
  return Compile(schema)
}

/**
 * Adds a check per schema error under `base`. Returns true when the value has the schema's shape,
 * so kind rules can read it typed; malformed durations keep that true because they are reported
 * here as `invalidDuration` and the rules' own duration checks skip what does not parse.
 */
export function checkSchema(validator: SchemaValidator, value: unknown, base: Path, out: IstioCheck[]): boolean {
  if (validator.Check(value)) return true
  const errors = validator.Errors(value)
  const unions = errors.filter((e) => e.keyword === 'anyOf')
  let shaped = true
  for (const error of errors) {
    // A union's branch errors are summed up in the union's own message.
    if (unions.some((u) => error.schemaPath.startsWith(`${u.schemaPath}/anyOf/`))) continue
    const segments = [...base, ...pointerSegments(value, error.instancePath)]
    if (error.keyword === 'pattern' && error.params.pattern === DURATION_PATTERN) {
      const text = valueAt(value, error.instancePath)
      out.push(check('invalidDuration', segments, `${preview(text)} is not a duration; write ${DURATION_EXAMPLES}`))
      continue
    }
    shaped = false
    if (error.keyword === 'required') {
      for (const name of error.params.requiredProperties) out.push(check('schema', [...segments, name], `${name} is required`))
      continue
    }
    const branches = error.keyword === 'anyOf' ? errors.filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/anyOf/`)) : []
    out.push(check('schema', segments, describe(error, branches, valueAt(value, error.instancePath))))
  }
  return shaped
}

function describe(error: TLocalizedValidationError, branches: TLocalizedValidationError[], actual: unknown): string {
  const got = `got ${preview(actual)}`
  switch (error.keyword) {
    case 'type':
      return `must be ${typeNames(error.params.type)}; ${got}`
    case 'minimum':
      return `must be ≥ ${error.params.limit}; ${got}`
    case 'maximum':
      return `must be ≤ ${error.params.limit}; ${got}`
    case 'minLength':
      return error.params.limit === 1 ? 'must not be empty' : `must have at least ${error.params.limit} characters`
    case 'const':
      return `must be ${preview(error.params.allowedValue)}; ${got}`
    case 'anyOf':
      return `must be ${alternatives(branches)}; ${got}`
    default:
      return `${error.message}; ${got}`
  }
}

/** "one of "A", "B"" for enums, "an integer or a string" for type unions. */
function alternatives(branches: TLocalizedValidationError[]): string {
  const values: string[] = []
  const types: string[] = []
  for (const b of branches) {
    if (b.keyword === 'const') values.push(preview(b.params.allowedValue))
    else if (b.keyword === 'type') types.push(typeNames(b.params.type))
  }
  if (values.length > 0) return `one of ${values.join(', ')}`
  return types.length > 0 ? types.join(' or ') : 'a value the schema allows'
}

function typeNames(type: string | string[]): string {
  const names = Array.isArray(type) ? type : [type]
  return names.map((t) => (t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`)).join(' or ')
}

/** A short rendering of a value for messages. */
function preview(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'a map'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** JSON pointer → path segments; a segment is an index only where the value there is a list. */
function pointerSegments(root: unknown, pointer: string): (string | number)[] {
  const segments: (string | number)[] = []
  let node = root
  for (const token of tokens(pointer)) {
    const index = Array.isArray(node) ? Number(token) : Number.NaN
    segments.push(Number.isInteger(index) ? index : token)
    node = child(node, token)
  }
  return segments
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const token of tokens(pointer)) node = child(node, token)
  return node
}

function tokens(pointer: string): string[] {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function child(node: unknown, token: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined
}
