import type { LiveStatus } from '../api/useLiveEvents.ts'

const TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
}

const TITLE: Record<LiveStatus, string> = {
  connecting: 'Connecting to live updates',
  live: 'Changes appear as they happen',
  reconnecting: 'Live updates interrupted; views may be out of date until the connection is back',
}

export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span className={`live live-${status}`} role="status" title={TITLE[status]} data-testid="live-status">
      <span className="live-dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  )
}
