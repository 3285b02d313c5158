// Validation results as the API serves them. Shapes follow Kiali's IstioValidation / IstioCheck so
// Kiali users and their scripts read them unchanged; `line` is Trellis's addition for editors.
import Type from 'typebox'

export const Severity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')])
export type Severity = Type.Static<typeof Severity>

export const IstioCheck = Type.Object({
  code: Type.String(),
  message: Type.String(),
  severity: Severity,
  /** Field path in Kiali's form: `spec/http[0]/route[1]/destination/subset` ('' for the whole object). */
  path: Type.String(),
})
export type IstioCheck = Type.Static<typeof IstioCheck>

export const ObjectGVK = Type.Object({ group: Type.String(), version: Type.String(), kind: Type.String() })
export type ObjectGVK = Type.Static<typeof ObjectGVK>

export const IstioValidation = Type.Object({
  name: Type.String(),
  namespace: Type.String(),
  objectGVK: ObjectGVK,
  /** false when any check is an error; warnings keep an object valid, as in Kiali. */
  valid: Type.Boolean(),
  checks: Type.Array(IstioCheck),
})
export type IstioValidation = Type.Static<typeof IstioValidation>

/** A YAML file (or one document of it) the store could not load. */
export const SourceError = Type.Object({
  file: Type.String(),
  line: Type.Optional(Type.Integer()),
  code: Type.String(),
  message: Type.String(),
  /** The object the broken document describes, when it could be told. */
  object: Type.Optional(Type.Object({ kind: Type.String(), namespace: Type.String(), name: Type.String() })),
})
export type SourceError = Type.Static<typeof SourceError>

export const ValidationSummary = Type.Object({
  namespace: Type.String(),
  errors: Type.Integer(),
  warnings: Type.Integer(),
  objectCount: Type.Integer(),
})
export type ValidationSummary = Type.Static<typeof ValidationSummary>

export const ValidationsResponse = Type.Object({
  summaries: Type.Array(ValidationSummary),
  validations: Type.Array(IstioValidation),
  sourceErrors: Type.Array(SourceError),
})
export type ValidationsResponse = Type.Static<typeof ValidationsResponse>

/** Turns a path array (['spec','http',0,'route']) into Kiali's path string (spec/http[0]/route). */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else out += out ? `/${s}` : s
  }
  return out
}

/** The inverse of formatPath, for editors that locate a check in the YAML. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const part of path.split('/')) {
    if (!part) continue
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}
