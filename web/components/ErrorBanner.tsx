import type { ReactNode } from 'react'
import { errorMessage } from '../api/errors.ts'

interface Props {
  title: string
  error?: unknown
  children?: ReactNode
  onRetry?: () => void
}

/** An error that stops a view from showing what it should; says what happened and offers a retry. */
export function ErrorBanner({ title, error, children, onRetry }: Props) {
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <strong>{title}</strong>
        {error !== undefined && <p>{errorMessage(error)}</p>}
        {children}
      </div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}
