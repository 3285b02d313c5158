import { Link } from 'react-router-dom'
import { entityPath } from '../../app/url/entities.ts'
import { formatMillis, formatPercent, formatRate } from '../../components/units.ts'
import { edgeMetricsSource, nodeEntity, routedService } from './entities.ts'
import { displayName, formatByteRate, protocolLabel } from './labels.ts'
import type { GraphEdge, GraphModel } from './model.ts'
import { NodeLinks } from './PanelLinks.tsx'
import { edgeSummary } from './summary.ts'
import { Fact, HealthTag, NodeButton } from './panelParts.tsx'
import { TrafficSparkline } from './TrafficSparkline.tsx'

interface Props {
  model: GraphModel
  edge: GraphEdge
  duration: number
  refresh: number
  search: string
  onSelect: (id: string, kind: 'node' | 'edge') => void
}

/** One edge: its rate, error share, response codes (gRPC status names), latencies, security and links. */
export function EdgePanel({ model, edge, duration, refresh, search, onSelect }: Props) {
  const s = edgeSummary(edge)
  const source = model.nodes.get(edge.source)!
  const target = model.nodes.get(edge.target)!
  const rate = s.protocol === 'tcp' ? formatByteRate(s.rate) : formatRate(s.rate)
  const metrics = edgeMetricsSource(model, edge)
  const srcEntity = nodeEntity(source.data)
  const dstEntity = nodeEntity(target.data)
  const times: [string, number | undefined][] = [
    ['p50', s.times.p50],
    ['p95', s.times.p95],
    ['p99', s.times.p99],
    ['avg', s.times.avg],
  ]
  return (
    <section className="graph-panel-section" aria-labelledby="graph-panel-title" data-testid="graph-edge-panel" data-edge-id={edge.id}>
      <h2 id="graph-panel-title">
        Edge <NodeButton model={model} id={edge.source} onSelect={onSelect} /> → <NodeButton model={model} id={edge.target} onSelect={onSelect} />
      </h2>
      <dl className="facts graph-facts">
        <Fact term="Protocol">{protocolLabel(s.protocol)}</Fact>
        <Fact term="Health">
          <HealthTag status={edge.total > 0 ? edge.data.healthStatus : undefined} />
        </Fact>
        <Fact term={s.protocol === 'tcp' ? 'Throughput' : 'Request rate'} testId="edge-rate">
          {rate}
        </Fact>
        {s.protocol !== 'tcp' && (
          <Fact term="Error share" testId="edge-error-share">
            {formatPercent(s.errorPercent)}
          </Fact>
        )}
        {s.trafficPercent !== undefined && (
          <Fact term={`Share of ${displayName(source)}'s ${protocolLabel(s.protocol)} requests`}>{formatPercent(s.trafficPercent)}</Fact>
        )}
        {s.mtlsPercent !== undefined && <Fact term="Mutual TLS">{formatPercent(s.mtlsPercent)} of requests</Fact>}
        {s.throughput !== undefined && s.protocol !== 'tcp' && <Fact term="Throughput">{formatByteRate(s.throughput)}</Fact>}
        {edge.data.sourcePrincipal && (
          <Fact term="Client identity">
            <code>{edge.data.sourcePrincipal}</code>
          </Fact>
        )}
        {edge.data.destPrincipal && (
          <Fact term="Server identity">
            <code>{edge.data.destPrincipal}</code>
          </Fact>
        )}
      </dl>

      {s.codes.length > 0 && (
        <table className="table graph-codes" data-testid="response-codes">
          <caption>{s.protocol === 'grpc' ? 'gRPC status codes' : 'Response codes'}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Share</th>
              <th scope="col">Rate</th>
            </tr>
          </thead>
          <tbody>
            {s.codes.map((c) => (
              <tr key={c.code} data-code={c.code} className={c.isError ? 'is-error' : undefined}>
                <th scope="row">
                  {c.label}
                  {c.flags.some((f) => f.flags !== '-') && (
                    <ul className="graph-flags">
                      {c.flags
                        .filter((f) => f.flags !== '-')
                        .map((f) => (
                          <li key={f.flags}>
                            {f.label}: {formatPercent(f.percent)}
                          </li>
                        ))}
                    </ul>
                  )}
                </th>
                <td>{formatPercent(c.percent)}</td>
                <td>{formatRate(c.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {times.some(([, v]) => v !== undefined) && (
        <dl className="graph-times" aria-label="Response times" data-testid="response-times">
          {times.map(([label, v]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{v === undefined ? '—' : formatMillis(v)}</dd>
            </div>
          ))}
        </dl>
      )}

      {metrics && (
        <TrafficSparkline
          entity={metrics.entity}
          direction={metrics.direction}
          byLabel={metrics.byLabel}
          value={metrics.value}
          duration={duration}
          refresh={refresh}
          label="Requests on this edge"
        />
      )}

      <ul className="graph-links" aria-label="Links">
        {srcEntity && (
          <li>
            From <Link to={entityPath(srcEntity.kind, srcEntity.namespace, srcEntity.name) + search}>{srcEntity.name}</Link>
          </li>
        )}
        {dstEntity && (
          <li>
            To <Link to={entityPath(dstEntity.kind, dstEntity.namespace, dstEntity.name) + search}>{dstEntity.name}</Link>
          </li>
        )}
      </ul>
      {routedService(target.data) && <NodeLinks node={target.data} search={search} />}
    </section>
  )
}
