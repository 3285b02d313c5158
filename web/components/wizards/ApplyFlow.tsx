import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState, type ReactNode } from 'react'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { describeWrite, type PlannedWrite } from '../../../shared/routing/change.ts'
import { ApiError, errorMessage } from '../../api/errors.ts'
import { queryKeys } from '../../api/queryKeys.ts'
import { dryRunPlan, fetchCurrent, sendWrite } from '../../api/routingWrites.ts'
import { DiffView } from './DiffView.tsx'
import { objectKey, type CurrentObjects } from './fresh.ts'
import { Problems } from './Notices.tsx'
import { causeOf } from './propagation.ts'
import { PropagationLine } from './PropagationLine.tsx'
import { ReviewPanel } from './ReviewPanel.tsx'
import { usePropagation } from './usePropagation.ts'


export interface WizardModel {
  /** What stops the edit from being reviewed, naming the field. */
  problems: readonly { field: string; message: string }[]
  /** The writes the edit makes from the objects the wizard loaded. */
  plan: () => PlannedWrite[]
  /** The same edit rebuilt on top of the objects as they are now. */
  reapply: (current: CurrentObjects) => { plan: PlannedWrite[]; conflicts: string[] }
  /** What to show once applied, besides the push: the observed split for traffic shifting, the ramp's status. */
  afterApply?: (appliedAt: number) => ReactNode
  /** The Apply button's text. */
  applyLabel?: string
}

type Phase =
  | { step: 'edit' }
  | { step: 'review'; plan: PlannedWrite[]; conflicts?: string[] }
  | { step: 'applying'; plan: PlannedWrite[]; index: number; since: number }
  | { step: 'conflict'; plan: PlannedWrite[]; index: number; since: number; current: ConfigObject | undefined; message: string }
  | { step: 'failed'; plan: PlannedWrite[]; index: number; since: number; error: unknown }
  | { step: 'done'; plan: PlannedWrite[]; since: number }

interface Props {
  model: WizardModel
  /** The form (shown while editing). */
  children: ReactNode
  onClose: () => void
  /** Start over from the objects as they are now. */
  onReload: () => void
  /** Set once something was written (closing then keeps the result). */
  onApplied?: () => void
}

/** Edit → review (YAML diff, gRPC flags, server dry run with the push) → apply, with a 409 shown and reapplied on top. */
export function ApplyFlow({ model, children, onClose, onReload, onApplied }: Props) {
  const [phase, setPhase] = useState<Phase>({ step: 'edit' })
  const queryClient = useQueryClient()
  const reviewPlan = phase.step === 'review' ? phase.plan : undefined
  const planKey = useMemo(() => (reviewPlan ? JSON.stringify(reviewPlan) : ''), [reviewPlan])
  const dryRun = useQuery({
    queryKey: [...queryKeys.dryRunAll(), 'plan', planKey],
    queryFn: ({ signal }) => dryRunPlan(reviewPlan ?? [], signal),
    enabled: reviewPlan !== undefined && reviewPlan.length > 0,
    retry: false,
    gcTime: 30_000,
  })
  const propagation = usePropagation()

  const review = () => setPhase({ step: 'review', plan: model.plan() })

  async function apply(plan: PlannedWrite[], from: number, startedAt: number) {
    for (let i = from; i < plan.length; i++) {
      setPhase({ step: 'applying', plan, index: i, since: startedAt })
      try {
        await sendWrite(plan[i], { dryRun: false })
        onApplied?.()
      } catch (err) {
        const stale = err instanceof ApiError && (err.isConflict || (err.isNotFound && plan[i].op !== 'create'))
        if (stale) {
          const current = err.current ?? (await fetchCurrent(plan[i]).catch(() => undefined))
          setPhase({ step: 'conflict', plan, index: i, since: startedAt, current, message: err.message })
        } else {
          setPhase({ step: 'failed', plan, index: i, since: startedAt, error: err })
        }
        return
      } finally {
        void queryClient.invalidateQueries({ queryKey: queryKeys.istioConfigAll() })
      }
    }
    setPhase({ step: 'done', plan, since: startedAt })
  }

  async function reapply(plan: PlannedWrite[]) {
    // The edit rebuilt on every object it writes as they are now: what was already written drops out.
    const fresh = await Promise.all(plan.map((w) => fetchCurrent(w)))
    const current: CurrentObjects = new Map(plan.map((w, i) => [objectKey(w), fresh[i] ?? null]))
    const next = model.reapply(current)
    setPhase({ step: 'review', plan: next.plan, conflicts: next.conflicts })
  }

  if (phase.step === 'edit') {
    return (
      <div className="wizard-step" data-step="edit">
        {children}
        <Problems problems={model.problems} />
        <footer className="wizard-footer">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={review} disabled={model.problems.length > 0} data-testid="wizard-review">
            Review changes
          </button>
        </footer>
      </div>
    )
  }

  if (phase.step === 'review') {
    // A validations event refetches the dry run; its last answer stays usable meanwhile.
    const outcomes = dryRun.data
    const blocked = outcomes?.some((o) => o.rejected || o.error) ?? false
    const ready = phase.plan.length > 0 && outcomes !== undefined
    return (
      <div className="wizard-step" data-step="review">
        <ReviewPanel plan={phase.plan} dryRun={outcomes} dryRunError={dryRun.error ?? undefined} conflicts={phase.conflicts} />
        <footer className="wizard-footer">
          <button type="button" className="btn" onClick={() => setPhase({ step: 'edit' })} disabled={phase.conflicts !== undefined} title={phase.conflicts ? 'Reapplied on top of the current config: start over to edit further' : undefined}>
            Back
          </button>
          {phase.conflicts !== undefined && (
            <button type="button" className="btn" onClick={onReload}>
              Start over from the current config
            </button>
          )}
          <button
            type="button"
            className="btn btn-primary"
            disabled={!ready || blocked}
            onClick={() => {
              const startedAt = Date.now()
              propagation.follow(phase.plan.map(causeOf), startedAt)
              void apply(phase.plan, 0, startedAt)
            }}
            data-testid="wizard-apply"
            title={blocked ? 'The dry run says the server would refuse this' : undefined}
          >
            {model.applyLabel ?? 'Apply'}
          </button>
        </footer>
      </div>
    )
  }

  if (phase.step === 'applying') {
    return (
      <div className="wizard-step" data-step="applying">
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {describeWrite(phase.plan[phase.index])}…
        </p>
      </div>
    )
  }

  if (phase.step === 'conflict') {
    const w = phase.plan[phase.index]
    const applied = phase.plan.slice(0, phase.index)
    return (
      <div className="wizard-step" data-step="conflict" data-testid="wizard-conflict">
        <div className="banner banner-warning" role="alert">
          <div className="banner-body">
            <strong>
              Not applied: {phase.current ? 'someone else changed' : 'someone else deleted'} {w.kind} {w.namespace}/{w.name} since this wizard loaded it
            </strong>
            <p>{phase.message}</p>
            {applied.length > 0 && <p>Already applied: {applied.map(describeWrite).join('; ')}.</p>}
          </div>
        </div>
        <h3>Their change</h3>
        <p className="muted">
          What the object looked like when the wizard loaded it (−) against what the server has now (+)
          {phase.current?.metadata.resourceVersion ? `, resourceVersion ${phase.current.metadata.resourceVersion}` : ''}.
        </p>
        <DiffView before={w.before} after={phase.current} label="Their change: the loaded object against the current one" />
        <footer className="wizard-footer">
          <button type="button" className="btn" onClick={onReload}>
            Discard mine, start over
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void reapply(phase.plan)} data-testid="wizard-reapply">
            Reapply my change on top
          </button>
        </footer>
      </div>
    )
  }

  if (phase.step === 'failed') {
    const w = phase.plan[phase.index]
    return (
      <div className="wizard-step" data-step="failed">
        <div className="banner banner-error" role="alert" data-testid="wizard-failed">
          <div className="banner-body">
            <strong>{describeWrite(w)} failed</strong>
            <p>{errorMessage(phase.error)}</p>
            {phase.error instanceof ApiError && phase.error.checks.length > 0 && (
              <ul>
                {phase.error.checks.map((c, i) => (
                  <li key={i}>
                    <code>{c.code}</code> {c.message} {c.path && <span className="muted">({c.path})</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <footer className="wizard-footer">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="button" className="btn" onClick={() => setPhase({ step: 'review', plan: phase.plan.slice(phase.index) })}>
            Back to review
          </button>
        </footer>
      </div>
    )
  }

  return (
    <div className="wizard-step" data-step="done" data-testid="wizard-done">
      <p className="wizard-applied" role="status">
        ✓ Applied: {phase.plan.map(describeWrite).join('; ')}.
      </p>
      <PropagationLine summary={propagation.summary} since={phase.since} />
      {model.afterApply?.(phase.since)}
      <footer className="wizard-footer">
        <button type="button" className="btn btn-primary" onClick={onClose} data-testid="wizard-close">
          Done
        </button>
      </footer>
    </div>
  )
}
