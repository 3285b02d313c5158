import { useState } from 'react'
import type { ProxyConfigDump } from '../../../shared/xds.ts'
import { TYPE_TITLES } from '../../components/syncStatus.ts'
import { dumpSections, type DumpSection } from './dump.ts'

/** What was last sent to the proxy, per type: each resource by name, its Envoy JSON a click away (istioctl proxy-config). */
export function ConfigDumpView({ dump }: { dump: ProxyConfigDump }) {
  return (
    <section className="detail-section" aria-labelledby="dump-title" data-testid="config-dump">
      <h2 id="dump-title">Config sent to the proxy</h2>
      {dumpSections(dump).map((s) => (
        <TypeSection key={s.type} section={s} />
      ))}
    </section>
  )
}

function TypeSection({ section }: { section: DumpSection }) {
  const { type, resources } = section
  // Open resources by name: they stay open when a push refreshes the dump.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const setOne = (name: string, isOpen: boolean) =>
    setOpen((prev) => {
      if (prev.has(name) === isOpen) return prev
      const next = new Set(prev)
      if (isOpen) next.add(name)
      else next.delete(name)
      return next
    })
  const allOpen = resources.length > 0 && resources.every((r) => open.has(r.name))
  const headingId = `dump-${type}`
  return (
    <section className="dump-type" aria-labelledby={headingId} data-testid="dump-type" data-type={type}>
      <div className="dump-type-header">
        <h3 id={headingId}>
          {TYPE_TITLES[type]} <span className="muted">({type})</span>
        </h3>
        <span className="muted dump-type-meta">
          {resources.length === 1 ? '1 resource' : `${resources.length} resources`}
          {section.sentVersion && <> · sent version {section.sentVersion}</>}
          {section.ackedVersion && <> · ACKed version {section.ackedVersion}</>}
        </span>
        {resources.length > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setOpen(allOpen ? new Set() : new Set(resources.map((r) => r.name)))}
          >
            {allOpen ? 'Collapse all' : 'Expand all'}
          </button>
        )}
      </div>
      {!section.typeUrl ? (
        <p className="muted dump-empty">Nothing sent: the proxy has not asked for {TYPE_TITLES[type].toLowerCase()}.</p>
      ) : resources.length === 0 ? (
        <p className="muted dump-empty">Sent, with no resources: the mesh has none for this proxy.</p>
      ) : (
        <ul className="dump-resources">
          {resources.map((r) => {
            const isOpen = open.has(r.name)
            return (
              <li key={r.name}>
                <details
                  open={isOpen}
                  onToggle={(e) => setOne(r.name, e.currentTarget.open)}
                  data-testid="config-resource"
                  data-name={r.name}
                >
                  <summary>
                    <code>{r.name}</code>
                  </summary>
                  {/* Serialized only once opened: a dump can hold thousands of resources. */}
                  {isOpen && <pre className="json">{JSON.stringify(r.resource, null, 2)}</pre>}
                </details>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
