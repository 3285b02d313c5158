import { useEffect, useId, useRef, type ReactNode } from 'react'

interface Props {
  title: string
  /** The service, under the title. */
  subtitle: string
  onClose: () => void
  children: ReactNode
  testId?: string
}

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape closes, the page behind is
 * inert) holding one wizard.
 */
export function WizardDialog({ title, subtitle, onClose, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className="wizard-dialog"
      aria-labelledby={titleId}
      data-testid={testId ?? 'wizard'}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <header className="wizard-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          <p className="muted">{subtitle}</p>
        </div>
        <button type="button" className="btn btn-icon" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <div className="wizard-body">{children}</div>
    </dialog>
  )
}
