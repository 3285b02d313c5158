// The left navigation, in Kiali's order.
export interface NavItem {
  path: string
  label: string
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/overview', label: 'Overview' },
  { path: '/graph', label: 'Graph' },
  { path: '/applications', label: 'Applications' },
  { path: '/workloads', label: 'Workloads' },
  { path: '/services', label: 'Services' },
  { path: '/istioconfig', label: 'Istio Config' },
  { path: '/traces', label: 'Traces' },
  { path: '/proxies', label: 'Proxies' },
]
