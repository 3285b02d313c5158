// Fields the schema does not list. They are warnings, not errors: users' YAML may carry fields of
// newer Istio versions that Trellis does not model, and such objects must still load. A close
// known name is suggested, since most unknown fields are typos ("timout").
import type { TSchema } from 'typebox'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import type { Path } from './path.ts'

/** The JSON Schema keywords TypeBox emits for the shapes Trellis's schemas use. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>
  patternProperties?: Record<string, SchemaNode>
  items?: SchemaNode
}

export function checkUnknownFields(schema: TSchema, value: unknown, base: Path, out: IstioCheck[]): void {
  walk(schema as SchemaNode, value, [...base], out)
}

function walk(node: SchemaNode, value: unknown, path: (string | number)[], out: IstioCheck[]): void {
  if (Array.isArray(value)) {
    if (!node.items) return
    for (let i = 0; i < value.length; i++) descend(node.items, value[i], path, i, out)
    return
  }
  if (value === null || typeof value !== 'object') return
  const entries = Object.entries(value)
  if (node.properties) {
    for (const [key, child] of entries) {
      const known = Object.hasOwn(node.properties, key) ? node.properties[key] : undefined
      if (known) descend(known, child, path, key, out)
      else out.push(check('unknownField', [...path, key], unknownMessage(key, Object.keys(node.properties))))
    }
  } else if (node.patternProperties) {
    // Trellis's maps have one value schema (Type.Record(Type.String(), …)).
    const [valueSchema] = Object.values(node.patternProperties)
    for (const [key, child] of entries) descend(valueSchema, child, path, key, out)
  }
}

function descend(node: SchemaNode, value: unknown, path: (string | number)[], segment: string | number, out: IstioCheck[]): void {
  path.push(segment)
  walk(node, value, path, out)
  path.pop()
}

function unknownMessage(key: string, known: string[]): string {
  const base = `${JSON.stringify(key)} is not a field Trellis knows here; it is kept but has no effect`
  const near = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2)
  return near ? `${base}. Did you mean ${JSON.stringify(near)}?` : `${base}. Known fields: ${known.join(', ')}`
}

/** Levenshtein distance; field names are short, so the quadratic table is cheap. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]
}
