import { useEffect, useMemo, useState } from 'react'
import { routingContext, type RoutingContext, type RoutingInput } from '../../../shared/routing/context.ts'
import { ErrorBanner } from '../ErrorBanner.tsx'
import { Loading } from '../Loading.tsx'
import { CanaryRampWizard } from './CanaryRampWizard.tsx'
import { CircuitBreakingWizard } from './CircuitBreakingWizard.tsx'
import { FaultInjectionWizard, TimeoutsRetriesWizard } from './PolicyWizards.tsx'
import { RemoveRoutingWizard } from './RemoveRoutingWizard.tsx'
import { RequestRoutingWizard } from './RequestRoutingWizard.tsx'
import { TrafficShiftingWizard } from './TrafficShiftingWizard.tsx'
import type { RoutingData } from './useRoutingData.ts'
import { WizardDialog } from './WizardDialog.tsx'
import { wizardTitle, type WizardId } from './wizardUrl.ts'
import type { WizardProps } from './wizardProps.ts'

const WIZARD_COMPONENTS: Record<WizardId, (p: WizardProps) => React.JSX.Element> = {
  'traffic-shifting': TrafficShiftingWizard,
  'request-routing': RequestRoutingWizard,
  'fault-injection': FaultInjectionWizard,
  'timeouts-retries': TimeoutsRetriesWizard,
  'circuit-breaking': CircuitBreakingWizard,
  'canary-ramp': CanaryRampWizard,
  'remove-routing': RemoveRoutingWizard,
}

interface Snapshot {
  input: RoutingInput
  ctx: RoutingContext
  generation: number
}

function versionOf(o: { metadata: { resourceVersion?: string } } | undefined): string {
  return o?.metadata.resourceVersion ?? ''
}

/**
 * The open wizard, over the objects as they were when it opened (a snapshot: edits elsewhere do not
 * move the form under the user's hands; they surface as a notice and, on Apply, as a 409).
 */
export function WizardHost({ wizard, data, onClose }: { wizard: WizardId; data: RoutingData; onClose: () => void }) {
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>()
  const [reloadAfter, setReloadAfter] = useState(0)
  const [applied, setApplied] = useState(false)
  const { input, updatedAt } = data

  useEffect(() => {
    if (snapshot || !input || updatedAt < reloadAfter) return
    setSnapshot((prev) => prev ?? { input, ctx: routingContext(input), generation: reloadAfter })
  }, [snapshot, input, updatedAt, reloadAfter])

  const live = useMemo(() => (input ? routingContext(input) : undefined), [input])
  const title = wizardTitle(wizard)
  const subtitle = `Service ${data.service?.name ?? ''} in ${data.service?.namespace ?? ''}`

  if (data.viewOnly) {
    return (
      <WizardDialog title={title} subtitle={subtitle} onClose={onClose}>
        <p data-testid="wizard-view-only">Trellis runs in view-only mode: routing can be looked at here, not changed.</p>
      </WizardDialog>
    )
  }
  if (!snapshot) {
    return (
      <WizardDialog title={title} subtitle={subtitle} onClose={onClose}>
        {data.error && !data.isPending ? (
          <ErrorBanner title="The service's routing could not be loaded" error={data.error} onRetry={data.refetch} />
        ) : (
          <Loading label="Loading the service's routing…" />
        )}
      </WizardDialog>
    )
  }
  const changed = !applied && live && (versionOf(live.vs) !== versionOf(snapshot.ctx.vs) || versionOf(live.dr) !== versionOf(snapshot.ctx.dr))
  const reload = () => {
    setApplied(false)
    setSnapshot(undefined)
    setReloadAfter(Date.now())
    data.refetch()
  }
  const Wizard = WIZARD_COMPONENTS[wizard]
  return (
    <WizardDialog title={title} subtitle={subtitle} onClose={onClose} testId={`wizard-${wizard}`}>
      {changed && (
        <div className="banner banner-warning" role="status" data-testid="wizard-stale">
          <div className="banner-body">
            <strong>The routing changed on the server since this wizard opened.</strong>
            <p>Apply shows the other change and lets you reapply yours on top of it, or start over now.</p>
          </div>
          <button type="button" className="btn" onClick={reload}>
            Start over
          </button>
        </div>
      )}
      <Wizard
        key={snapshot.generation}
        ctx={snapshot.ctx}
        input={snapshot.input}
        ramps={data.allRamps}
        onClose={onClose}
        onReload={reload}
        onApplied={() => setApplied(true)}
      />
    </WizardDialog>
  )
}
