import type { ProxyStatus, TypeStatus } from '../../../shared/xds.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { SyncBadge } from '../../components/SyncBadge.tsx'
import { STATUS_MEANING, TYPE_COLUMNS, TYPE_TITLES, typeStatusOf } from '../../components/syncStatus.ts'

function subscription(s: TypeStatus): string {
  if (s.subscribed > 0) return s.subscribed === 1 ? '1 name' : `${s.subscribed} names`
  return s.status === 'NOT SENT' ? '–' : 'all (wildcard)'
}

function Time({ iso, now }: { iso: string | undefined; now: number }) {
  return iso ? <RelativeTime iso={iso} now={now} /> : <span className="muted">–</span>
}

/** Per xDS type: the state, what was sent and when, what the proxy ACKed, its last NACK. */
export function TypeStatusTable({ proxy, now }: { proxy: ProxyStatus; now: number }) {
  return (
    <section className="detail-section" aria-labelledby="sync-title">
      <h2 id="sync-title">Sync status</h2>
      <table className="table type-status-table" data-testid="type-status-table">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Subscribed</th>
            <th scope="col">Sent version</th>
            <th scope="col">Sent</th>
            <th scope="col">ACKed version</th>
            <th scope="col">ACKed</th>
            <th scope="col">Nonce</th>
          </tr>
        </thead>
        <tbody>
          {TYPE_COLUMNS.map((t) => {
            const s = typeStatusOf(proxy, t)
            return (
              <tr key={t} data-testid="type-status-row" data-type={t} data-status={s.status}>
                <th scope="row">
                  {t} <span className="muted">{TYPE_TITLES[t]}</span>
                </th>
                <td>
                  <SyncBadge status={s.status} title={STATUS_MEANING[s.status]} />
                  {s.nack && s.status !== 'ERROR' && (
                    <p className="muted type-last-nack">
                      Earlier NACK of version {s.nack.version}: {s.nack.message}
                    </p>
                  )}
                </td>
                <td>{subscription(s)}</td>
                <td>{s.sentVersion ? <code>{s.sentVersion}</code> : <span className="muted">–</span>}</td>
                <td>
                  <Time iso={s.sentAt} now={now} />
                </td>
                <td>{s.ackedVersion ? <code>{s.ackedVersion}</code> : <span className="muted">–</span>}</td>
                <td>
                  <Time iso={s.ackedAt} now={now} />
                </td>
                <td>{s.sentNonce ? <code className="nonce">{s.sentNonce}</code> : <span className="muted">–</span>}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
