import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router-dom'
import type { Entity } from '../../api/entities.ts'
import { ENTITIES, type EntityKind } from '../../app/url/entities.ts'
import { withNamespaces } from '../../app/url/namespaces.ts'
import { searchString } from '../../app/url/params.ts'
import { telemetryParamsOnly } from '../../app/url/timeRange.ts'
import { HealthIcon } from '../../components/HealthIcon.tsx'

interface Props {
  kind: EntityKind
  namespace: string
  name: string
  entity: Entity | undefined
  /** The time controls, at the header's right. */
  controls: ReactNode
}

export function EntityHeader({ kind, namespace, name, entity, controls }: Props) {
  const location = useLocation()
  const keep = telemetryParamsOnly(new URLSearchParams(location.search))
  const info = ENTITIES[kind]
  return (
    <header className="page-header detail-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to={info.section + searchString(keep)}>{info.plural}</Link>
          </li>
          <li>
            <Link to={info.section + searchString(withNamespaces(keep, [namespace]))}>{namespace}</Link>
          </li>
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <div className="page-header-row">
        <div className="detail-title">
          <h1>
            <span className="muted detail-kind">{info.title}</span> {name}
          </h1>
          {entity && <HealthIcon health={entity.summary.health} withText />}
        </div>
        {controls}
      </div>
    </header>
  )
}
