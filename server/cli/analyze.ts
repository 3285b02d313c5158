// `trellis analyze PATH…`: checks files and folders of Istio YAML like `istioctl analyze` —
// load errors and admission first, then every analyzer over the whole set.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { describeRef, refOf } from '../../shared/k8s.ts'
import { parsePath, type Severity } from '../../shared/validation.ts'
import { buildSnapshot } from '../mesh/model.ts'
import { listYamlFiles } from '../store/files/paths.ts'
import { loadSource, type SourceFile } from '../store/files/source.ts'
import { fieldLine } from '../store/files/yaml-docs.ts'
import { admit } from '../validation/admission/index.ts'
import { admissionWarnings } from '../validation/admission-warnings.ts'
import { ValidationEngine } from '../validation/engine.ts'

export interface AnalyzeMessage {
  severity: Severity
  code: string
  message: string
  path: string
  object?: { kind: string; namespace: string; name: string }
  file: string
  line?: number
}

async function filesOf(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const st = await stat(p).catch(() => undefined)
    if (!st) throw new Error(`no such file or directory: ${p}`)
    if (st.isDirectory()) out.push(...(await listYamlFiles(p)).map((rel) => join(p, rel)))
    else out.push(p)
  }
  return [...new Set(out)]
}

/** Loads the files, analyzes them as one mesh, and returns every message, sorted by file and line. */
export async function analyzePaths(paths: readonly string[]): Promise<{ files: number; objects: number; messages: AnalyzeMessage[] }> {
  const sources: SourceFile[] = []
  for (const file of await filesOf(paths)) {
    const text = await readFile(file, 'utf8')
    sources.push(loadSource(file, text, new Date(), (obj) => admit(obj, undefined)))
  }
  const messages: AnalyzeMessage[] = []
  const seen = new Map<string, string>()
  const objects = []
  for (const src of sources) {
    for (const e of src.errors) {
      messages.push({ severity: 'error', code: e.code, message: e.message, path: '', file: e.file, line: e.line, ...(e.object ? { object: e.object } : {}) })
    }
    for (const def of src.defs) {
      const ref = refOf(def.object)
      const first = seen.get(def.key)
      if (first) {
        messages.push({
          severity: 'error', code: 'TRL0203', path: '', file: src.rel, line: def.line,
          message: `${describeRef(ref)} is defined more than once (first in ${first}); this copy is ignored`,
          object: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
        })
        continue
      }
      seen.set(def.key, `${src.rel}:${def.line}`)
      objects.push({ def, src })
    }
  }
  const engine = new ValidationEngine(undefined, { extraChecks: admissionWarnings })
  engine.full(buildSnapshot(objects.map((o) => o.def.object)))
  for (const { def, src } of objects) {
    const ref = refOf(def.object)
    for (const c of engine.checksFor(def.key)) {
      messages.push({
        severity: c.severity, code: c.code, message: c.message, path: c.path,
        object: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
        file: src.rel,
        line: fieldLine(src.yaml, def.index, parsePath(c.path)),
      })
    }
  }
  messages.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)))
  return { files: sources.length, objects: objects.length, messages }
}

const LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' }

function formatText(m: AnalyzeMessage): string {
  const where = `${m.file}${m.line ? `:${m.line}` : ''}`
  const what = m.object ? `${m.object.kind} ${m.object.namespace ? `${m.object.namespace}/` : ''}${m.object.name} ` : ''
  const at = m.path && !m.message.includes(m.path) ? ` at ${m.path}` : ''
  return `${LABEL[m.severity]} [${m.code}] (${what}${where}) ${m.message}${at}`
}

export async function runAnalyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o', default: 'text' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length === 0) throw new Error('analyze needs at least one file or folder: trellis analyze PATH...')
  if (values.output !== 'text' && values.output !== 'json') throw new Error(`--output must be text or json, got "${values.output}"`)
  const result = await analyzePaths(positionals)
  const errors = result.messages.filter((m) => m.severity === 'error').length
  if (values.output === 'json') {
    process.stdout.write(`${JSON.stringify(result.messages, null, 2)}\n`)
  } else if (result.messages.length === 0) {
    process.stdout.write(`✔ No validation issues found when analyzing ${result.objects} objects in ${result.files} files.\n`)
  } else {
    for (const m of result.messages) process.stdout.write(`${formatText(m)}\n`)
    const warnings = result.messages.length - errors
    process.stderr.write(`\n${errors} error(s) and ${warnings} other message(s) in ${result.objects} objects from ${result.files} files.\n`)
  }
  return errors > 0 ? 1 : 0
}
