import { SHORTCUTS } from '../../app/shortcuts.ts'
import type { EditorSession } from './useEditorSession.ts'

function statusText(s: EditorSession): string {
  if (!s.canEdit) return 'View only: you cannot change this object'
  if (s.saving) return 'Saving…'
  if (s.conflict?.refused) return 'Not saved: someone else changed this object (see their version above)'
  if (s.rejected) return 'Not saved: the server rejected the change (see the checks)'
  if (!s.parsed.ok && s.dirty) return 'Fix the YAML errors to save'
  if (s.wouldReject) return 'The server would reject this change: fix the errors in the checks to save'
  if (s.dirty) return 'Unsaved changes'
  if (s.notice?.kind === 'saved') return `Saved. resourceVersion ${s.notice.resourceVersion}`
  if (s.notice?.kind === 'reloaded') return `Updated to the server's resourceVersion ${s.notice.resourceVersion}`
  return 'No changes'
}

export function SaveBar({ session }: { session: EditorSession }) {
  const saved = !session.dirty && session.notice?.kind === 'saved'
  return (
    <div className="save-bar" role="toolbar" aria-label="Editor actions">
      {session.canEdit && (
        <>
          <button
            type="button"
            className="btn btn-primary"
            onClick={session.save}
            disabled={!session.canSave}
            aria-keyshortcuts="Control+S Meta+S"
            title={`Save (${SHORTCUTS.save.label})`}
            data-testid="save-button"
          >
            {session.saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="btn"
            onClick={session.discard}
            disabled={!session.dirty || session.saving}
            data-testid="discard-button"
          >
            Discard changes
          </button>
        </>
      )}
      <span
        className={saved ? 'save-status save-status-saved' : 'save-status'}
        role="status"
        aria-live="polite"
        data-testid="save-status"
        data-saved={saved ? 'true' : undefined}
      >
        {saved && <span aria-hidden="true">✓ </span>}
        {statusText(session)}
      </span>
    </div>
  )
}
