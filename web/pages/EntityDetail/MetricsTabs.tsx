import { useRef, type KeyboardEvent } from 'react'
import type { MetricsTab } from '../../app/url/metrics.ts'

const TAB_LABEL: Record<MetricsTab, string> = { inbound: 'Inbound metrics', outbound: 'Outbound metrics' }

export function tabId(tab: MetricsTab): string {
  return `metrics-tab-${tab}`
}

export function panelId(tab: MetricsTab): string {
  return `metrics-panel-${tab}`
}

interface Props {
  tabs: readonly MetricsTab[]
  selected: MetricsTab
  onSelect: (tab: MetricsTab) => void
}

/** WAI-ARIA tabs: arrow keys move between them, Home and End jump to the ends. */
export function MetricsTabs({ tabs, selected, onSelect }: Props) {
  const refs = useRef(new Map<MetricsTab, HTMLButtonElement>())
  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.indexOf(selected)
    const next =
      e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length]
      : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length]
      : e.key === 'Home' ? tabs[0]
      : e.key === 'End' ? tabs[tabs.length - 1]
      : undefined
    if (!next) return
    e.preventDefault()
    onSelect(next)
    refs.current.get(next)?.focus()
  }
  return (
    <div className="tabs" role="tablist" aria-label="Metrics" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            if (el) refs.current.set(tab, el)
            else refs.current.delete(tab)
          }}
          type="button"
          role="tab"
          id={tabId(tab)}
          className="tab"
          aria-selected={tab === selected}
          aria-controls={panelId(tab)}
          tabIndex={tab === selected ? 0 : -1}
          onClick={() => onSelect(tab)}
          data-testid={`tab-${tab}`}
        >
          {TAB_LABEL[tab]}
        </button>
      ))}
    </div>
  )
}
