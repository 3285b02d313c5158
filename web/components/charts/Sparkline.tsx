import { Area, AreaChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatRate } from '../units.ts'
import { formatTooltipTime } from './timeAxis.ts'

interface Props {
  /** [unix seconds, requests/s]. */
  points: readonly (readonly [number, number])[]
  /** Spoken instead of the picture: what the line shows, e.g. "Inbound requests, last 10m". */
  label: string
  /** What an empty line says; by default that there were no requests. */
  emptyText?: string
}

const TOOLTIP_STYLE = {
  background: 'var(--surface-raised)',
  border: '1px solid var(--border)',
  borderRadius: 4,
  color: 'var(--text)',
  fontSize: '0.8rem',
  padding: '2px 6px',
}

/** A small request-rate line without axes: its shape says more than its numbers. */
export function Sparkline({ points, label, emptyText = 'No requests in this range' }: Props) {
  if (!points.some(([, v]) => v > 0)) {
    return (
      <p className="sparkline-empty muted" data-testid="sparkline-empty">
        {emptyText}
      </p>
    )
  }
  const rows = points.map(([t, v]) => ({ t, v }))
  const latest = points[points.length - 1][1]
  const peak = Math.max(...points.map(([, v]) => v))
  return (
    <div className="sparkline" role="img" aria-label={`${label}: latest ${formatRate(latest)}, peak ${formatRate(peak)}`} data-testid="sparkline">
      {/* The figure is one image to assistive technology (its label says what it shows): no keyboard layer inside. */}
      <AreaChart accessibilityLayer={false} responsive style={{ width: '100%', height: 48 }} data={rows} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
        <XAxis hide dataKey="t" type="number" domain={['dataMin', 'dataMax']} />
        <YAxis hide domain={[0, 'dataMax']} />
        <Tooltip
          labelFormatter={(t) => formatTooltipTime(Number(t))}
          formatter={(v) => [formatRate(Number(v)), 'Inbound']}
          contentStyle={TOOLTIP_STYLE}
          isAnimationActive={false}
        />
        <Area dataKey="v" type="monotone" stroke="var(--chart-1)" fill="var(--chart-1)" fillOpacity={0.18} strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </AreaChart>
    </div>
  )
}
