// Reads one YAML file into the object definitions it holds and the problems it has.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { describeRef, keyOf, refOf } from '../../../shared/k8s.ts'
import type { IstioCheck, SourceError } from '../../../shared/validation.ts'
import { parsePath } from '../../../shared/validation.ts'
import { check } from '../../validation/codes.ts'
import type { ImplicitField } from './objects.ts'
import { deepFreeze, readEnvelope } from './objects.ts'
import type { YamlFile } from './yaml-docs.ts'
import { docLine, fieldLine, lineAt, parseYamlFile } from './yaml-docs.ts'

/** One object as a file states it. */
export interface Definition {
  key: string
  /** Namespace defaulted, server-side fields removed; frozen. */
  object: ConfigObject
  /** Metadata the file left out and the store fills in. */
  implicit: ImplicitField[]
  /** Index of its document in the file. */
  index: number
  line: number
}

export interface SourceFile {
  rel: string
  text: string
  mtime: Date
  yaml: YamlFile
  defs: Definition[]
  errors: SourceError[]
}

/** Admission for a candidate read from a file; the caller knows what it would replace. */
export type LoadAdmission = (candidate: ConfigObject) => IstioCheck[]

export function loadSource(rel: string, text: string, mtime: Date, admit: LoadAdmission): SourceFile {
  const yaml = parseYamlFile(text)
  const defs: Definition[] = []
  const errors: SourceError[] = []
  yaml.docs.forEach(({ doc }, index) => {
    const syntax = doc.errors[0]
    if (syntax) {
      const c = check('yamlSyntax', '', syntax.message)
      errors.push({ file: rel, line: lineAt(yaml, syntax.pos[0]), code: c.code, message: `document ${index + 1}: ${c.message}` })
      return
    }
    let value: unknown
    try {
      value = doc.toJS()
    } catch (err) {
      // toJS refuses alias bombs (maxAliasCount); report like any unreadable document.
      const c = check('yamlSyntax', '', err instanceof Error ? err.message : String(err))
      errors.push({ file: rel, line: docLine(yaml, index), code: c.code, message: `document ${index + 1}: ${c.message}` })
      return
    }
    if (value === null || value === undefined) return // an empty document, such as a trailing `---`

    const envelope = readEnvelope(value)
    if (!envelope.ok) {
      const c = check(envelope.reason === 'notAnObject' ? 'notAnObject' : 'rejectedAtLoad', envelope.path, envelope.detail)
      const label = envelope.object
      const what = label ? describeRef({ group: '', ...label }) : (envelope.kind ?? `document ${index + 1}`)
      errors.push({
        file: rel,
        line: fieldLine(yaml, index, envelope.path),
        code: c.code,
        message: `${what}: ${c.path ? `${c.path}: ` : ''}${c.message}`,
        ...(label ? { object: label } : {}),
      })
      return
    }
    const object = deepFreeze(envelope.object)
    const ref = refOf(object)
    const rejected = admitSafely(admit, object).filter((c) => c.severity === 'error')
    if (rejected.length > 0) {
      const detail = rejected.map((r) => `${r.path || '(object)'}: ${r.message} (${r.code})`).join('; ')
      const c = check('rejectedAtLoad', '', detail)
      errors.push({
        file: rel,
        line: fieldLine(yaml, index, parsePath(rejected[0].path)),
        code: c.code,
        message: `${describeRef(ref)}: ${c.message}`,
        object: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
      })
      return
    }
    const line = fieldLine(yaml, index, ['metadata', 'name'])
    defs.push({ key: keyOf(object), object, implicit: envelope.implicit, index, line })
  })
  return { rel, text, mtime, yaml, defs, errors }
}

/** A throwing admission rejects the one object, not the whole load. */
function admitSafely(admit: LoadAdmission, candidate: ConfigObject): IstioCheck[] {
  try {
    return admit(candidate)
  } catch (err) {
    return [check('rejectedAtLoad', '', `admission failed: ${err instanceof Error ? err.message : String(err)}`)]
  }
}
