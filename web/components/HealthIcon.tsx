import type { Health } from '../../shared/telemetry.ts'
import { describeHealth, HEALTH_CLASS, HEALTH_GLYPH } from './health.ts'

interface Props {
  health: Health
  /** Show the status beside the icon (detail headers); lists show the icon alone. */
  withText?: boolean
}

/** ✓ / ⚠ / ✗ / ○ / – in the status's colour, with the error ratio and rates on hover or focus. */
export function HealthIcon({ health, withText = false }: Props) {
  const { title, lines } = describeHealth(health)
  return (
    <span className={`health health-${HEALTH_CLASS[health.status]}`} data-testid="health-icon" data-status={health.status}>
      <span className="health-glyph has-tooltip" role="img" aria-label={[title, ...lines.map((l) => l.trim())].join('. ')} tabIndex={0}>
        {HEALTH_GLYPH[health.status]}
        <span className="tooltip" aria-hidden="true">
          <strong>{title}</strong>
          {lines.map((l, i) => (
            <span key={i} className={l.startsWith('  ') ? 'tooltip-line tooltip-indent' : 'tooltip-line'}>
              {l.trim()}
            </span>
          ))}
        </span>
      </span>
      {withText && <span className="health-text">{title}</span>}
    </span>
  )
}
