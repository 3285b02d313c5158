import type { SyncStatus } from '../../shared/xds.ts'
import { STATUS_CLASS, STATUS_GLYPH } from './syncStatus.ts'

/** SYNCED in green, STALE amber, NOT SENT grey, ERROR red; the glyph repeats the colour for those who cannot see it. */
export function SyncBadge({ status, title }: { status: SyncStatus; title?: string }) {
  return (
    <span className={`sync-badge sync-${STATUS_CLASS[status]}`} title={title} data-testid="sync-badge" data-status={status}>
      <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {status}
    </span>
  )
}
