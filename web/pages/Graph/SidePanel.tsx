import { formatPercent, formatRate } from '../../components/units.ts'
import type { Selection } from './controller.ts'
import { EdgePanel } from './EdgePanel.tsx'
import { displayName, edgeErrorPercent, formatByteRate, formatEdgeRate, nodeKindLabel, protocolLabel } from './labels.ts'
import type { GraphModel } from './model.ts'
import { NodePanel } from './NodePanel.tsx'
import { HealthTag } from './panelParts.tsx'
import { graphTotals } from './summary.ts'
import type { Visibility } from './visibility.ts'

interface Props {
  model: GraphModel
  visible: Visibility
  selection: Selection | undefined
  duration: number
  refresh: number
  /** Appended to links to other telemetry pages. */
  search: string
  /** What the graph shows, e.g. "bookinfo, last 10m". */
  scope: string
  onSelect: (s: Selection | undefined) => void
}

function GraphSummary({ model, visible, scope, onSelect }: Pick<Props, 'model' | 'visible' | 'scope' | 'onSelect'>) {
  const totals = graphTotals(model, visible, nodeKindLabel)
  return (
    <section className="graph-panel-section" aria-labelledby="graph-panel-title" data-testid="graph-summary-panel">
      <h2 id="graph-panel-title">Graph</h2>
      <p className="muted">{scope}</p>
      <dl className="facts graph-facts">
        <div className="fact">
          <dt>Nodes</dt>
          <dd data-testid="graph-node-count">{totals.nodes}</dd>
        </div>
        {totals.nodeKinds.map((k) => (
          <div className="fact graph-fact-indent" key={k.kind}>
            <dt>{k.kind}</dt>
            <dd>{k.count}</dd>
          </div>
        ))}
        <div className="fact">
          <dt>Edges</dt>
          <dd data-testid="graph-edge-count">{totals.edges}</dd>
        </div>
      </dl>
      {totals.protocols.length > 0 && (
        <table className="table graph-rates">
          <caption>Traffic over the drawn edges</caption>
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col">Rate</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {totals.protocols.map((p) => (
              <tr key={p.protocol}>
                <th scope="row">{protocolLabel(p.protocol)}</th>
                <td>{p.protocol === 'tcp' ? formatByteRate(p.rate) : formatRate(p.rate)}</td>
                <td>{p.errorPercent === undefined ? '—' : formatPercent(p.errorPercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-label="Unhealthy edges">
        <h3>Unhealthy edges</h3>
        {totals.problems.length === 0 ? (
          <p className="muted">None: every edge with traffic is within its error tolerance.</p>
        ) : (
          <ul className="graph-edge-list" data-testid="graph-problem-edges">
            {totals.problems.map((e) => (
              <li key={e.id} data-edge-id={e.id}>
                <HealthTag status={e.data.healthStatus} />{' '}
                <button type="button" className="btn-link" onClick={() => onSelect({ id: e.id, kind: 'edge' })}>
                  <NodeLabel model={model} id={e.source} /> → <NodeLabel model={model} id={e.target} />
                </button>{' '}
                <span className="muted">
                  {formatPercent(edgeErrorPercent(e))} errors of {formatEdgeRate(e)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="muted graph-panel-hint">Select a node or an edge for its details.</p>
    </section>
  )
}

function NodeLabel({ model, id }: { model: GraphModel; id: string }) {
  const n = model.nodes.get(id)
  return <>{n ? displayName(n) : '?'}</>
}

/** The selected node's or edge's details, or the whole graph's when nothing is selected. */
export function SidePanel({ model, visible, selection, duration, refresh, search, scope, onSelect }: Props) {
  const select = (id: string, kind: 'node' | 'edge') => onSelect({ id, kind })
  const node = selection?.kind === 'node' ? model.nodes.get(selection.id) : undefined
  const edge = selection?.kind === 'edge' ? model.edges.get(selection.id) : undefined
  return (
    <aside className="graph-side-panel panel" aria-label="Details" data-testid="graph-side-panel">
      {selection && (
        <button type="button" className="btn btn-small graph-panel-back" onClick={() => onSelect(undefined)}>
          ← Whole graph
        </button>
      )}
      {node ? (
        <NodePanel model={model} node={node} visibleEdges={visible.edges} duration={duration} refresh={refresh} search={search} onSelect={select} />
      ) : edge ? (
        <EdgePanel model={model} edge={edge} duration={duration} refresh={refresh} search={search} onSelect={select} />
      ) : (
        <GraphSummary model={model} visible={visible} scope={scope} onSelect={onSelect} />
      )}
    </aside>
  )
}

