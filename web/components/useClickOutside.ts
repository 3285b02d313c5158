// Popovers and menus close when the user presses anywhere outside them. One hook, so every
// popover behaves alike (and none leaks its document listener).
import { useEffect, type RefObject } from 'react'

/** While `active`, a pointer press outside `root` calls `onOutside`. */
export function useClickOutside(active: boolean, root: RefObject<HTMLElement | null>, onOutside: () => void): void {
  useEffect(() => {
    if (!active) return
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) onOutside()
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
    // onOutside may be a fresh closure each render: it closes the popover, whichever closure runs.
  }, [active, root])
}
