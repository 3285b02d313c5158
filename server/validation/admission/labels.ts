// Checks for label maps (metadata.labels, selectors, subset labels) and annotations.
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { labelKeyProblem, labelValueProblem } from './names.ts'
import type { Path } from './path.ts'

/** Every key and value of a label map. Values must be strings: YAML reads `version: 1` as a number. */
export function checkLabels(labels: Readonly<Record<string, unknown>> | undefined, path: Path, out: IstioCheck[]): void {
  if (!labels) return
  for (const [key, value] of Object.entries(labels)) {
    const problem = labelKeyProblem(key) ?? (typeof value === 'string' ? labelValueProblem(value) : notAString(value))
    if (problem) out.push(check('invalidLabel', [...path, key], problem))
  }
}

/** Annotation keys follow the label key rule; their values are free text. */
export function checkAnnotations(annotations: Readonly<Record<string, unknown>> | undefined, path: Path, out: IstioCheck[]): void {
  if (!annotations) return
  for (const [key, value] of Object.entries(annotations)) {
    const problem = labelKeyProblem(key) ?? (typeof value === 'string' ? undefined : notAString(value))
    if (problem) out.push(check('invalidLabel', [...path, key], `annotation ${problem}`))
  }
}

function notAString(value: unknown): string {
  return `value ${JSON.stringify(value)} is not a string; quote it in YAML ("${String(value)}")`
}
