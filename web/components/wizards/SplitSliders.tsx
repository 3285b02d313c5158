import { useEffect, useState } from 'react'
import { allTo, evenSplit, setLocked, setWeight, total, type WeightRow } from '../../../shared/routing/weights.ts'

export interface SliderRow extends WeightRow {
  label: string
  /** A line under the row: "no workload runs it", "a subset is added". */
  hint?: string
}

interface Props<R extends SliderRow> {
  rows: readonly R[]
  onChange: (rows: R[]) => void
  /** Names the group for screen readers: "Weights of reviews' versions". */
  label: string
  testId?: string
}

/**
 * One slider and number per row, summing to 100: moving one rebalances the unlocked others; a
 * lock holds a row; "Even split" and "All to …" are shortcuts.
 */
export function SplitSliders<R extends SliderRow>({ rows, onChange, label, testId }: Props<R>) {
  const sum = total(rows)
  return (
    <fieldset className="split-sliders" data-testid={testId ?? 'split-sliders'}>
      <legend className="visually-hidden">{label}</legend>
      <div className="split-toolbar">
        <button type="button" className="btn btn-small" onClick={() => onChange(evenSplit(rows))} data-testid="even-split">
          Even split
        </button>
        <span className={sum === 100 ? 'split-total muted' : 'split-total text-error'} data-testid="split-total" aria-live="polite">
          Total {sum}%
        </span>
      </div>
      {rows.map((r) => (
        <div key={r.key} className={r.locked ? 'split-row is-locked' : 'split-row'} data-testid="split-row" data-row={r.label} data-weight={r.weight}>
          <span className="split-label">{r.label}</span>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={r.weight}
            disabled={r.locked}
            aria-label={`Weight of ${r.label}`}
            onChange={(e) => onChange(setWeight(rows, r.key, Number(e.target.value)))}
          />
          <WeightNumber row={r} onCommit={(v) => onChange(setWeight(rows, r.key, v))} />
          <button
            type="button"
            className="btn btn-small split-lock"
            aria-pressed={r.locked === true}
            aria-label={`Lock the weight of ${r.label}`}
            title={r.locked ? 'Locked: moving other sliders does not change it' : 'Lock this weight'}
            onClick={() => onChange(setLocked(rows, r.key, !r.locked))}
          >
            {r.locked ? 'Locked' : 'Lock'}
          </button>
          <button type="button" className="btn btn-small" onClick={() => onChange(allTo(rows, r.key))} aria-label={`All to ${r.label}`}>
            All
          </button>
          {r.hint && <span className="split-hint muted">{r.hint}</span>}
        </div>
      ))}
    </fieldset>
  )
}

/** The number beside a slider: typed freely, applied on Enter or when it loses focus. */
function WeightNumber({ row, onCommit }: { row: SliderRow; onCommit: (v: number) => void }) {
  const [draft, setDraft] = useState(String(row.weight))
  useEffect(() => setDraft(String(row.weight)), [row.weight])
  const commit = () => {
    const v = Number(draft)
    if (draft.trim() === '' || !Number.isFinite(v)) setDraft(String(row.weight))
    else if (v !== row.weight) onCommit(v)
  }
  return (
    <span className="split-number">
      <input
        type="number"
        className="input"
        min={0}
        max={100}
        step={1}
        value={draft}
        disabled={row.locked}
        aria-label={`Weight of ${row.label} in percent`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            commit()
          }
        }}
      />
      %
    </span>
  )
}
