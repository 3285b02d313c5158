// The editing commands the YAML editor binds: CodeMirror's history, default keymap and search,
// with one YAML-specific Enter.
import { EditorSelection, type Extension } from '@codemirror/state'
import { keymap, type Command } from '@codemirror/view'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search'

/**
 * Enter: a new line indented like the current one, one level deeper after `key:` or a list dash.
 * lang-yaml's indentation service keeps the current level after `key:`, which makes the next
 * line a sibling instead of the child the user is about to type.
 */
const newlineKeepIndent: Command = (view) => {
  if (view.state.readOnly) return false
  view.dispatch(
    view.state.changeByRange((range) => {
      const line = view.state.doc.lineAt(range.from)
      const before = line.text.slice(0, range.from - line.from)
      let indent = /^\s*/.exec(before)?.[0] ?? ''
      if (/:\s*$/.test(before) || /^\s*- /.test(before)) indent += '  '
      const insert = '\n' + indent
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + insert.length) }
    }),
    { scrollIntoView: true, userEvent: 'input' },
  )
  return true
}

export function editing(): Extension {
  return [
    history(),
    highlightSelectionMatches(),
    keymap.of([{ key: 'Enter', run: newlineKeepIndent }, ...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
  ]
}
