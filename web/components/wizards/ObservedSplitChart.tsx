import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { MetricsResponse, type MetricsQuery } from '../../../shared/telemetry.ts'
import { request } from '../../api/client.ts'
import { ApiError, errorMessage } from '../../api/errors.ts'
import { apiPaths } from '../../api/paths.ts'
import { queryKeys } from '../../api/queryKeys.ts'
import { formatTimeTick, formatTooltipTime, localUtcOffsetSec, timeTicks } from '../charts/timeAxis.ts'
import { chartRows, latestGap, splitPoints, versionsIn, type RequestedSplit } from './observedSplit.ts'

const COLORS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-7', '--chart-8']
const POLL_MS = 5_000
/** A short rate window, so the line follows the change within half a minute (Prometheus scrapes every 5 s in the demo). */
const QUERY: MetricsQuery = {
  direction: 'inbound',
  // The calling proxies report every call, also the ones that failed before reaching a version.
  reporter: 'source',
  byLabels: 'destination_version',
  duration: 300,
  step: 5,
  rateInterval: '30s',
  quantiles: '0.5',
}

const TOOLTIP_STYLE = { background: 'var(--surface-raised)', border: '1px solid var(--border)', borderRadius: 4, color: 'var(--text)', fontSize: '0.85rem' }

interface Props {
  namespace: string
  service: string
  /** The weights asked for over time, oldest first. */
  history: readonly RequestedSplit[]
  /** When the change was applied (ms): the chart starts a minute before. */
  appliedAt: number
  /**
   * Versions only earlier rules route to (the test users' v2): left out by default, so the chart
   * shows the share of the calls the split decides; a toggle shows all calls.
   */
  ruleOnly?: readonly string[]
}

/** Each version's share of the service's requests, observed (solid) against requested (dashed), converging. */
export function ObservedSplitChart({ namespace, service, history, appliedAt, ruleOnly = [] }: Props) {
  const captionId = useId()
  const [allCalls, setAllCalls] = useState(false)
  const exclude = useMemo(() => new Set(allCalls ? [] : ruleOnly), [allCalls, ruleOnly])
  const metrics = useQuery({
    queryKey: [...queryKeys.metrics('services', namespace, service, QUERY), 'observed-split'],
    queryFn: ({ signal }) => request(MetricsResponse, apiPaths.metrics('services', namespace, service, QUERY), { signal }),
    refetchInterval: POLL_MS,
    retry: false,
  })
  const start = Math.floor(appliedAt / 1000) - 60
  const points = useMemo(
    () => splitPoints(metrics.data?.request_count ?? [], history, exclude).filter((p) => p.t >= start),
    [metrics.data, history, start, exclude],
  )
  const versions = useMemo(() => versionsIn(points, history).filter((v) => !exclude.has(v)), [points, history, exclude])
  const rows = useMemo(() => chartRows(points, versions), [points, versions])
  const end = Math.max(Math.floor((metrics.dataUpdatedAt || Date.now()) / 1000), start + 60)
  const last = points.at(-1)
  const gap = latestGap(points)
  const requestedNow = history.at(-1)?.weights ?? {}

  return (
    <figure className="chart observed-split" aria-labelledby={captionId} data-testid="observed-split">
      <figcaption id={captionId} className="chart-title">
        {exclude.size ? `Share of the calls to ${service} the split decides` : `Share of ${service}’s requests`} per version{' '}
        <span className="muted">(observed —, requested - -, %)</span>
      </figcaption>
      {ruleOnly.length > 0 && (
        <p className="muted observed-scope">
          {allCalls
            ? `All calls, also those earlier rules route to ${ruleOnly.join(', ')}. `
            : `Leaving out ${ruleOnly.join(', ')}: only earlier rules route there. `}
          <button type="button" className="btn btn-link btn-small" onClick={() => setAllCalls(!allCalls)} data-testid="observed-scope">
            {allCalls ? 'Show the split’s calls only' : 'Show all calls'}
          </button>
        </p>
      )}
      {metrics.error && !metrics.data ? (
        <p className="chart-empty muted" data-testid="observed-split-unavailable">
          {metrics.error instanceof ApiError && metrics.error.isUnavailable ? 'No metrics: ' : 'The metrics could not be loaded: '}
          {errorMessage(metrics.error)}
        </p>
      ) : rows.length === 0 ? (
        <p className="chart-empty muted">Waiting for requests to {service} in Prometheus…</p>
      ) : (
        <LineChart responsive style={{ width: '100%', height: 220 }} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[start, end]}
            ticks={timeTicks(start, end, 6, localUtcOffsetSec(end))}
            tickFormatter={(t: number) => formatTimeTick(t, end - start)}
            stroke="var(--text-muted)"
            fontSize={11}
          />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => `${v}%`} stroke="var(--text-muted)" fontSize={11} width={44} />
          <Tooltip
            labelFormatter={(t) => formatTooltipTime(Number(t))}
            formatter={(v) => `${Number(v).toFixed(1)}%`}
            contentStyle={TOOLTIP_STYLE}
            isAnimationActive={false}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: '0.8rem' }} />
          {versions.flatMap((v, i) => {
            const color = `var(${COLORS[i % COLORS.length]})`
            return [
              <Line key={`o:${v}`} dataKey={`o:${v}`} name={`${v} observed`} stroke={color} strokeWidth={1.8} dot={false} isAnimationActive={false} />,
              <Line key={`r:${v}`} dataKey={`r:${v}`} name={`${v} requested`} stroke={color} strokeDasharray="5 4" strokeWidth={1.2} dot={false} isAnimationActive={false} type="stepAfter" />,
            ]
          })}
        </LineChart>
      )}
      {last && (
        <div className="observed-latest">
          <ul aria-label="Latest observed share per version" data-testid="observed-latest" data-t={last.t}>
            {versions.map((v) => (
              <li key={v} data-version={v} data-observed={(last.observed[v] ?? 0).toFixed(1)} data-requested={requestedNow[v] ?? 0}>
                <strong>{v}</strong> {(last.observed[v] ?? 0).toFixed(0)}% <span className="muted">of {requestedNow[v] ?? 0}%</span>
              </li>
            ))}
          </ul>
          {gap !== undefined && (
            <p className={gap <= 10 ? 'muted' : 'text-warning'} data-testid="observed-gap" data-gap={gap.toFixed(1)}>
              {gap <= 10 ? 'Within' : 'Off by up to'} {gap.toFixed(0)} points of the requested split
            </p>
          )}
        </div>
      )}
    </figure>
  )
}
