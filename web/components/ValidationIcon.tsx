import type { IstioValidation } from '../../shared/validation.ts'
import { SEVERITY_GLYPH, STATE_GLYPH, validationState, validationSummary } from './validationState.ts'

interface Props {
  validation: IstioValidation | undefined
  /** Show the summary text beside the icon (the detail header); the list shows the icon alone. */
  withText?: boolean
}

/** ✓ / ⚠ / ✗ with a tooltip listing the checks; focusable so keyboard users can read it too. */
export function ValidationIcon({ validation, withText = false }: Props) {
  const state = validationState(validation)
  const summary = validationSummary(validation)
  const checks = validation?.checks ?? []
  return (
    <span className={`validation validation-${state}`} data-testid="validation-icon" data-state={state}>
      <span
        className="validation-glyph has-tooltip"
        role="img"
        aria-label={[summary, ...checks.map((c) => `${c.code}: ${c.message}`)].join('. ')}
        tabIndex={checks.length ? 0 : undefined}
      >
        {STATE_GLYPH[state]}
        {checks.length > 0 && (
          <span className="tooltip" aria-hidden="true">
            <strong>{summary}</strong>
            {checks.map((c, i) => (
              <span key={i} className={`tooltip-line severity-${c.severity}`}>
                {SEVERITY_GLYPH[c.severity]} {c.code} {c.message}
              </span>
            ))}
          </span>
        )}
      </span>
      {withText && <span className="validation-text">{summary}</span>}
    </span>
  )
}
