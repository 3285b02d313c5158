// A problem to mark in the editor: where, how bad, and what it says. Pure data, built by the
// pages from validation checks and YAML errors; the editor turns them into lint diagnostics.
import type { Severity } from '../../../shared/validation.ts'

export interface Marker {
  from: number
  to: number
  severity: Severity
  /** The validation code (KIA1107) or 'YAML' for syntax errors. */
  code: string
  message: string
}
