// One editing session of one object: the text, the version it is based on, live validation by dry
// run, and saving with its outcomes (saved, rejected, conflict).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { IstioConfigDetails } from '../../../shared/api.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { ApiError } from '../../api/errors.ts'
import type { ConfigRef } from '../../api/paths.ts'
import { checksOfRejection, useDryRunQuery } from '../../api/useDryRunQuery.ts'
import { useSaveIstioConfig } from '../../api/useSaveIstioConfig.ts'
import { useDebouncedValue } from '../../app/useDebouncedValue.ts'
import type { YamlEditorHandle } from '../../components/YamlEditor/YamlEditor.tsx'
import { parseEditorText, toEditorText, withResourceVersion } from './editorText.ts'
import { problemsFor } from './problems.ts'

export const DRY_RUN_DEBOUNCE_MS = 400

interface Base {
  text: string
  resourceVersion: string
}

export type Notice =
  | { kind: 'saved'; resourceVersion: string }
  /** The editor now shows a newer version from the server (changed elsewhere, or reloaded after a conflict). */
  | { kind: 'reloaded'; resourceVersion: string }

/** The server's version beside mine: after a refused save (409), or when the user asked to compare. */
export interface Conflict {
  theirs: ConfigObject
  refused: boolean
}

function baseOf(resource: ConfigObject): Base {
  return { text: toEditorText(resource), resourceVersion: resource.metadata.resourceVersion ?? '' }
}

export function useEditorSession(configRef: ConfigRef, latest: IstioConfigDetails) {
  const editorRef = useRef<YamlEditorHandle>(null)
  const [base, setBase] = useState(() => baseOf(latest.resource))
  const [text, setTextState] = useState(base.text)
  const textRef = useRef(text)
  const [conflict, setConflict] = useState<Conflict>()
  const [rejection, setRejection] = useState<{ text: string; checks: IstioCheck[] }>()
  const [notice, setNotice] = useState<Notice>()
  const save = useSaveIstioConfig(configRef)

  const canEdit = latest.permissions.update
  const dirty = text !== base.text
  const latestVersion = latest.resource.metadata.resourceVersion ?? ''
  const remoteChanged = latestVersion !== base.resourceVersion

  const setText = useCallback((next: string) => {
    textRef.current = next
    setTextState(next)
  }, [])

  const load = useCallback(
    (resource: ConfigObject, announce: boolean) => {
      const next = baseOf(resource)
      setBase(next)
      setText(next.text)
      editorRef.current?.replaceText(next.text)
      setConflict(undefined)
      setRejection(undefined)
      setNotice(announce ? { kind: 'reloaded', resourceVersion: next.resourceVersion } : undefined)
    },
    [setText],
  )

  // With no edits pending, follow changes made elsewhere; with edits, the page offers a comparison.
  useEffect(() => {
    if (remoteChanged && !dirty && !conflict && !save.isPending) load(latest.resource, true)
  }, [remoteChanged, dirty, conflict, save.isPending, latest.resource, load])

  const parsed = useMemo(() => parseEditorText(text), [text])
  const debouncedText = useDebouncedValue(text, DRY_RUN_DEBOUNCE_MS)
  const candidate = useMemo(() => {
    if (!canEdit || debouncedText === base.text) return undefined
    const p = debouncedText === text ? parsed : parseEditorText(debouncedText)
    // Validated against the newest version: the question is whether this content is sound; whether
    // it would overwrite someone else's change is answered on save.
    return p.ok ? { text: debouncedText, object: p.object, resourceVersion: latestVersion } : undefined
  }, [canEdit, debouncedText, base.text, text, parsed, latestVersion])
  const dryRun = useDryRunQuery(configRef, candidate)

  const checks: readonly IstioCheck[] =
    rejection && rejection.text === text
      ? rejection.checks
      : dirty && dryRun.data
        ? dryRun.data.checks
        : latest.validation.checks
  const problems = useMemo(() => problemsFor(text, parsed, checks), [text, parsed, checks])
  const validating = canEdit && dirty && parsed.ok && (debouncedText !== text || dryRun.isFetching)

  const submit = (resourceVersion: string) => {
    if (!parsed.ok) return
    const submitted = text
    setNotice(undefined)
    save.mutate(withResourceVersion(parsed.object, resourceVersion), {
      onSuccess: (res) => {
        const next = baseOf(res.resource)
        setBase(next)
        setConflict(undefined)
        setRejection(undefined)
        setNotice({ kind: 'saved', resourceVersion: next.resourceVersion })
        // Show the object as stored, unless the user typed on while it was being saved.
        if (textRef.current === submitted) {
          setText(next.text)
          editorRef.current?.replaceText(next.text)
        }
      },
      onError: (err) => {
        if (err instanceof ApiError && err.isConflict && err.current) setConflict({ theirs: err.current, refused: true })
        else if (err instanceof ApiError && err.isRejected) setRejection({ text: submitted, checks: checksOfRejection(err) })
      },
    })
  }

  // The dry run of exactly this text says admission would refuse it: saving would only fail.
  const wouldReject = dirty && candidate?.text === text && !dryRun.isPlaceholderData && dryRun.data?.rejected === true
  const canSave = canEdit && dirty && parsed.ok && !wouldReject && !save.isPending
  // Rejections and conflicts have their own panels; anything else is shown as an error.
  const handled = save.error instanceof ApiError && (save.error.isRejected || (save.error.isConflict && !!save.error.current))
  const saveError = save.error && !handled ? save.error : undefined

  return {
    editorRef,
    text,
    setText,
    parsed,
    problems,
    validating,
    /** Live validation could not run (the server did not answer); the marks may be out of date. */
    dryRunError: dirty && dryRun.isError ? dryRun.error : undefined,
    canEdit,
    dirty,
    canSave,
    saving: save.isPending,
    saveError,
    rejected: rejection !== undefined && rejection.text === text,
    wouldReject,
    notice,
    conflict,
    base,
    latestVersion,
    /** Someone else changed the object while I have unsaved edits. */
    remoteChanged: remoteChanged && dirty,
    save: () => {
      if (canSave) submit(base.resourceVersion)
    },
    /** Conflict: apply my text on top of their version. */
    overwrite: () => {
      if (conflict) submit(conflict.theirs.metadata.resourceVersion ?? '')
    },
    /** Conflict or remote change: drop my edits and take the server's version. */
    reloadTheirs: () => load(conflict?.theirs ?? latest.resource, true),
    discard: () => load(latest.resource, latestVersion !== base.resourceVersion),
    compareWithServer: () => setConflict({ theirs: latest.resource, refused: false }),
    closeConflict: () => setConflict(undefined),
  }
}

export type EditorSession = ReturnType<typeof useEditorSession>
