import type { ReactNode } from 'react'
import { BADGES } from './badges.ts'

/** Small SVG pictures of what the graph draws, in the theme's colours (classes in graph.css). */
const SHAPES: readonly { label: string; svg: ReactNode }[] = [
  { label: 'Workload', svg: <circle cx="10" cy="10" r="7" /> },
  { label: 'App', svg: <rect x="3" y="3" width="14" height="14" rx="3" /> },
  {
    label: 'Versioned app',
    svg: (
      <>
        <rect x="2" y="2" width="16" height="16" rx="3" />
        <rect x="5" y="5" width="10" height="10" rx="2" />
      </>
    ),
  },
  { label: 'Service', svg: <path d="M10 3 L17 16 L3 16 Z" strokeLinejoin="round" /> },
  { label: 'Service entry', svg: <path d="M10 2 L18 10 L10 18 L2 10 Z" strokeLinejoin="round" /> },
  { label: 'Unknown (outside telemetry)', svg: <path d="M6 3 L14 3 L18 10 L14 17 L6 17 L2 10 Z" strokeLinejoin="round" /> },
  { label: 'Namespace box', svg: <rect x="1.5" y="3.5" width="17" height="13" rx="2" strokeDasharray="3 2" /> },
]

const EDGES: readonly { label: string; className: string; dashed?: boolean }[] = [
  { label: 'Healthy', className: 'legend-edge-healthy' },
  { label: 'Degraded (errors above the degraded threshold)', className: 'legend-edge-degraded' },
  { label: 'Failure (errors above the failure threshold)', className: 'legend-edge-failure' },
  { label: 'TCP', className: 'legend-edge-tcp' },
  { label: 'No traffic in the window', className: 'legend-edge-idle', dashed: true },
]

/** What the shapes, colours, pills and the lock mean. Collapsed by default; its state is the browser's. */
export function Legend() {
  return (
    <details className="graph-legend" data-testid="graph-legend">
      <summary>Legend</summary>
      <div className="graph-legend-body">
        <section aria-label="Nodes">
          <h3>Nodes</h3>
          <ul>
            {SHAPES.map((s) => (
              <li key={s.label}>
                <svg className="legend-shape" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                  {s.svg}
                </svg>
                {s.label}
              </li>
            ))}
            <li>
              <svg className="legend-shape legend-shape-failure" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="7" />
              </svg>
              Red or orange border: failing or degraded
            </li>
          </ul>
        </section>
        <section aria-label="Edges">
          <h3>Edges</h3>
          <ul>
            {EDGES.map((e) => (
              <li key={e.label}>
                <svg className={`legend-edge ${e.className}`} width="28" height="10" viewBox="0 0 28 10" aria-hidden="true">
                  <line x1="1" y1="5" x2="22" y2="5" strokeDasharray={e.dashed ? '4 3' : undefined} />
                  <path d="M21 1.5 L27 5 L21 8.5 Z" />
                </svg>
                {e.label}
              </li>
            ))}
            <li>
              <svg className="legend-lock" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="8" />
                <path d="M7 9 V7.5 a3 3 0 0 1 6 0 V9" fill="none" />
                <rect x="6" y="9" width="8" height="6" rx="1" />
              </svg>
              Mutual TLS on the edge
            </li>
          </ul>
        </section>
        <section aria-label="Badges">
          <h3>Badges</h3>
          <ul className="legend-badges">
            {Object.values(BADGES).map((b) => (
              <li key={b.code}>
                <span className="graph-badge">{b.code}</span> {b.title}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </details>
  )
}
