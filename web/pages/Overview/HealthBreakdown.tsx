import { healthBreakdown } from '../../components/health.ts'

/** A namespace's applications per health status: a proportional bar, and the counts in words. */
export function HealthBreakdown({ counts, total }: { counts: Readonly<Record<string, number>>; total: number }) {
  const entries = healthBreakdown(counts)
  if (entries.length === 0) return <p className="muted health-breakdown-empty">No applications</p>
  const sum = entries.reduce((n, e) => n + e.count, 0) || total
  return (
    <div className="health-breakdown">
      <div className="health-bar" aria-hidden="true">
        {entries.map((e) => (
          <span key={e.status} className={`health-bar-segment health-bg-${e.className}`} style={{ flexGrow: e.count / sum }} />
        ))}
      </div>
      <ul className="health-legend" aria-label="Application health" data-testid="health-breakdown">
        {entries.map((e) => (
          <li key={e.status} className={`health health-${e.className}`} data-status={e.status}>
            <span aria-hidden="true">{e.glyph}</span> <span className="health-count">{e.count}</span>{' '}
            <span className="health-text">{e.label}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
