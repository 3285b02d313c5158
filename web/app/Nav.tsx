import { Link, useLocation } from 'react-router-dom'
import { NAV_ITEMS, type NavItem } from './navigation.ts'
import { sectionOfPath } from './url/entities.ts'
import { linkKeepingNamespaces } from './url/namespaces.ts'

/** Detail pages (/namespaces/{ns}/istio/…, /namespaces/{ns}/workloads/…) belong to their list's section. */
function isCurrent(item: NavItem, pathname: string): boolean {
  if (pathname === item.path || pathname.startsWith(`${item.path}/`)) return true
  return sectionOfPath(pathname) === item.path
}

export function Nav() {
  const location = useLocation()
  const params = new URLSearchParams(location.search)
  return (
    <nav className="sidenav" aria-label="Main">
      <ul>
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(item, location.pathname)
          return (
            <li key={item.path}>
              <Link
                to={linkKeepingNamespaces(item.path, params)}
                className={current ? 'nav-link active' : 'nav-link'}
                aria-current={current ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
