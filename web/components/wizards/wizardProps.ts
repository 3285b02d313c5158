import type { ConfigObject } from '../../../shared/k8s.ts'
import type { RoutingContext, RoutingInput } from '../../../shared/routing/context.ts'

/** What every wizard gets: the objects as loaded when it opened, and how to leave. */
export interface WizardProps {
  ctx: RoutingContext
  input: RoutingInput
  /** The namespace's CanaryRamps (for the canary wizard). */
  ramps: readonly ConfigObject[]
  onClose: () => void
  /** Reopen on the objects as they are now. */
  onReload: () => void
  onApplied: () => void
}
