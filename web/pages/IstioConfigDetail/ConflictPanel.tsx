import { useMemo } from 'react'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { toEditorText } from './editorText.ts'
import { diffLines } from './lineDiff.ts'

interface Props {
  theirs: ConfigObject
  mine: string
  /** The save was refused (409); otherwise the user asked to compare after a change elsewhere. */
  refused: boolean
  busy: boolean
  canOverwrite: boolean
  onReload: () => void
  onOverwrite: () => void
  onClose: () => void
}

const PREFIX = { same: ' ', removed: '−', added: '+' } as const

export function ConflictPanel({ theirs, mine, refused, busy, canOverwrite, onReload, onOverwrite, onClose }: Props) {
  const theirText = useMemo(() => toEditorText(theirs), [theirs])
  const diff = useMemo(() => diffLines(theirText, mine), [theirText, mine])
  const version = theirs.metadata.resourceVersion ?? '?'
  return (
    <section className="conflict-panel" aria-labelledby="conflict-heading" data-testid="conflict-panel">
      <header>
        <h2 id="conflict-heading">
          {refused ? 'Not saved: someone else changed this object' : 'This object changed on the server'}
        </h2>
        <p>
          The server now has resourceVersion <code>{version}</code>. Below, <span className="diff-removed">− lines</span> are
          in their version only and <span className="diff-added">+ lines</span> in yours.
        </p>
      </header>
      {diff ? (
        <pre className="diff" aria-label="Differences between their version and yours" tabIndex={0}>
          {diff.map((line, i) => (
            <span key={i} className={`diff-line diff-${line.kind}`}>
              {PREFIX[line.kind]} {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      ) : (
        <pre className="diff" aria-label="Their version" tabIndex={0}>
          {theirText}
        </pre>
      )}
      <div className="conflict-actions">
        <button type="button" className="btn" onClick={onReload} disabled={busy} data-testid="conflict-reload">
          Reload (discard mine)
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={onOverwrite}
          disabled={busy || !canOverwrite}
          data-testid="conflict-overwrite"
          title={canOverwrite ? undefined : 'Fix the YAML errors in your text first'}
        >
          Overwrite with mine
        </button>
        {!refused && (
          <button type="button" className="btn btn-link" onClick={onClose}>
            Keep editing
          </button>
        )}
      </div>
    </section>
  )
}
