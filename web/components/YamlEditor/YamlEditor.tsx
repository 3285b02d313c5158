import { foldGutter, indentUnit } from '@codemirror/language'
import { yaml } from '@codemirror/lang-yaml'
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint'
import { Compartment, EditorSelection, EditorState } from '@codemirror/state'
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  lineNumbers,
} from '@codemirror/view'
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react'
import { editing } from './editing.ts'
import { editorChrome, syntaxColors } from './editorTheme.ts'
import type { Marker } from './markers.ts'
import { minimalChange } from './minimalChange.ts'

export interface YamlEditorHandle {
  /** Replaces the text, changing only the part that differs so the cursor stays where it was. */
  replaceText(text: string): void
  /** Selects a range, scrolls it into view and focuses the editor. */
  select(from: number, to: number): void
}

interface Props {
  ref?: Ref<YamlEditorHandle>
  /** The text at mount; later changes go through the handle (the editor owns its text). */
  initialText: string
  /** Problems to mark, with positions in `markersText`; ignored while the editor holds other text. */
  markers: readonly Marker[]
  markersText: string
  readOnly: boolean
  dark: boolean
  /** Accessible name of the text area. */
  label: string
  onChange: (text: string) => void
}

export function YamlEditor({ ref, initialText, markers, markersText, readOnly, dark, label, onChange }: Props) {
  const hostRef = useRef<HTMLDivElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  const onChangeRef = useRef(onChange)
  const compartments = useRef({ dark: new Compartment(), readOnly: new Compartment(), label: new Compartment() })

  useEffect(() => {
    onChangeRef.current = onChange
  })

  useEffect(() => {
    const host = hostRef.current
    if (!host) return
    const c = compartments.current
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          highlightSpecialChars(),
          drawSelection(),
          editing(),
          yaml(),
          indentUnit.of('  '),
          EditorState.tabSize.of(2),
          syntaxColors,
          editorChrome,
          c.dark.of(EditorView.darkTheme.of(dark)),
          c.readOnly.of(readOnlyExtension(readOnly)),
          c.label.of(EditorView.contentAttributes.of({ 'aria-label': label })),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString())
          }),
        ],
      }),
    })
    viewRef.current = view
    return () => {
      view.destroy()
      viewRef.current = null
    }
    // Created once: the props it starts with are kept up to date by the effects below.
  }, [])

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.dark.reconfigure(EditorView.darkTheme.of(dark)) })
  }, [dark])
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.readOnly.reconfigure(readOnlyExtension(readOnly)) })
  }, [readOnly])
  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.label.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label })),
    })
  }, [label])

  useEffect(() => {
    const view = viewRef.current
    if (!view || view.state.doc.toString() !== markersText) return
    view.dispatch(setDiagnostics(view.state, markers.map((m) => toDiagnostic(m, view.state.doc.length))))
  }, [markers, markersText])

  useImperativeHandle(
    ref,
    () => ({
      replaceText(text) {
        const view = viewRef.current
        if (!view) return
        const change = minimalChange(view.state.doc.toString(), text)
        if (change) view.dispatch({ changes: change, userEvent: 'reload' })
      },
      select(from, to) {
        const view = viewRef.current
        if (!view) return
        const len = view.state.doc.length
        view.dispatch({
          selection: EditorSelection.single(Math.min(from, len), Math.min(to, len)),
          scrollIntoView: true,
          userEvent: 'select',
        })
        view.focus()
      },
    }),
    [],
  )

  return <div className="yaml-editor" ref={hostRef} data-testid="yaml-editor" />
}

function readOnlyExtension(readOnly: boolean) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]
}

function toDiagnostic(m: Marker, docLength: number): Diagnostic {
  const from = Math.min(m.from, docLength)
  return {
    from,
    to: Math.min(Math.max(m.to, from), docLength),
    severity: m.severity,
    source: m.code,
    message: m.message,
  }
}
