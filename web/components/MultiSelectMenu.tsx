import { useId, useRef, useState, type ReactNode } from 'react'
import { useClickOutside } from './useClickOutside.ts'

export interface MenuOption {
  value: string
  label?: string
}

interface Props {
  /** Accessible name of the control, e.g. "Namespaces". */
  label: string
  /** What the closed button says about the selection. */
  summary: string
  options: readonly MenuOption[]
  selected: readonly string[]
  onChange: (selected: string[]) => void
  testId?: string
  /** Offer a text filter above the options once there are more than this many. */
  filterAbove?: number
  /** Shown in the popover above the options (loading or error notes). */
  status?: ReactNode
  /** The "Clear" action's text, which says what an empty selection means. */
  clearText?: string
}

/** A button that opens a checkbox list. Escape or a click outside closes it. */
export function MultiSelectMenu(props: Props) {
  const { label, summary, options, selected, onChange, testId, filterAbove = 8, status, clearText = 'Clear' } = props
  const [open, setOpen] = useState(false)
  const [filter, setFilter] = useState('')
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const popoverId = useId()

  useClickOutside(open, rootRef, () => setOpen(false))

  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }
  const needle = filter.trim().toLowerCase()
  const visible = needle ? options.filter((o) => (o.label ?? o.value).toLowerCase().includes(needle)) : options
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value])

  return (
    <div
      className="menu"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length ? 'btn menu-button has-selection' : 'btn menu-button'}
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        aria-label={`${label}: ${summary}`}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        <span className="menu-button-label" aria-hidden="true">
          {label}
        </span>
        <span aria-hidden="true">{summary}</span>
        <span aria-hidden="true" className="menu-caret">
          ▾
        </span>
      </button>
      {open && (
        <div className="popover" id={popoverId} role="group" aria-label={label}>
          {status}
          {options.length > filterAbove && (
            <input
              type="search"
              className="input"
              placeholder={`Filter ${label.toLowerCase()}`}
              aria-label={`Filter ${label.toLowerCase()}`}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              autoFocus
            />
          )}
          <fieldset className="menu-options">
            <legend className="visually-hidden">{label}</legend>
            {visible.map((o) => (
              <label key={o.value} className="check">
                <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
                {o.label ?? o.value}
              </label>
            ))}
          </fieldset>
          <div className="popover-actions">
            <button type="button" className="btn btn-small" onClick={() => onChange([])} disabled={!selected.length}>
              {clearText}
            </button>
            <button type="button" className="btn btn-small" onClick={close}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
