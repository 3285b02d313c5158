import type { ReactNode } from 'react'
import type { HealthStatus } from '../../../shared/telemetry.ts'
import { HEALTH_CLASS, HEALTH_GLYPH, HEALTH_LABEL } from '../../components/health.ts'
import { displayName, nodeKindLabel } from './labels.ts'
import type { GraphModel } from './model.ts'

export function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

const KNOWN: readonly string[] = ['Healthy', 'Degraded', 'Failure', 'Idle', 'NA']

/** A health status with its glyph and colour; absent or unknown reads as no information. */
export function HealthTag({ status }: { status: string | undefined }) {
  const s = (status && KNOWN.includes(status) ? status : 'NA') as HealthStatus
  return (
    <span className={`health health-${HEALTH_CLASS[s]}`} data-testid="graph-health" data-status={s}>
      <span className="health-glyph" aria-hidden="true">
        {HEALTH_GLYPH[s]}
      </span>{' '}
      {HEALTH_LABEL[s]}
    </span>
  )
}

/** A node named in a panel, as a button that selects it. */
export function NodeButton({ model, id, onSelect }: { model: GraphModel; id: string; onSelect: (id: string, kind: 'node' | 'edge') => void }) {
  const n = model.nodes.get(id)
  if (!n) return <span>?</span>
  return (
    <button type="button" className="btn-link graph-node-link" onClick={() => onSelect(id, 'node')} title={`Select ${nodeKindLabel(n)} ${displayName(n)}`}>
      {displayName(n)}
    </button>
  )
}
