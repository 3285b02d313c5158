// Admission's warnings (unknown fields and the like) on objects already stored: errors cannot be
// there, since the store refuses them, but warnings stay visible next to the analyzers' checks.
import type { ConfigObject } from '../../shared/k8s.ts'
import type { IstioCheck } from '../../shared/validation.ts'
import { admit } from './admission/index.ts'

export function admissionWarnings(obj: ConfigObject): IstioCheck[] {
  return admit(obj, undefined).filter((c) => c.severity !== 'error')
}
