import { useEffect, useState } from 'react'
import { useStatusQuery } from '../../api/useStatusQuery.ts'
import { propagationText, type PropagationSummary } from './propagation.ts'

/** How long to wait for a first push event before saying none came. */
const QUIET_MS = 5_000

/** The change on the wire, live: pushed to N proxies, ACKed by M in X ms; any NACK with its message. */
export function PropagationLine({ summary, since }: { summary: PropagationSummary | undefined; since: number }) {
  const status = useStatusQuery()
  const [quiet, setQuiet] = useState(false)
  useEffect(() => {
    const t = setTimeout(() => setQuiet(true), Math.max(0, since + QUIET_MS - Date.now()))
    return () => clearTimeout(t)
  }, [since])
  if (status.data && !status.data.controlPlane.enabled) {
    return (
      <p className="propagation muted" data-testid="propagation" data-state="off">
        This Trellis runs no control plane (--xds-port off): the change is stored; the mesh's own control plane pushes it.
      </p>
    )
  }
  if (!summary) {
    return (
      <p className="propagation muted" data-testid="propagation" data-state={quiet ? 'none' : 'waiting'}>
        {quiet ? 'No push so far: no connected proxy uses this config.' : 'Waiting for the control plane to push…'}
      </p>
    )
  }
  const state = summary.nacked ? 'nacked' : summary.done ? 'done' : 'running'
  return (
    <div
      className={`propagation propagation-${state}`}
      role="status"
      aria-live="polite"
      data-testid="propagation"
      data-state={state}
      data-pushed={summary.pushed}
      data-acked={summary.acked}
      data-nacked={summary.nacked}
      data-elapsed-ms={summary.elapsedMs}
    >
      <p>
        <span className="propagation-glyph" aria-hidden="true">
          {state === 'nacked' ? '✖' : state === 'done' ? '✓' : '…'}
        </span>{' '}
        {propagationText(summary)}
      </p>
      {summary.nacks.length > 0 && (
        <ul className="push-nacks" data-testid="propagation-nacks">
          {summary.nacks.map((n, i) => (
            <li key={i}>
              <code>{n.proxy}</code> rejected {n.type}: <span className="nack-message">{n.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
