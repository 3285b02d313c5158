import { formatPercent, formatRate } from '../../components/units.ts'
import { nodeBadges } from './badges.ts'
import { nodeEntity } from './entities.ts'
import { displayName, edgeErrorPercent, formatByteRate, formatEdgeRate, nodeKindLabel, protocolLabel } from './labels.ts'
import type { GraphModel, GraphNode } from './model.ts'
import { NodeLinks } from './PanelLinks.tsx'
import { Fact, HealthTag } from './panelParts.tsx'
import { nodeRates, percentOf } from './summary.ts'
import { TrafficSparkline } from './TrafficSparkline.tsx'

interface Props {
  model: GraphModel
  node: GraphNode
  /** The drawn edges: the lists offer only what can be selected. */
  visibleEdges: ReadonlySet<string>
  duration: number
  refresh: number
  search: string
  onSelect: (id: string, kind: 'node' | 'edge') => void
}

function EdgeList({ model, ids, direction, onSelect }: { model: GraphModel; ids: readonly string[]; direction: 'in' | 'out'; onSelect: Props['onSelect'] }) {
  if (ids.length === 0) return null
  const edges = ids.map((id) => model.edges.get(id)!).sort((a, b) => b.total - a.total)
  return (
    <section aria-label={direction === 'in' ? 'Inbound edges' : 'Outbound edges'}>
      <h3>{direction === 'in' ? `From (${edges.length})` : `To (${edges.length})`}</h3>
      <ul className="graph-edge-list">
        {edges.map((e) => {
          const other = model.nodes.get(direction === 'in' ? e.source : e.target)!
          const err = edgeErrorPercent(e)
          return (
            <li key={e.id}>
              <button type="button" className="btn-link" onClick={() => onSelect(e.id, 'edge')}>
                {displayName(other)}
              </button>{' '}
              <span className="muted">
                {protocolLabel(e.protocol)} {formatEdgeRate(e)}
                {err > 0 ? `, ${formatPercent(err)} errors` : ''}
              </span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** One node: what it is, its health, badges, traffic in and out, its edges, sparklines and links. */
export function NodePanel({ model, node, visibleEdges, duration, refresh, search, onSelect }: Props) {
  const d = node.data
  const rates = nodeRates(model, node)
  const badges = nodeBadges(d)
  const entity = nodeEntity(d)
  return (
    <section className="graph-panel-section" aria-labelledby="graph-panel-title" data-testid="graph-node-panel" data-node-id={node.id}>
      <h2 id="graph-panel-title">
        <span className="graph-panel-kind">{nodeKindLabel(node)}</span> {displayName(node)}
      </h2>
      <dl className="facts graph-facts">
        <Fact term="Namespace">{d.namespace}</Fact>
        {d.cluster && d.cluster !== 'unknown' && <Fact term="Cluster">{d.cluster}</Fact>}
        {d.workload && d.nodeType !== 'workload' && <Fact term="Workload">{d.workload}</Fact>}
        {d.app && d.nodeType !== 'app' && d.app !== 'unknown' && <Fact term="App">{d.app}</Fact>}
        {d.version && <Fact term="Version">{d.version}</Fact>}
        <Fact term="Health">
          <HealthTag status={d.isIdle ? 'Idle' : d.healthStatus} />
        </Fact>
        {d.hasVS?.hostnames?.length ? <Fact term="VirtualService hosts">{d.hasVS.hostnames.join(', ')}</Fact> : null}
        {d.isServiceEntry && (
          <Fact term="Service entry">
            {d.isServiceEntry.location}: {d.isServiceEntry.hosts.join(', ')}
          </Fact>
        )}
      </dl>
      {badges.length > 0 && (
        <ul className="graph-badge-list" aria-label="Badges">
          {badges.map((b) => (
            <li key={b.code}>
              <span className="graph-badge" aria-hidden="true">
                {b.code}
              </span>{' '}
              {b.title}
            </li>
          ))}
        </ul>
      )}
      {rates.length > 0 ? (
        <table className="table graph-rates" data-testid="node-rates">
          <caption>Traffic</caption>
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col">In</th>
              <th scope="col">Out</th>
              <th scope="col">Errors in</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => {
              const fmt = r.protocol === 'tcp' ? formatByteRate : formatRate
              const errIn = percentOf(r.inboundErrors, r.inbound)
              return (
                <tr key={r.protocol} data-protocol={r.protocol}>
                  <th scope="row">{protocolLabel(r.protocol)}</th>
                  <td>{fmt(r.inbound)}</td>
                  <td>{fmt(r.outbound)}</td>
                  <td>{r.protocol === 'tcp' || errIn === undefined ? '—' : formatPercent(errIn)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No traffic in the window.</p>
      )}
      {entity && (
        <div className="graph-sparklines">
          <TrafficSparkline entity={entity} direction="inbound" duration={duration} refresh={refresh} label="Inbound requests" />
          {entity.kind !== 'service' && (
            <TrafficSparkline entity={entity} direction="outbound" duration={duration} refresh={refresh} label="Outbound requests" />
          )}
        </div>
      )}
      <EdgeList model={model} ids={(model.inEdges.get(node.id) ?? []).filter((id) => visibleEdges.has(id))} direction="in" onSelect={onSelect} />
      <EdgeList model={model} ids={(model.outEdges.get(node.id) ?? []).filter((id) => visibleEdges.has(id))} direction="out" onSelect={onSelect} />
      <NodeLinks node={d} search={search} />
    </section>
  )
}
