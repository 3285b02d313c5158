// One object's validation, summarised as the list and the header show it. Pure.
import type { IstioCheck, IstioValidation } from '../../shared/validation.ts'

/** 'unknown' when the server sent no validation for the object. */
export type ValidationState = 'valid' | 'warning' | 'error' | 'unknown'

export function validationState(v: IstioValidation | undefined): ValidationState {
  if (!v) return 'unknown'
  if (!v.valid || v.checks.some((c) => c.severity === 'error')) return 'error'
  if (v.checks.some((c) => c.severity === 'warning')) return 'warning'
  return 'valid'
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** "2 errors, 1 warning", "Valid", "Not validated". */
export function validationSummary(v: IstioValidation | undefined): string {
  if (!v) return 'Not validated'
  const count = (s: IstioCheck['severity']) => v.checks.filter((c) => c.severity === s).length
  const parts: string[] = []
  const errors = count('error')
  const warnings = count('warning')
  const infos = count('info')
  if (errors) parts.push(plural(errors, 'error'))
  if (warnings) parts.push(plural(warnings, 'warning'))
  if (infos) parts.push(plural(infos, 'note'))
  if (!parts.length) return v.valid ? 'Valid' : 'Not valid'
  return parts.join(', ')
}

export const SEVERITY_GLYPH: Record<IstioCheck['severity'], string> = { error: '✗', warning: '⚠', info: 'ℹ' }
export const STATE_GLYPH: Record<ValidationState, string> = { valid: '✓', warning: '⚠', error: '✗', unknown: '–' }
