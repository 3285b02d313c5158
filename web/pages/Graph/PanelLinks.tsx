import { Link } from 'react-router-dom'
import type { NodeData } from '../../../shared/graph.ts'
import { errorMessage } from '../../api/errors.ts'
import { useEntityQuery } from '../../api/useEntityQuery.ts'
import { useStatusQuery } from '../../api/useStatusQuery.ts'
import { WIZARDS, wizardPath } from '../../components/wizards/wizardUrl.ts'
import { entityPath, ENTITIES } from '../../app/url/entities.ts'
import { nodeGraphPath } from '../../app/url/graph.ts'
import { detailPath } from '../../app/url/objects.ts'
import { routingRef } from '../EntityDetail/links.ts'
import { nodeEntity, routedService, tracesPath, type EntityRef } from './entities.ts'

/** The Istio config that routes a service's requests, read from its summary. */
function Routing({ service, search }: { service: EntityRef; search: string }) {
  const summary = useEntityQuery('service', service.namespace, service.name, 0)
  const s = summary.data?.kind === 'service' ? summary.data.summary : undefined
  const configs = s
    ? [
        ...s.virtualServices.map((n) => routingRef('VirtualService', s.namespace, n)),
        ...s.destinationRules.map((n) => routingRef('DestinationRule', s.namespace, n)),
      ]
    : []
  return (
    <li>
      Routing of{' '}
      <Link to={entityPath('service', service.namespace, service.name) + search}>
        service {service.name}
      </Link>
      {summary.isPending ? (
        <span className="muted"> (loading its config…)</span>
      ) : summary.isError ? (
        <span className="muted"> (its config could not be loaded: {errorMessage(summary.error)})</span>
      ) : configs.length === 0 ? (
        <span className="muted"> (no VirtualService or DestinationRule)</span>
      ) : (
        <ul className="inline-list graph-routing-links" data-testid="graph-routing-links">
          {configs.map((ref) => (
            <li key={`${ref.kind}/${ref.namespace}/${ref.name}`}>
              <Link to={detailPath(ref)}>
                {ref.kind} {ref.namespace === service.namespace ? ref.name : `${ref.namespace}/${ref.name}`}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}

/**
 * The routing wizards for the service, opened on its page (`?wizard=…`). Write controls: shown only
 * once the server is known to accept writes (not in view-only mode).
 */
function Wizards({ service }: { service: EntityRef }) {
  const status = useStatusQuery()
  if (!status.data || status.data.viewOnly) return null
  return (
    <li>
      Change the routing of {service.name}:
      <ul className="inline-list graph-wizard-links" aria-label={`Routing wizards for ${service.name}`} data-testid="graph-wizard-links">
        {WIZARDS.filter((w) => w.id !== 'remove-routing').map((w) => (
          <li key={w.id}>
            <Link to={wizardPath(service.namespace, service.name, w.id)}>{w.title}</Link>
          </li>
        ))}
      </ul>
    </li>
  )
}

/** The node's detail page, its traces, the routing of its service and the wizards that change it. */
export function NodeLinks({ node, search }: { node: NodeData; search: string }) {
  const entity = nodeEntity(node)
  const traces = tracesPath(node)
  const service = routedService(node)
  if (!entity && !traces && !service) return null
  return (
    <ul className="graph-links" aria-label="Links" data-testid="graph-node-links">
      {entity && (
        <li>
          <Link to={entityPath(entity.kind, entity.namespace, entity.name) + search}>
            {ENTITIES[entity.kind].title} {entity.name} details
          </Link>
        </li>
      )}
      {entity && (
        <li>
          <Link to={nodeGraphPath(entity.kind, entity.namespace, entity.name) + search}>Graph around {entity.name}</Link>
        </li>
      )}
      {traces && (
        <li>
          <Link to={traces}>Traces</Link>
        </li>
      )}
      {service && <Routing service={service} search={search} />}
      {service && <Wizards service={service} />}
    </ul>
  )
}
