import { errorMessage } from '../api/errors.ts'

interface Props {
  /** "The overview", "These metrics": what is shown as it was. */
  what: string
  error: unknown
  /** When the data shown was received (ms), from react-query's dataUpdatedAt. */
  updatedAt: number
}

/** A refresh failed but there is data from before: it stays on screen (greyed by the caller), and this says why. */
export function StaleNotice({ what, error, updatedAt }: Props) {
  const at = new Date(updatedAt).toLocaleTimeString()
  return (
    <div className="banner banner-warning stale-notice" role="status" data-testid="stale-notice">
      <div className="banner-body">
        <strong>
          {what} could not be refreshed; showing the data from {at}.
        </strong>
        <p>{errorMessage(error)}</p>
      </div>
    </div>
  )
}
