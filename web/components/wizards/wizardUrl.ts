// The routing wizards' entry point in the URL: a service's detail page with `?wizard=<id>` opens
// that wizard, so any view (the graph's node menu, a bookmark) can link straight to it. Pure.
import { entityPath } from '../../app/url/entities.ts'

export const WIZARDS = [
  { id: 'traffic-shifting', title: 'Traffic shifting' },
  { id: 'request-routing', title: 'Request routing' },
  { id: 'fault-injection', title: 'Fault injection' },
  { id: 'timeouts-retries', title: 'Timeouts & retries' },
  { id: 'circuit-breaking', title: 'Circuit breaking' },
  { id: 'canary-ramp', title: 'Canary ramp' },
  { id: 'remove-routing', title: 'Remove routing' },
] as const

export type WizardId = (typeof WIZARDS)[number]['id']

export const WIZARD_PARAM = 'wizard'

export function isWizardId(v: string | null | undefined): v is WizardId {
  return WIZARDS.some((w) => w.id === v)
}

export function wizardTitle(id: WizardId): string {
  return WIZARDS.find((w) => w.id === id)!.title
}

/** `/namespaces/bookinfo/services/reviews?wizard=traffic-shifting`: the service page with the wizard open. */
export function wizardPath(namespace: string, service: string, wizard: WizardId): string {
  return `${entityPath('service', namespace, service)}?${new URLSearchParams({ [WIZARD_PARAM]: wizard })}`
}

/** The wizard a page's search params ask for; unknown values open nothing. */
export function wizardOf(params: URLSearchParams): WizardId | undefined {
  const v = params.get(WIZARD_PARAM)
  return isWizardId(v) ? v : undefined
}

/** The same params with the wizard set (or removed), the rest (time controls, namespaces) kept. */
export function withWizard(params: URLSearchParams, wizard: WizardId | undefined): URLSearchParams {
  const next = new URLSearchParams(params)
  if (wizard) next.set(WIZARD_PARAM, wizard)
  else next.delete(WIZARD_PARAM)
  return next
}
