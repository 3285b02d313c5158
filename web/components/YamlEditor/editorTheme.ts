// The editor's look, from the app's CSS variables: one definition serves both themes, and a theme
// switch repaints the editor without reconfiguring it. Only the dark flag (which CodeMirror uses
// for its own defaults, such as the selection colour) is switched through a compartment.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { EditorView } from '@codemirror/view'
import { tags as t } from '@lezer/highlight'
import type { Extension } from '@codemirror/state'

export const editorChrome = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    fontSize: '13px',
    height: '100%',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--selection)',
  },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-sunken)',
    color: 'var(--text-muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '.cm-tooltip': {
    maxWidth: 'min(560px, 90vw)',
    backgroundColor: 'var(--surface-raised)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    boxShadow: 'var(--shadow)',
  },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warning)' },
  '.cm-diagnostic-info': { borderLeftColor: 'var(--info)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--surface-sunken)', border: '1px solid var(--border)', color: 'var(--text-muted)' },
})

const highlightStyle = HighlightStyle.define([
  { tag: t.definition(t.propertyName), color: 'var(--syntax-key)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syntax-string)' },
  { tag: t.content, color: 'var(--syntax-value)' },
  { tag: t.lineComment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [t.separator, t.meta], color: 'var(--text-muted)' },
  { tag: [t.labelName, t.typeName, t.keyword], color: 'var(--syntax-special)' },
  { tag: t.attributeValue, color: 'var(--syntax-string)' },
])

export const syntaxColors: Extension = syntaxHighlighting(highlightStyle)
