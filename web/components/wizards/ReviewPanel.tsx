import { useMemo } from 'react'
import { describeWrite, type PlannedWrite } from '../../../shared/routing/change.ts'
import { planFlags } from '../../../shared/routing/flags.ts'
import type { PushPreview } from '../../../shared/xds.ts'
import { errorMessage } from '../../api/errors.ts'
import type { DryRunOutcome } from '../../api/routingWrites.ts'
import { Loading } from '../Loading.tsx'
import { addedSubsets, planChecks } from './dryRunChecks.ts'
import { DiffView } from './DiffView.tsx'
import { resourceChanges } from './wireDiff.ts'

interface Props {
  plan: readonly PlannedWrite[]
  dryRun: readonly DryRunOutcome[] | undefined
  dryRunError?: unknown
  /** Paths where a reapplied edit overrode someone else's change to the same field. */
  conflicts?: readonly string[]
}

/** Before Apply: each object's YAML diff, what proxyless gRPC cannot honour, the server's checks and the push. */
export function ReviewPanel({ plan, dryRun, dryRunError, conflicts }: Props) {
  const flags = useMemo(() => planFlags(plan), [plan])
  const added = useMemo(() => addedSubsets(plan), [plan])
  if (plan.length === 0) {
    return <p className="wizard-nothing" data-testid="review-nothing">Nothing to change: the config already says this.</p>
  }
  return (
    <div className="review" data-testid="review">
      {conflicts && conflicts.length > 0 && (
        <div className="banner banner-warning" role="status" data-testid="rebase-conflicts">
          <div className="banner-body">
            <strong>Your edit and theirs both changed {conflicts.length === 1 ? 'this field' : 'these fields'}; yours is used:</strong>
            <p>
              {conflicts.map((c) => (
                <code key={c} className="code-tag">
                  {c}
                </code>
              ))}
            </p>
          </div>
        </div>
      )}
      {plan.map((w, i) => {
        const outcome = dryRun?.[i]
        const checks = outcome ? planChecks(w, outcome.checks, added) : undefined
        const objectFlags = flags.filter((f) => f.object === `${w.kind} ${w.namespace}/${w.name}`)
        return (
          <section key={`${w.kind}/${w.namespace}/${w.name}`} className="review-object" data-testid="review-object" data-kind={w.kind} data-op={w.op}>
            <h3>{describeWrite(w)}</h3>
            <DiffView before={w.before} after={w.after} />
            {objectFlags.length > 0 && (
              <ul className="check-list" aria-label="What proxyless gRPC cannot honour" data-testid="grpc-flags">
                {objectFlags.map((f, k) => (
                  <li key={k} className={`check-row severity-${f.severity}`}>
                    <span className="check-glyph" aria-hidden="true">{f.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                    <span>
                      {f.introduced && <strong className="flag-new">New: </strong>}
                      {f.message} <span className="muted">({f.path})</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div className="dry-run" data-testid="dry-run">
              <h4>Server dry run</h4>
              {!outcome ? (
                dryRunError ? <p className="text-error">{errorMessage(dryRunError)}</p> : <Loading label="Validating on the server…" />
              ) : outcome.error ? (
                <p className="text-error">{errorMessage(outcome.error)}</p>
              ) : (
                <>
                  {outcome.rejected && <p className="text-error" data-testid="dry-run-rejected">The server would refuse this object:</p>}
                  {checks && checks.checks.length === 0 && !outcome.rejected && <p className="muted" data-testid="dry-run-valid">✓ Valid: no check fails.</p>}
                  {checks && checks.checks.length > 0 && (
                    <ul className="check-list" data-testid="dry-run-checks">
                      {checks.checks.map((c, k) => (
                        <li key={k} className={`check-row severity-${c.severity}`} data-code={c.code}>
                          <span className="check-glyph" aria-hidden="true">{c.severity === 'error' ? '✖' : c.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                          <span>
                            <code>{c.code}</code> {c.message} {c.path && <span className="muted">({c.path})</span>}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {checks && checks.resolved > 0 && (
                    <p className="muted">
                      {checks.resolved} “subset not found” check{checks.resolved === 1 ? ' is' : 's are'} resolved by the DestinationRule change
                      applied first.
                    </p>
                  )}
                  {outcome.push && <PushPreviewView push={outcome.push} />}
                </>
              )}
            </div>
          </section>
        )
      })}
    </div>
  )
}

function PushPreviewView({ push }: { push: PushPreview }) {
  const changes = useMemo(() => resourceChanges(push), [push])
  return (
    <div className="push-preview" data-testid="push-preview" data-proxies={push.proxies.length}>
      <p>
        {push.proxies.length === 0 ? (
          'No connected proxy would get a push.'
        ) : (
          <>
            Would push to {push.proxies.length === 1 ? '1 proxy' : `${push.proxies.length} proxies`}:{' '}
            {push.proxies.map((p, i) => (
              <span key={p.id} data-testid="push-preview-proxy">
                {i > 0 && ', '}
                <code title={p.id}>{p.workload}</code> <span className="muted">({p.types.join(', ')})</span>
              </span>
            ))}
          </>
        )}
      </p>
      {changes.length > 0 && (
        <ul className="wire-changes">
          {changes.map((r) => (
            <li key={r.key} data-testid="wire-change" data-type={r.type}>
              <span className={`wire-change wire-${r.change}`}>{r.change}</span> <strong>{r.type}</strong> <code>{r.name}</code>{' '}
              <span className="muted">({r.proxies === 1 ? '1 proxy' : `${r.proxies} proxies`})</span>
              {r.fields.length > 0 && (
                <ul className="wire-fields">
                  {r.fields.map((f) => (
                    <li key={f.path}>
                      <code>{f.path}</code>: {f.before === undefined ? <span className="muted">—</span> : <span className="diff-removed">{f.before}</span>} →{' '}
                      {f.after === undefined ? <span className="muted">—</span> : <span className="diff-added">{f.after}</span>}
                    </li>
                  ))}
                  {r.more > 0 && <li className="muted">…and {r.more} more field{r.more === 1 ? '' : 's'}</li>}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
