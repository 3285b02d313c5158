// Keyboard shortcuts, in one place. Handled on window, so they work inside the editor too
// (CodeMirror lets keys it does not bind bubble up).
import { useEffect, useRef } from 'react'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

export const SHORTCUTS = {
  save: {
    description: 'Save',
    label: isMac ? '⌘S' : 'Ctrl+S',
    matches: (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's',
  },
} as const

export type ShortcutName = keyof typeof SHORTCUTS

/** Binds a shortcut while the calling component is mounted; the browser's own action is suppressed. */
export function useShortcut(name: ShortcutName, handler: () => void): void {
  const handlerRef = useRef(handler)
  useEffect(() => {
    handlerRef.current = handler
  })
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!SHORTCUTS[name].matches(e)) return
      e.preventDefault()
      handlerRef.current()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [name])
}
