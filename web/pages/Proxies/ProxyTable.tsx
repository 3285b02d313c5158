import { Fragment, useState } from 'react'
import { Link } from 'react-router-dom'
import type { TypeStatus, XdsTypeName } from '../../../shared/xds.ts'
import { proxyPath } from '../../app/url/proxies.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { SyncBadge } from '../../components/SyncBadge.tsx'
import { describeTypeStatus, TYPE_COLUMNS, TYPE_TITLES, typeStatusOf } from '../../components/syncStatus.ts'
import type { ProxyRow } from './rows.ts'

interface Props {
  rows: readonly ProxyRow[]
  now: number
  /** Appended to each proxy's link, to keep the namespace selection. */
  linkSearch: string
}

const COLUMN_COUNT = 5 + TYPE_COLUMNS.length

export function ProxyTable({ rows, now, linkSearch }: Props) {
  // Proxies whose NACK messages are unfolded under their row.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })

  return (
    <table className="table proxy-table" data-testid="proxy-table">
      <caption className="visually-hidden">Proxies connected to the control plane, with their sync status per xDS type</caption>
      <thead>
        <tr>
          <th scope="col">Proxy</th>
          <th scope="col">Workload</th>
          <th scope="col">Namespace</th>
          <th scope="col">Address</th>
          {TYPE_COLUMNS.map((t) => (
            <th key={t} scope="col" title={TYPE_TITLES[t]}>
              {t}
            </th>
          ))}
          <th scope="col">Connected</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const { proxy } = r
          const open = expanded.has(proxy.id) && r.nacks.length > 0
          const nackRowId = `nacks-${proxy.id}`
          return (
            <Fragment key={proxy.id}>
              <tr data-testid="proxy-row" data-proxy-id={proxy.id} data-status={r.status}>
                <td>
                  <Link to={proxyPath(proxy.id) + linkSearch} title={proxy.id}>
                    {r.pod}
                  </Link>
                </td>
                <td>{proxy.workload}</td>
                <td>{proxy.namespace}</td>
                <td>
                  <code>{proxy.address}</code>
                </td>
                {TYPE_COLUMNS.map((t) => (
                  <td key={t} data-type={t}>
                    <TypeCell
                      type={t}
                      status={typeStatusOf(proxy, t)}
                      open={open}
                      controls={nackRowId}
                      onToggle={() => toggle(proxy.id)}
                    />
                  </td>
                ))}
                <td>
                  <RelativeTime iso={proxy.connectedAt} now={now} />
                </td>
              </tr>
              {open && (
                <tr className="nack-row" id={nackRowId} data-testid="nack-row">
                  <td colSpan={COLUMN_COUNT}>
                    <ul className="nack-list">
                      {r.nacks.map((n) => (
                        <li key={n.type}>
                          <strong>{n.type}</strong> version <code>{n.version}</code> rejected{' '}
                          <RelativeTime iso={n.at} now={now} />: <span className="nack-message">{n.message}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              )}
            </Fragment>
          )
        })}
      </tbody>
    </table>
  )
}

interface TypeCellProps {
  type: XdsTypeName
  status: TypeStatus
  open: boolean
  controls: string
  onToggle: () => void
}

/** A badge; a NACKed type's badge also shows the proxy's message on hover and unfolds it below the row on click. */
function TypeCell({ type, status, open, controls, onToggle }: TypeCellProps) {
  if (status.status !== 'ERROR' || !status.nack) return <SyncBadge status={status.status} title={describeTypeStatus(type, status)} />
  return (
    <button
      type="button"
      className="badge-button has-tooltip"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      aria-label={`${type} ERROR: ${open ? 'hide' : 'show'} the proxy's NACK message`}
      onClick={onToggle}
      data-testid="nack-toggle"
    >
      <SyncBadge status="ERROR" />
      <span className="tooltip" aria-hidden="true">
        <strong>
          {type} version {status.nack.version} rejected
        </strong>
        <span className="tooltip-line severity-error">{status.nack.message}</span>
      </span>
    </button>
  )
}
