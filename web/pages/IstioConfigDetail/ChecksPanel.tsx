import { SEVERITY_GLYPH } from '../../components/validationState.ts'
import type { EditorProblem } from './problems.ts'

function countText(problems: readonly EditorProblem[]): string {
  const n = (severity: EditorProblem['severity']) => problems.filter((p) => p.severity === severity).length
  const parts = [
    [n('error'), 'error'],
    [n('warning'), 'warning'],
    [n('info'), 'note'],
  ] as const
  return parts
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}${count === 1 ? '' : 's'}`)
    .join(' · ')
}

interface Props {
  problems: readonly EditorProblem[]
  validating: boolean
  onSelect: (problem: EditorProblem) => void
}

/** The checks beside the editor; choosing one puts the cursor on its line. */
export function ChecksPanel({ problems, validating, onSelect }: Props) {
  return (
    <section className="checks-panel" aria-labelledby="checks-heading" data-testid="checks-panel">
      <header className="checks-header">
        <h2 id="checks-heading">Checks</h2>
        <span className="muted" aria-live="polite" data-testid="checks-status">
          {validating ? 'Checking…' : countText(problems)}
        </span>
      </header>
      {problems.length === 0 ? (
        <p className="checks-empty">
          <span className="validation-valid" aria-hidden="true">
            ✓
          </span>{' '}
          No problems found.
        </p>
      ) : (
        <ul className="checks-list">
          {problems.map((p, i) => (
            <li key={`${p.code}-${p.path}-${i}`}>
              <button
                type="button"
                className={`check-item severity-${p.severity}`}
                onClick={() => onSelect(p)}
                data-testid="check-item"
                data-code={p.code}
              >
                <span className="check-glyph" aria-label={p.severity}>
                  {SEVERITY_GLYPH[p.severity]}
                </span>
                <span className="check-main">
                  <span className="check-title">
                    <span className="code-tag">{p.code}</span> {p.message}
                  </span>
                  <span className="check-where muted">
                    Line {p.line}
                    {p.path && (
                      <>
                        {' · '}
                        <code>{p.path}</code>
                        {!p.exact && ' (not in the text; marked at the nearest parent)'}
                      </>
                    )}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
