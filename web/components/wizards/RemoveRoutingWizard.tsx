import { useState } from 'react'
import { planWrites } from '../../../shared/routing/change.ts'
import { applyRemove, defaultRemoveOptions, vsServesOthers, type RemoveOptions } from '../../../shared/routing/remove.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { mergeOnto } from './fresh.ts'
import { Notices } from './Notices.tsx'
import type { WizardProps } from './wizardProps.ts'

/** Removing routing: its own confirmed operation, reviewed like any other change. */
export function RemoveRoutingWizard({ ctx, onClose, onReload, onApplied }: WizardProps) {
  const [opts, setOpts] = useState<RemoveOptions>(() => defaultRemoveOptions(ctx))
  const [confirmed, setConfirmed] = useState(false)
  const plan = () => planWrites(applyRemove(ctx, opts))
  const nothing = !ctx.vs && !ctx.dr
  const model: WizardModel = {
    problems: nothing
      ? [{ field: 'objects', message: `No VirtualService or DestinationRule routes ${ctx.target.service}: there is nothing to remove` }]
      : confirmed ? [] : [{ field: 'confirm', message: 'Confirm the removal first' }],
    plan,
    reapply: (current) => mergeOnto(plan(), current),
    applyLabel: 'Remove',
  }
  const others = vsServesOthers(ctx)
  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      {ctx.vs && (
        <fieldset className="wizard-scope">
          <legend>
            VirtualService <code>{ctx.vs.metadata.namespace}/{ctx.vs.metadata.name}</code>
          </legend>
          <label className="check">
            <input type="radio" name="vs" checked={opts.virtualService === 'delete'} onChange={() => setOpts({ ...opts, virtualService: 'delete' })} data-testid="remove-vs-delete" />
            Delete it{others ? ' (it also routes other calls, which lose their routing too)' : ''}
          </label>
          <label className="check">
            <input type="radio" name="vs" checked={opts.virtualService === 'routes'} onChange={() => setOpts({ ...opts, virtualService: 'routes' })} />
            Remove only the routes to {ctx.target.service} (the object goes if nothing is left)
          </label>
          <label className="check">
            <input type="radio" name="vs" checked={opts.virtualService === 'keep'} onChange={() => setOpts({ ...opts, virtualService: 'keep' })} />
            Keep it
          </label>
        </fieldset>
      )}
      {ctx.dr && (
        <fieldset className="wizard-scope">
          <legend>
            DestinationRule <code>{ctx.dr.metadata.namespace}/{ctx.dr.metadata.name}</code>
          </legend>
          <label className="check">
            <input type="radio" name="dr" checked={opts.destinationRule === 'keep'} onChange={() => setOpts({ ...opts, destinationRule: 'keep' })} />
            Keep it (its subsets may be named by other routes)
          </label>
          <label className="check">
            <input type="radio" name="dr" checked={opts.destinationRule === 'policy'} onChange={() => setOpts({ ...opts, destinationRule: 'policy' })} />
            Remove its circuit breaking and outlier detection
          </label>
          <label className="check">
            <input type="radio" name="dr" checked={opts.destinationRule === 'delete'} onChange={() => setOpts({ ...opts, destinationRule: 'delete' })} />
            Delete it
          </label>
        </fieldset>
      )}
      {!nothing && (
        <label className="check wizard-confirm">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="remove-confirm" />
          I understand calls to {ctx.target.service} will no longer follow this routing
        </label>
      )}
    </ApplyFlow>
  )
}
