import { useEffect, useId, useState } from 'react'
import type { ParseResult } from './find/evaluate.ts'
import { FindHelp } from './FindHelp.tsx'

interface FieldProps {
  kind: 'find' | 'hide'
  /** The applied expression (from the URL). */
  value: string
  result: ParseResult
  /** How many elements it matched (find) or took away (hide). */
  count: number | undefined
  onApply: (text: string) => void
}

/** The expression with the part an error points at marked. */
function ErrorSpan({ text, start, end }: { text: string; start: number; end: number }) {
  const s = Math.min(start, text.length)
  const e = Math.max(s, Math.min(end, text.length))
  return (
    <code className="find-error-source" aria-hidden="true">
      {text.slice(0, s)}
      <mark>{text.slice(s, e) || ' '}</mark>
      {text.slice(e)}
    </code>
  )
}

function ExpressionField({ kind, value, result, count, onApply }: FieldProps) {
  const id = useId()
  const [text, setText] = useState(value)
  // Back/forward or a link changes the URL: the field follows.
  useEffect(() => setText(value), [value])
  const label = kind === 'find' ? 'Find' : 'Hide'
  const applied = text === value
  const error = applied && !result.ok ? result.error : undefined
  const status =
    !applied || !value.trim() || !result.ok || count === undefined
      ? ''
      : kind === 'find'
        ? `${count} found`
        : `${count} hidden`
  return (
    <div className="find-field">
      <form
        className="find-form"
        role="search"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault()
          onApply(text)
        }}
      >
        <label className="visually-hidden" htmlFor={`${id}-input`}>
          {kind === 'find' ? 'Find expression (highlights what matches)' : 'Hide expression (removes what matches)'}
        </label>
        <input
          id={`${id}-input`}
          className={error ? 'input find-input is-invalid' : 'input find-input'}
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={kind === 'find' ? 'Find… e.g. %httperr > 5' : 'Hide… e.g. idle or httpin < 0.1'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            if (text !== value) onApply(text)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text) {
              e.preventDefault()
              setText('')
              onApply('')
            }
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={`graph-${kind}`}
        />
        {value && (
          <button
            type="button"
            className="btn btn-icon find-clear"
            aria-label={`Clear ${label.toLowerCase()}`}
            onClick={() => {
              setText('')
              onApply('')
            }}
          >
            ×
          </button>
        )}
      </form>
      <span className="find-status muted" aria-live="polite" data-testid={`graph-${kind}-status`}>
        {status}
      </span>
      {error && (
        <div className="find-error" id={`${id}-error`} role="alert" data-testid={`graph-${kind}-error`}>
          <span>
            {label}: {error.message}
          </span>
          <ErrorSpan text={value} start={error.start} end={error.end} />
        </div>
      )}
    </div>
  )
}

interface Props {
  find: string
  hide: string
  findResult: ParseResult
  hideResult: ParseResult
  findCount: number | undefined
  hiddenCount: number | undefined
  onChange: (patch: { find?: string; hide?: string }) => void
}

/** Find (highlight) and hide (remove) with Kiali's expression language, and its help. */
export function FindHideBar({ find, hide, findResult, hideResult, findCount, hiddenCount, onChange }: Props) {
  return (
    <div className="find-bar">
      <ExpressionField kind="find" value={find} result={findResult} count={findCount} onApply={(t) => onChange({ find: t })} />
      <ExpressionField kind="hide" value={hide} result={hideResult} count={hiddenCount} onApply={(t) => onChange({ hide: t })} />
      <FindHelp />
    </div>
  )
}
