import { useId } from 'react'
import { GRAPH_TYPES, type GraphType } from '../../../shared/graph.ts'
import {
  EDGE_LABEL_LABEL,
  EDGE_LABELS,
  GRAPH_LAYOUTS,
  GRAPH_TYPE_LABEL,
  LAYOUT_LABEL,
  type EdgeLabel,
  type GraphLayout,
  type GraphView,
} from '../../app/url/graph.ts'
import { MultiSelectMenu } from '../../components/MultiSelectMenu.tsx'

/** The display switches, as one checkbox menu: each option is a boolean of the view. */
const DISPLAY_OPTIONS = [
  { key: 'idleNodes', label: 'Idle nodes (no traffic)' },
  { key: 'deadNodes', label: 'Dead nodes (no instance, no traffic)' },
  { key: 'serviceNodes', label: 'Service nodes' },
  { key: 'badges', label: 'Badges and mTLS locks' },
  { key: 'boxes', label: 'Namespace boxes' },
] as const satisfies readonly { key: keyof GraphView; label: string }[]

type DisplayKey = (typeof DISPLAY_OPTIONS)[number]['key']
const WEBGL = 'webgl'

interface Props {
  view: GraphView
  onChange: (patch: Partial<GraphView>) => void
  onFit: () => void
  onExportPng: () => void
  onExportJson: () => void
  /** Nothing drawn yet: fit and PNG have nothing to act on. */
  canExport: boolean
}

/** Graph type, layout, edge labels, display switches, fit and export. */
export function GraphToolbar({ view, onChange, onFit, onExportPng, onExportJson, canExport }: Props) {
  const id = useId()
  const displaySelected = [
    ...DISPLAY_OPTIONS.filter((o) => view[o.key]).map((o) => o.key),
    ...(view.renderer === 'webgl' ? [WEBGL] : []),
  ]
  return (
    <div className="toolbar graph-toolbar" aria-label="Graph controls">
      <label className="select-field" htmlFor={`${id}-type`}>
        <span className="select-label">Graph</span>
        <select
          id={`${id}-type`}
          className="input"
          value={view.graphType}
          onChange={(e) => onChange({ graphType: e.target.value as GraphType })}
          data-testid="graph-type-select"
        >
          {GRAPH_TYPES.map((t) => (
            <option key={t} value={t}>
              {GRAPH_TYPE_LABEL[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="select-field" htmlFor={`${id}-layout`}>
        <span className="select-label">Layout</span>
        <select
          id={`${id}-layout`}
          className="input"
          value={view.layout}
          onChange={(e) => onChange({ layout: e.target.value as GraphLayout })}
          data-testid="graph-layout-select"
        >
          {GRAPH_LAYOUTS.map((l) => (
            <option key={l} value={l}>
              {LAYOUT_LABEL[l]}
            </option>
          ))}
        </select>
      </label>
      <MultiSelectMenu
        label="Edge labels"
        summary={view.edgeLabels.length === 0 ? 'None' : view.edgeLabels.map((l) => EDGE_LABEL_LABEL[l]).join(', ')}
        options={EDGE_LABELS.map((l) => ({ value: l, label: EDGE_LABEL_LABEL[l] }))}
        selected={view.edgeLabels}
        onChange={(labels) => onChange({ edgeLabels: labels as EdgeLabel[] })}
        testId="graph-edge-labels"
        clearText="None"
      />
      <MultiSelectMenu
        label="Display"
        summary={`${displaySelected.length} on`}
        options={[...DISPLAY_OPTIONS.map((o) => ({ value: o.key, label: o.label })), { value: WEBGL, label: 'WebGL renderer (experimental)' }]}
        selected={displaySelected}
        onChange={(selected) => {
          const patch: Partial<GraphView> = {}
          for (const o of DISPLAY_OPTIONS) patch[o.key as DisplayKey] = selected.includes(o.key)
          patch.renderer = selected.includes(WEBGL) ? 'webgl' : 'canvas'
          onChange(patch)
        }}
        testId="graph-display"
        clearText="All off"
      />
      <div className="graph-toolbar-actions">
        <button type="button" className="btn" onClick={onFit} disabled={!canExport}>
          Fit
        </button>
        <button type="button" className="btn" onClick={onExportPng} disabled={!canExport} data-testid="graph-export-png">
          Export PNG
        </button>
        <button type="button" className="btn" onClick={onExportJson} disabled={!canExport} data-testid="graph-export-json">
          Export JSON
        </button>
      </div>
    </div>
  )
}
