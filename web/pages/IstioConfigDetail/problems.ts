// Everything the editor marks and the checks list shows, located in the current text. Pure.
import type { IstioCheck, Severity } from '../../../shared/validation.ts'
import { parsePath } from '../../../shared/validation.ts'
import type { Marker } from '../../components/YamlEditor/markers.ts'
import type { ParsedText } from './editorText.ts'
import { lineAt, locatePath } from './locate.ts'

export interface EditorProblem {
  code: string
  message: string
  severity: Severity
  /** Kiali path of the check ('' for YAML errors and whole-object checks). */
  path: string
  from: number
  to: number
  line: number
  /** False when the path was not found and the mark sits on an ancestor. */
  exact: boolean
}

export const YAML_CODE = 'YAML'

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** While the text does not parse, only its syntax problems are shown: server checks would be about other text. */
export function problemsFor(text: string, parsed: ParsedText, checks: readonly IstioCheck[]): EditorProblem[] {
  const problems: EditorProblem[] = parsed.ok
    ? checks.map((check) => {
        const at = locatePath(parsed.doc, text, parsePath(check.path))
        return { ...check, from: at.from, to: at.to, line: lineAt(text, at.from), exact: at.exact }
      })
    : parsed.problems.map((p) => ({
        code: YAML_CODE,
        message: p.message,
        severity: 'error',
        path: '',
        from: p.from,
        to: p.to,
        line: lineAt(text, p.from),
        exact: true,
      }))
  return problems.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.from - b.from)
}

export function toMarkers(problems: readonly EditorProblem[]): Marker[] {
  return problems.map(({ from, to, severity, code, message }) => ({ from, to, severity, code, message }))
}
