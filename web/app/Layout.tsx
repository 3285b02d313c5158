import { Outlet } from 'react-router-dom'
import { useLiveEvents } from '../api/useLiveEvents.ts'
import { LiveIndicator } from '../components/LiveIndicator.tsx'
import { NamespaceSelector } from '../components/NamespaceSelector.tsx'
import { PrometheusBanner } from '../components/PrometheusBanner.tsx'
import { ThemeToggle } from '../components/ThemeToggle.tsx'
import { Nav } from './Nav.tsx'

export function Layout() {
  const live = useLiveEvents()
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⋕
          </span>
          Trellis
        </span>
        <div className="topbar-controls">
          <NamespaceSelector />
          <LiveIndicator status={live} />
          <ThemeToggle />
        </div>
      </header>
      <Nav />
      <main id="main" className="main" tabIndex={-1}>
        <PrometheusBanner />
        <Outlet />
      </main>
    </div>
  )
}
