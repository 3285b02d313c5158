import { Link } from 'react-router-dom'
import type { AppSummary, ServiceSummary, WorkloadSummary } from '../../../shared/telemetry.ts'
import type { Entity } from '../../api/entities.ts'
import { entityPath, ENTITIES, type EntityKind } from '../../app/url/entities.ts'
import { EntityLinks } from '../../components/EntityLinks.tsx'
import { HealthIcon } from '../../components/HealthIcon.tsx'
import { entityKey } from './rows.ts'

interface Props {
  kind: EntityKind
  rows: readonly Entity[]
  /** Appended to each link, to keep the namespace selection and time controls. */
  linkSearch: string
}

/** The columns after Health, Name and Namespace. */
const EXTRA_COLUMNS: Record<EntityKind, readonly string[]> = {
  app: ['Versions', 'Workloads', 'Services'],
  workload: ['Labels', 'Instances', 'Services'],
  service: ['Ports', 'Workloads', 'Routing'],
}

export function EntityTable({ kind, rows, linkSearch }: Props) {
  const { plural } = ENTITIES[kind]
  return (
    <table className="table entity-table" data-testid="entity-table">
      <caption className="visually-hidden">{plural}, with their health</caption>
      <thead>
        <tr>
          <th scope="col">Health</th>
          <th scope="col">Name</th>
          <th scope="col">Namespace</th>
          {EXTRA_COLUMNS[kind].map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={entityKey(e)} data-testid="entity-row" data-name={e.summary.name} data-health={e.summary.health.status}>
            <td>
              <HealthIcon health={e.summary.health} />
            </td>
            <td>
              <Link to={entityPath(e.kind, e.summary.namespace, e.summary.name) + linkSearch}>{e.summary.name}</Link>
            </td>
            <td>{e.summary.namespace}</td>
            <KindCells entity={e} linkSearch={linkSearch} />
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function KindCells({ entity, linkSearch }: { entity: Entity; linkSearch: string }) {
  switch (entity.kind) {
    case 'app':
      return <AppCells app={entity.summary} search={linkSearch} />
    case 'workload':
      return <WorkloadCells workload={entity.summary} search={linkSearch} />
    case 'service':
      return <ServiceCells service={entity.summary} search={linkSearch} />
  }
}

function Tags({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <span className="muted">—</span>
  return (
    <ul className="labels labels-inline">
      {values.map((v) => (
        <li key={v} className="code-tag">
          {v}
        </li>
      ))}
    </ul>
  )
}

function AppCells({ app, search }: { app: AppSummary; search: string }) {
  return (
    <>
      <td>
        <Tags values={app.versions} />
      </td>
      <td>
        <EntityLinks kind="workload" namespace={app.namespace} names={app.workloads} search={search} />
      </td>
      <td>
        <EntityLinks kind="service" namespace={app.namespace} names={app.services} search={search} />
      </td>
    </>
  )
}

/** app and version first: they are what a workload is known by. */
function labelTags(labels: Readonly<Record<string, string>>): string[] {
  const rank = (k: string) => (k === 'app' ? 0 : k === 'version' ? 1 : 2)
  return Object.keys(labels)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((k) => `${k}=${labels[k]}`)
}

function WorkloadCells({ workload, search }: { workload: WorkloadSummary; search: string }) {
  return (
    <>
      <td>
        <Tags values={labelTags(workload.labels)} />
      </td>
      <td>{workload.instances.length}</td>
      <td>
        <EntityLinks kind="service" namespace={workload.namespace} names={workload.services} search={search} />
      </td>
    </>
  )
}

function ServiceCells({ service, search }: { service: ServiceSummary; search: string }) {
  const routing = [
    service.virtualServices.length && `${service.virtualServices.length} VirtualService${service.virtualServices.length === 1 ? '' : 's'}`,
    service.destinationRules.length && `${service.destinationRules.length} DestinationRule${service.destinationRules.length === 1 ? '' : 's'}`,
  ].filter((x): x is string => typeof x === 'string')
  return (
    <>
      <td>
        <Tags values={service.ports.map((p) => `${p.name || p.protocol} ${p.port}`)} />
      </td>
      <td>
        <EntityLinks kind="workload" namespace={service.namespace} names={service.workloads} search={search} />
      </td>
      <td>
        {routing.length ? (
          <Link to={entityPath('service', service.namespace, service.name) + search}>{routing.join(', ')}</Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </>
  )
}
