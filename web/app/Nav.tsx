import { Link, useLocation } from 'react-router-dom'
import { NAV_ITEMS, type NavItem } from './navigation.ts'
import { linkKeepingNamespaces } from './url/namespaces.ts'

/** Object detail pages (/namespaces/{ns}/istio/…) belong to the Istio Config section. */
function isCurrent(item: NavItem, pathname: string): boolean {
  if (pathname === item.path || pathname.startsWith(`${item.path}/`)) return true
  return item.path === '/istioconfig' && /^\/namespaces\/[^/]+\/istio\//.test(pathname)
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
