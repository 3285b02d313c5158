import { useMemo } from 'react'
import type { IstioConfigDetails } from '../../../shared/api.ts'
import { describeRef } from '../../../shared/k8s.ts'
import { ApiError } from '../../api/errors.ts'
import type { ConfigRef } from '../../api/paths.ts'
import { useShortcut } from '../../app/shortcuts.ts'
import { useTheme } from '../../app/theme.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { YamlEditor } from '../../components/YamlEditor/YamlEditor.tsx'
import { ChecksPanel } from './ChecksPanel.tsx'
import { ConflictPanel } from './ConflictPanel.tsx'
import { LeaveGuard } from './LeaveGuard.tsx'
import { toMarkers } from './problems.ts'
import { SaveBar } from './SaveBar.tsx'
import { useEditorSession } from './useEditorSession.ts'

interface Props {
  configRef: ConfigRef
  details: IstioConfigDetails
}

export function ConfigEditor({ configRef, details }: Props) {
  const session = useEditorSession(configRef, details)
  const { theme } = useTheme()
  const markers = useMemo(() => toMarkers(session.problems), [session.problems])
  useShortcut('save', session.save)

  return (
    <>
      <LeaveGuard when={session.dirty && !session.saving} />
      <SaveBar session={session} />
      {session.saveError && (
        <ErrorBanner
          title={
            session.saveError instanceof ApiError && session.saveError.isForbidden
              ? 'Not saved: your access to this object is view-only'
              : 'Not saved'
          }
          error={session.saveError}
        />
      )}
      {session.dryRunError && (
        <p className="text-warning" role="status">
          Live validation is unavailable ({session.dryRunError.message}); the marks may be out of date.
        </p>
      )}
      {session.remoteChanged && !session.conflict && (
        <div className="banner banner-warning" role="status" data-testid="remote-changed">
          <div className="banner-body">
            <strong>Someone else changed this object while you were editing</strong>
            <p>
              The server has resourceVersion <code>{session.latestVersion}</code>; your edits are based on{' '}
              <code>{session.base.resourceVersion}</code>.
            </p>
          </div>
          <button type="button" className="btn" onClick={session.compareWithServer}>
            Compare
          </button>
        </div>
      )}
      {session.conflict && (
        <ConflictPanel
          theirs={session.conflict.theirs}
          mine={session.text}
          refused={session.conflict.refused}
          busy={session.saving}
          canOverwrite={session.parsed.ok}
          onReload={session.reloadTheirs}
          onOverwrite={session.overwrite}
          onClose={session.closeConflict}
        />
      )}
      <div className="editor-layout">
        <div className="editor-pane">
          <YamlEditor
            ref={session.editorRef}
            initialText={session.text}
            markers={markers}
            markersText={session.text}
            readOnly={!session.canEdit}
            dark={theme === 'dark'}
            label={`YAML of ${describeRef(configRef)}`}
            onChange={session.setText}
          />
        </div>
        <ChecksPanel
          problems={session.problems}
          validating={session.validating}
          onSelect={(p) => session.editorRef.current?.select(p.from, p.to)}
        />
      </div>
    </>
  )
}
