import { useEffect, useRef } from 'react'
import { useBeforeUnload, useBlocker } from 'react-router-dom'

/** Asks before leaving the page (in the app or by closing the tab) while there are unsaved edits. */
export function LeaveGuard({ when }: { when: boolean }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)
  const stayRef = useRef<HTMLButtonElement>(null)
  useBeforeUnload((e) => {
    if (when) e.preventDefault()
  })
  useEffect(() => {
    if (blocker.state === 'blocked') stayRef.current?.focus()
  }, [blocker.state])
  if (blocker.state !== 'blocked') return null
  return (
    <div className="banner banner-warning leave-guard" role="alertdialog" aria-labelledby="leave-title" aria-describedby="leave-desc">
      <div className="banner-body">
        <strong id="leave-title">Leave without saving?</strong>
        <p id="leave-desc">Your changes to this object have not been saved and will be lost.</p>
      </div>
      <button type="button" className="btn" onClick={() => blocker.proceed()}>
        Leave
      </button>
      <button type="button" className="btn btn-primary" ref={stayRef} onClick={() => blocker.reset()}>
        Stay
      </button>
    </div>
  )
}
