import { useMemo, useState } from 'react'
import { planWrites } from '../../../shared/routing/change.ts'
import { isTargetHost, type RoutingContext } from '../../../shared/routing/context.ts'
import { readRules } from '../../../shared/routing/rules.ts'
import { applySplit, readSplit, rebaseSplit, splitProblems, type SplitRow, type SplitState } from '../../../shared/routing/split.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { freshContext } from './fresh.ts'
import { Notices } from './Notices.tsx'
import { ruleOnlyVersions } from './observedSplit.ts'
import { ObservedSplitChart } from './ObservedSplitChart.tsx'
import { SplitSliders } from './SplitSliders.tsx'
import type { WizardProps } from './wizardProps.ts'

function hint(r: SplitRow, ctx: RoutingContext): string | undefined {
  const notes: string[] = []
  if (r.version !== undefined && r.workloads === 0) notes.push('no workload runs it')
  if (r.needsSubset) notes.push(`subset ${r.version} is added to DestinationRule ${ctx.dr?.metadata.name ?? ctx.newDestinationRuleName}`)
  if (r.version === undefined) notes.push(r.host === ctx.destinationHost || r.subset === undefined ? 'every version of the service' : `host ${r.host}`)
  return notes.length ? notes.join('; ') : undefined
}

/** The service's versions the rules before the split send calls to (null: the whole service). */
function precedingTargets(ctx: RoutingContext, state: SplitState): (string | null)[] {
  const vsNs = ctx.vs?.metadata.namespace ?? ctx.target.namespace
  return readRules(ctx).rules.slice(0, state.routeIndex ?? state.preceding.length).flatMap((r) =>
    r.destinations.filter((d) => isTargetHost(d.host, vsNs, ctx.target)).map((d) => d.version ?? null))
}

/** Weight per version, for the requested-versus-observed chart. */
function versionWeights(s: SplitState): Record<string, number> {
  return Object.fromEntries(s.rows.filter((r) => r.version !== undefined).map((r) => [r.version!, r.weight]))
}

export function TrafficShiftingWizard({ ctx, input, onClose, onReload, onApplied }: WizardProps) {
  const initial = useMemo(() => readSplit(ctx), [ctx])
  const [state, setState] = useState<SplitState>(initial)
  const rows = useMemo(() => state.rows.map((r) => ({ ...r, hint: hint(r, ctx) })), [state.rows, ctx])

  const model: WizardModel = {
    problems: splitProblems(state),
    plan: () => planWrites(applySplit(ctx, state)),
    reapply: (current) => {
      const fresh = freshContext(input, current)
      return { plan: planWrites(applySplit(fresh, rebaseSplit(state, fresh))), conflicts: [] }
    },
    afterApply: (appliedAt) => (
      <ObservedSplitChart
        namespace={ctx.target.namespace}
        service={ctx.target.service}
        history={[{ at: 0, weights: versionWeights(initial) }, { at: appliedAt, weights: versionWeights(state) }]}
        appliedAt={appliedAt}
        ruleOnly={state.scope === 'rest' ? ruleOnlyVersions(precedingTargets(ctx, state), versionWeights(state)) : undefined}
      />
    ),
  }

  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={[...ctx.notices, ...state.notices]} />
      {state.preceding.length > 0 && (
        <fieldset className="wizard-scope" data-testid="split-scope">
          <legend>
            {state.preceding.length === 1 ? 'A rule routes matching calls first' : `${state.preceding.length} rules route matching calls first`}
          </legend>
          <ul className="wizard-rules">
            {state.preceding.map((p) => (
              <li key={p.index}>
                <code>{p.summary}</code>
              </li>
            ))}
          </ul>
          <label className="check">
            <input type="radio" name="scope" checked={state.scope === 'rest'} onChange={() => setState({ ...state, scope: 'rest' })} />
            Split the other calls; keep {state.preceding.length === 1 ? 'the rule' : 'the rules'}
          </label>
          <label className="check">
            <input type="radio" name="scope" checked={state.scope === 'all'} onChange={() => setState({ ...state, scope: 'all' })} data-testid="scope-all" />
            Split every call; remove {state.preceding.length === 1 ? 'the rule' : 'the rules'}
          </label>
        </fieldset>
      )}
      {rows.length > 0 && (
        <SplitSliders rows={rows} label={`Weights of ${ctx.target.service}'s versions`} onChange={(next) => setState({ ...state, rows: next.map(({ hint: _, ...r }) => r) })} />
      )}
    </ApplyFlow>
  )
}
