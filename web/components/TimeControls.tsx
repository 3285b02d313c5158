import { useId } from 'react'
import {
  DURATIONS,
  durationLabel,
  optionsWith,
  REFRESH_INTERVALS,
  refreshLabel,
  type TimeControls as TimeControlsValue,
} from '../app/url/timeRange.ts'

interface Props {
  value: TimeControlsValue
  onChange: (patch: Partial<TimeControlsValue>) => void
  /** Lists have no window to choose (their health covers the server's): refresh only. */
  showDuration?: boolean
}

/** The time range and refresh interval selects; their state lives in the URL. */
export function TimeControls({ value, onChange, showDuration = true }: Props) {
  const id = useId()
  return (
    <div className="time-controls" role="group" aria-label="Time controls">
      {showDuration && (
        <label className="select-field" htmlFor={`${id}-duration`}>
          <span className="select-label">Time range</span>
          <select
            id={`${id}-duration`}
            className="input"
            value={value.duration}
            onChange={(e) => onChange({ duration: Number(e.target.value) })}
            data-testid="duration-select"
          >
            {optionsWith(DURATIONS, value.duration).map((d) => (
              <option key={d} value={d}>
                {durationLabel(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="select-field" htmlFor={`${id}-refresh`}>
        <span className="select-label">Refresh</span>
        <select
          id={`${id}-refresh`}
          className="input"
          value={value.refresh}
          onChange={(e) => onChange({ refresh: Number(e.target.value) })}
          data-testid="refresh-select"
        >
          {optionsWith(REFRESH_INTERVALS, value.refresh).map((r) => (
            <option key={r} value={r}>
              {refreshLabel(r)}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
