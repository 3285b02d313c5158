// Admission: the checks every write passes, whichever door it came in by (like Istio's validating
// webhook plus the Kubernetes API server's own validation). Errors reject the write; warnings are
// returned to the writer with the stored object.
import type { IstioCheck } from '../../../shared/validation.ts'
import type { Admission } from '../../store/types.ts'
import { checkEnvelope } from './envelope.ts'
import { SPEC_CHECKS, STATUS_CHECKS } from './specs.ts'
import { checkUpdate } from './update.ts'

export const admit: Admission = (candidate, existing) => {
  const out: IstioCheck[] = []
  const info = checkEnvelope(candidate, out)
  // Without a known kind there is no schema to hold the spec to.
  if (info) SPEC_CHECKS[info.kind](candidate.spec ?? {}, out)
  const status: unknown = candidate.status
  if (info && status !== undefined) STATUS_CHECKS[info.kind]?.(status, out)
  if (existing) checkUpdate(candidate, existing, out)
  return out
}
