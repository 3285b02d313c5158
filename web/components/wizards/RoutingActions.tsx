import { useEffect, useId, useRef, useState } from 'react'
import { Link, useLocation } from 'react-router-dom'
import { useStatusQuery } from '../../api/useStatusQuery.ts'
import { searchString } from '../../app/url/params.ts'
import { WIZARDS, withWizard } from './wizardUrl.ts'
import { useClickOutside } from '../useClickOutside.ts'

/** The service's "Routing" menu: each wizard, and Remove routing apart at the end. Not shown in view-only mode. */
export function RoutingActions() {
  const status = useStatusQuery()
  // Unknown until the status answers: write controls appear only once writes are known to be allowed.
  if (!status.data || status.data.viewOnly) return null
  return <RoutingMenu />
}

function RoutingMenu() {
  const [open, setOpen] = useState(false)
  const location = useLocation()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuId = useId()
  useClickOutside(open, rootRef, () => setOpen(false))
  const params = new URLSearchParams(location.search)
  const menuRef = useRef<HTMLUListElement>(null)
  // Opening puts the focus on the first item; the arrow keys move it (the menu pattern).
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [open])
  const moveFocus = (by: number) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = items.indexOf(document.activeElement as HTMLElement)
    items[(at + by + items.length) % items.length]?.focus()
  }
  return (
    <div
      className="menu routing-actions"
      ref={rootRef}
      onKeyDown={(e) => {
        if (!open) return
        if (e.key === 'Escape') {
          e.stopPropagation()
          setOpen(false)
          buttonRef.current?.focus()
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault()
          moveFocus(e.key === 'ArrowDown' ? 1 : -1)
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
        data-testid="routing-actions"
      >
        Routing <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul className="popover action-menu" id={menuId} role="menu" aria-label="Routing" ref={menuRef}>
          {WIZARDS.map((w) => (
            <li key={w.id} role="none" className={w.id === 'remove-routing' ? 'action-separated' : undefined}>
              <Link
                role="menuitem"
                className={w.id === 'remove-routing' ? 'action-item action-danger' : 'action-item'}
                to={{ pathname: location.pathname, search: searchString(withWizard(params, w.id)) }}
                onClick={() => setOpen(false)}
                data-testid={`action-${w.id}`}
              >
                {w.title}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
