import { Link } from 'react-router-dom'
import type { PushProgress } from '../../../shared/xds.ts'
import { usePushesQuery } from '../../api/usePushesQuery.ts'
import { proxyPath } from '../../app/url/proxies.ts'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { podName } from '../../components/syncStatus.ts'
import { pushSummary, recentPushes, shownCauses } from './pushes.ts'

const SHOWN_PUSHES = 8
const SHOWN_CAUSES = 3

/** The control plane's latest pushes: what caused each, and how many proxies took it. Live through `xds-push`. */
export function PushesPanel({ now, linkSearch }: { now: number; linkSearch: string }) {
  const query = usePushesQuery()
  const pushes = recentPushes(query.data ?? [], SHOWN_PUSHES)
  return (
    <section className="panel pushes-panel" aria-labelledby="pushes-title" data-testid="pushes-panel">
      <div className="panel-header">
        <h2 id="pushes-title">Recent pushes</h2>
      </div>
      {query.isPending ? (
        <p className="panel-empty muted">Loading pushes…</p>
      ) : query.isError ? (
        <p className="panel-empty text-error">Pushes could not be loaded: {query.error.message}</p>
      ) : pushes.length === 0 ? (
        <p className="panel-empty muted">
          No pushes yet. The control plane pushes when config or workloads change, and when a proxy connects.
        </p>
      ) : (
        <ol className="push-list">
          {pushes.map((p) => (
            <PushItem key={p.push} push={p} now={now} linkSearch={linkSearch} />
          ))}
        </ol>
      )}
    </section>
  )
}

function pushState(p: PushProgress): 'error' | 'running' | 'done' {
  if (p.nacked > 0) return 'error'
  return p.done ? 'done' : 'running'
}

const STATE_GLYPH = { error: '✗', running: '⟳', done: '✓' } as const

function PushItem({ push: p, now, linkSearch }: { push: PushProgress; now: number; linkSearch: string }) {
  const state = pushState(p)
  const { shown, more } = shownCauses(p.causes, SHOWN_CAUSES)
  return (
    <li className={`push push-${state}`} data-testid="push-item" data-push={p.push} data-done={p.done}>
      <div className="push-head">
        <strong>Push {p.push}</strong>
        <span className="push-types">{p.types.join(' ')}</span>
        <span className="muted push-time">
          <RelativeTime iso={p.startedAt} now={now} />
        </span>
      </div>
      {p.causes.length > 0 && (
        <ul className="push-causes" aria-label="Causes">
          {shown.map((c) => (
            <li key={c}>{c}</li>
          ))}
          {more > 0 && (
            <li className="muted" title={p.causes.slice(SHOWN_CAUSES).join('\n')}>
              and {more} more
            </li>
          )}
        </ul>
      )}
      <p className="push-summary" data-testid="push-summary">
        <span className="push-glyph" aria-hidden="true">
          {STATE_GLYPH[state]}
        </span>{' '}
        {pushSummary(p)}
      </p>
      {p.nacks.length > 0 && (
        <ul className="push-nacks" aria-label="NACKs">
          {p.nacks.map((n, i) => (
            <li key={i}>
              <Link to={proxyPath(n.proxy) + linkSearch} title={n.proxy}>
                {podName(n.proxy)}
              </Link>{' '}
              rejected {n.type}: <span className="nack-message">{n.message}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}
