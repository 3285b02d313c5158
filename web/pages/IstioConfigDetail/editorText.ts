// The editor's text and the object it stands for. Pure: tested in test/unit/web.
import { Check, Errors } from 'typebox/value'
import { parseDocument, stringify, type Document } from 'yaml'
import { ConfigObject } from '../../../shared/k8s.ts'
import { parsePath } from '../../../shared/validation.ts'
import { locatePath } from './locate.ts'

/** Server-managed metadata: not the user's to edit, so kept out of the text (the version is sent back on save). */
export const VOLATILE_METADATA = ['resourceVersion', 'generation', 'creationTimestamp', 'uid'] as const

export function toEditorText(obj: ConfigObject): string {
  const metadata: Record<string, unknown> = { ...obj.metadata }
  for (const key of VOLATILE_METADATA) delete metadata[key]
  // Rebuilt key by key so the object's own key order (apiVersion, kind, metadata, spec) is kept.
  const editable = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, k === 'metadata' ? metadata : v]))
  return stringify(editable, { lineWidth: 0, aliasDuplicateObjects: false })
}

export function withResourceVersion(obj: ConfigObject, resourceVersion: string): ConfigObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion } }
}

/** Something that makes the text unusable as an object: a YAML syntax error or a broken envelope. */
export interface TextProblem {
  from: number
  to: number
  message: string
}

export type ParsedText =
  | { ok: true; doc: Document.Parsed; object: ConfigObject }
  | { ok: false; doc: Document.Parsed; problems: TextProblem[] }

export function parseEditorText(text: string): ParsedText {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => ({
      from: e.pos[0],
      to: Math.max(e.pos[1], e.pos[0] + 1),
      message: firstLine(e.message),
    }))
    return { ok: false, doc, problems }
  }
  const value: unknown = doc.toJS()
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const problem = value === null || value === undefined
      ? 'The editor is empty: it must hold the object as YAML'
      : 'The text must be one object (a mapping with apiVersion, kind, metadata and spec)'
    return { ok: false, doc, problems: [{ from: 0, to: lineEnd(text, 0), message: problem }] }
  }
  if (!Check(ConfigObject, value)) {
    const [err] = Errors(ConfigObject, value)
    const where = err?.instancePath ?? ''
    const at = locatePath(doc, text, parsePath(where))
    const message = `Not a valid Kubernetes object: ${where ? `${where.slice(1)} ` : ''}${err?.message ?? 'unexpected shape'}`
    return { ok: false, doc, problems: [{ from: at.from, to: at.to, message }] }
  }
  return { ok: true, doc, object: value }
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n')
  return (nl < 0 ? s : s.slice(0, nl)).replace(/:$/, '')
}

function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos)
  return nl < 0 ? text.length : nl
}
