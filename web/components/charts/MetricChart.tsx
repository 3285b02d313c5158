import { useId } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatAxisValue, formatValue, UNIT_LABEL, type Unit } from '../units.ts'
import { hasData, latestValues, type ChartData } from './series.ts'
import { formatTimeTick, formatTooltipTime, localUtcOffsetSec, timeTicks } from './timeAxis.ts'

/** Line colours: CSS variables, so both themes get readable ones. */
const COLORS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-7', '--chart-8']

function chartColor(i: number): string {
  return `var(${COLORS[i % COLORS.length]})`
}

export interface ChartWindow {
  /** Unix seconds. */
  start: number
  end: number
}

interface Props {
  /** Stable id for tests and styling: request-rate, error-rate, … */
  id: string
  title: string
  unit: Unit
  data: ChartData
  window: ChartWindow
}

const TOOLTIP_STYLE = {
  background: 'var(--surface-raised)',
  border: '1px solid var(--border)',
  borderRadius: 4,
  color: 'var(--text)',
  fontSize: '0.85rem',
}

/** One metric over the window: a line per series, its unit on every value, "no data" when there is none. */
export function MetricChart({ id, title, unit, data, window }: Props) {
  const captionId = useId()
  const empty = !hasData(data)
  const duration = window.end - window.start
  const ticks = timeTicks(window.start, window.end, 6, localUtcOffsetSec(window.end))
  const latest = latestValues(data)
  return (
    <figure className="chart" aria-labelledby={captionId} data-testid="metric-chart" data-chart={id} data-empty={empty}>
      <figcaption id={captionId} className="chart-title">
        {title} <span className="muted">({UNIT_LABEL[unit]})</span>
      </figcaption>
      {empty ? (
        <p className="chart-empty muted" data-testid="chart-empty">
          No data in this range
        </p>
      ) : (
        <>
          <LineChart responsive style={{ width: '100%', height: 200 }} data={data.rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={[window.start, window.end]}
              ticks={ticks}
              tickFormatter={(t: number) => formatTimeTick(t, duration)}
              stroke="var(--text-muted)"
              fontSize={11}
            />
            <YAxis
              tickFormatter={(v: number) => formatAxisValue(unit, v)}
              stroke="var(--text-muted)"
              fontSize={11}
              width={52}
              allowDecimals
            />
            <Tooltip
              labelFormatter={(t) => formatTooltipTime(Number(t))}
              formatter={(v) => formatValue(unit, Number(v))}
              contentStyle={TOOLTIP_STYLE}
              isAnimationActive={false}
            />
            {data.lines.length > 1 && <Legend iconType="plainline" wrapperStyle={{ fontSize: '0.8rem' }} />}
            {data.lines.map((l, i) => (
              <Line
                key={l.key}
                dataKey={l.key}
                name={l.label}
                stroke={chartColor(i)}
                strokeWidth={1.6}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
          <p className="visually-hidden">
            Latest values: {latest.map((v) => `${v.label} ${formatValue(unit, v.value)}`).join(', ')}.
          </p>
        </>
      )}
    </figure>
  )
}
