import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { isTerminalPhase } from '../../../shared/canary.ts'
import { errorMessage } from '../../api/errors.ts'
import { queryKeys } from '../../api/queryKeys.ts'
import { mergePatch, refOfWrite, sendWrite } from '../../api/routingWrites.ts'
import { useNow } from '../../app/useNow.ts'
import { formatAge } from '../time.ts'
import { decidesAt, specOf, statusOf, stepText } from './canary.ts'

interface Props {
  ramps: readonly ConfigObject[]
  viewOnly: boolean
}

/** The service's canary ramps, live (their status changes arrive as config events): where each stands, its history, and its controls. */
export function CanaryRampPanel({ ramps, viewOnly }: Props) {
  if (ramps.length === 0) return null
  return (
    <section className="panel canary-panel" aria-labelledby="canary-title" data-testid="canary-panel">
      <div className="panel-header">
        <h2 id="canary-title">Canary ramp{ramps.length > 1 ? 's' : ''}</h2>
      </div>
      {ramps.map((r) => (
        <Ramp key={r.metadata.name} ramp={r} viewOnly={viewOnly} />
      ))}
    </section>
  )
}

function refOf(o: ConfigObject) {
  return refOfWrite({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name })
}

export function Ramp({ ramp, viewOnly }: { ramp: ConfigObject; viewOnly: boolean }) {
  const spec = specOf(ramp)
  const status = statusOf(ramp)
  const now = useNow(1000)
  const queryClient = useQueryClient()
  const action = useMutation({
    mutationFn: (what: 'pause' | 'resume' | 'cancel' | 'delete') =>
      what === 'delete'
        ? sendWrite({ op: 'delete', kind: ramp.kind, apiVersion: ramp.apiVersion, namespace: ramp.metadata.namespace ?? '', name: ramp.metadata.name, before: ramp }, { dryRun: false })
        : mergePatch(refOf(ramp), { spec: what === 'cancel' ? { cancelled: true } : { paused: what === 'pause' } }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.istioConfigAll() }),
  })
  const phase = status?.phase ?? 'Pending'
  const terminal = isTerminalPhase(phase) || spec.cancelled === true
  const decides = decidesAt(spec, status)
  const stepIndex = status?.step ?? -1
  const history = [...(status?.history ?? [])].slice(-8).reverse()
  return (
    <div className="canary-ramp" data-testid="canary-ramp" data-name={ramp.metadata.name} data-phase={phase} data-step={stepIndex} data-weight={status?.weight ?? 0}>
      <div className="canary-head">
        <strong>{ramp.metadata.name}</strong>
        <span className={`canary-phase canary-phase-${phase.toLowerCase()}`} data-testid="canary-phase">
          {phase}
          {status?.pausedBy ? ` (${status.pausedBy === 'user' ? 'by a user' : 'waiting for metrics'})` : ''}
        </span>
        <span className="muted">
          {spec.stable} → {spec.canary}, every {spec.interval}
        </span>
        {!viewOnly && (
          <span className="canary-actions">
            {!terminal && (spec.paused ? (
              <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('resume')} data-testid="canary-resume">
                Resume
              </button>
            ) : (
              <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('pause')} data-testid="canary-pause">
                Pause
              </button>
            ))}
            {!terminal && (
              <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('cancel')} data-testid="canary-cancel">
                Cancel
              </button>
            )}
            {terminal && (
              <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('delete')} data-testid="canary-delete">
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      <ol className="canary-steps" aria-label="Steps">
        {spec.steps.map((s, i) => (
          <li key={i} className={i < stepIndex ? 'done' : i === stepIndex ? 'current' : ''}>
            {s}%
          </li>
        ))}
      </ol>
      <p>
        {stepText(spec, status)}
        {decides !== undefined && <span className="muted"> · the gate decides {decides > now ? `in ${formatAge(decides - now)}` : 'now'}</span>}
      </p>
      {status?.message && <p className="muted" data-testid="canary-message">{status.message}</p>}
      {!status && !terminal && (
        <p className="muted" data-testid="canary-message">
          No status yet: Trellis drives ramps when it has Prometheus (--prometheus-url) and is not view-only.
        </p>
      )}
      {action.error && <p className="text-error">{errorMessage(action.error)}</p>}
      {history.length > 0 && (
        <table className="table canary-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Weight</th>
              <th>Errors</th>
              <th>p99</th>
              <th>Requests</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={i} title={h.message}>
                <td>{formatAge(now - Date.parse(h.at))} ago</td>
                <td>
                  {h.event}
                  {h.message && <div className="muted">{h.message}</div>}
                </td>
                <td>{h.weight}%</td>
                <td>{h.errorPercent === undefined ? '—' : `${h.errorPercent.toFixed(1)}%`}</td>
                <td>{h.p99Ms === undefined ? '—' : `${Math.round(h.p99Ms)} ms`}</td>
                <td>{h.requests === undefined ? '—' : Math.round(h.requests)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
