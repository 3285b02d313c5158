import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { AppSummary, Health, ServiceSummary, WorkloadSummary } from '../../../shared/telemetry.ts'
import type { Entity } from '../../api/entities.ts'
import { entityPath } from '../../app/url/entities.ts'
import { detailPath } from '../../app/url/objects.ts'
import { EntityLinks } from '../../components/EntityLinks.tsx'
import { totalRate } from '../../components/health.ts'
import { formatRate, formatRatio } from '../../components/units.ts'
import { InstancesTable } from './InstancesTable.tsx'
import { routingRef } from './links.ts'

interface Props {
  entity: Entity
  /** Appended to links between telemetry pages: namespace selection and time controls. */
  search: string
}

/** What the item is made of and what it links to, above its metrics. */
export function SummaryPanel({ entity, search }: Props) {
  return (
    <section className="panel summary-panel" aria-labelledby="summary-title" data-testid="summary">
      <div className="panel-header">
        <h2 id="summary-title">Summary</h2>
      </div>
      <div className="summary-body">
        {entity.kind === 'app' ? (
          <AppFacts app={entity.summary} search={search} />
        ) : entity.kind === 'workload' ? (
          <WorkloadFacts workload={entity.summary} search={search} />
        ) : (
          <ServiceFacts service={entity.summary} search={search} />
        )}
        <TrafficFacts health={entity.summary.health} outbound={entity.kind !== 'service'} />
      </div>
      {entity.kind === 'workload' && <InstancesTable instances={entity.summary.instances} search={search} />}
    </section>
  )
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Tags({ values, label }: { values: readonly string[]; label: string }) {
  if (values.length === 0) return <span className="muted">—</span>
  return (
    <ul className="labels labels-inline" aria-label={label}>
      {values.map((v) => (
        <li key={v} className="code-tag">
          {v}
        </li>
      ))}
    </ul>
  )
}

function AppFacts({ app, search }: { app: AppSummary; search: string }) {
  return (
    <dl className="facts">
      <Fact term="Namespace">{app.namespace}</Fact>
      <Fact term="Versions">
        <Tags values={app.versions} label="Versions" />
      </Fact>
      <Fact term="Workloads">
        <EntityLinks kind="workload" namespace={app.namespace} names={app.workloads} search={search} />
      </Fact>
      <Fact term="Services">
        <EntityLinks kind="service" namespace={app.namespace} names={app.services} search={search} />
      </Fact>
    </dl>
  )
}

function WorkloadFacts({ workload: w, search }: { workload: WorkloadSummary; search: string }) {
  const labels = Object.keys(w.labels)
    .sort()
    .map((k) => `${k}=${w.labels[k]}`)
  return (
    <dl className="facts">
      <Fact term="Namespace">{w.namespace}</Fact>
      <Fact term="Application">
        {w.app ? <Link to={entityPath('app', w.namespace, w.app) + search}>{w.app}</Link> : <span className="muted">—</span>}
      </Fact>
      <Fact term="Version">{w.version ?? <span className="muted">—</span>}</Fact>
      <Fact term="Service account">
        <code>{w.serviceAccount}</code>
      </Fact>
      <Fact term="Services">
        <EntityLinks kind="service" namespace={w.namespace} names={w.services} search={search} />
      </Fact>
      <Fact term="Labels">
        <Tags values={labels} label="Labels" />
      </Fact>
    </dl>
  )
}

function ConfigLinks({ kind, service }: { kind: 'VirtualService' | 'DestinationRule'; service: ServiceSummary }) {
  const names = kind === 'VirtualService' ? service.virtualServices : service.destinationRules
  if (names.length === 0) return <span className="muted">None</span>
  return (
    <ul className="inline-list" data-testid={`${kind}-links`}>
      {names.map((n) => {
        const ref = routingRef(kind, service.namespace, n)
        return (
          <li key={n}>
            <Link to={detailPath(ref)}>{ref.namespace === service.namespace ? ref.name : `${ref.namespace}/${ref.name}`}</Link>
          </li>
        )
      })}
    </ul>
  )
}

function ServiceFacts({ service: s, search }: { service: ServiceSummary; search: string }) {
  return (
    <dl className="facts">
      <Fact term="Namespace">{s.namespace}</Fact>
      <Fact term="Host">
        <code>{s.hostname}</code>
      </Fact>
      <Fact term="Ports">
        <Tags values={s.ports.map((p) => `${p.name || '—'} ${p.port}/${p.protocol}`)} label="Ports" />
      </Fact>
      <Fact term="Workloads">
        <EntityLinks kind="workload" namespace={s.namespace} names={s.workloads} search={search} />
      </Fact>
      <Fact term="VirtualServices">
        <ConfigLinks kind="VirtualService" service={s} />
      </Fact>
      <Fact term="DestinationRules">
        <ConfigLinks kind="DestinationRule" service={s} />
      </Fact>
    </dl>
  )
}

/** The numbers behind the health icon, spelled out; a service sends nothing itself, so it has no outbound. */
function TrafficFacts({ health, outbound }: { health: Health; outbound: boolean }) {
  if (health.status === 'NA') {
    return (
      <dl className="facts facts-traffic" aria-label="Traffic">
        <Fact term="Traffic">
          <span className="muted">unknown: no telemetry</span>
        </Fact>
      </dl>
    )
  }
  return (
    <dl className="facts facts-traffic" aria-label="Traffic">
      <Fact term="Inbound">{formatRate(health.requestRate)}</Fact>
      <Fact term="Error ratio">
        {health.errorRatio === undefined ? <span className="muted">no requests</span> : formatRatio(health.errorRatio)}
      </Fact>
      {outbound && <Fact term="Outbound">{formatRate(totalRate(health.outbound))}</Fact>}
    </dl>
  )
}
