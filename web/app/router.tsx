import { lazy, Suspense } from 'react'
import { createBrowserRouter, Navigate, useRouteError } from 'react-router-dom'
import { ErrorBanner } from '../components/ErrorBanner.tsx'
import { Loading } from '../components/Loading.tsx'
import { EntityListPage } from '../pages/EntityList/EntityListPage.tsx'
import { IstioConfigListPage } from '../pages/IstioConfigList/IstioConfigListPage.tsx'
import { NotFoundPage } from '../pages/NotFound/NotFoundPage.tsx'
import { PlaceholderPage } from '../pages/Placeholder/PlaceholderPage.tsx'
import { ProxiesListPage } from '../pages/Proxies/ProxiesListPage.tsx'
import { ProxyDetailPage } from '../pages/ProxyDetail/ProxyDetailPage.tsx'
import { Layout } from './Layout.tsx'
import { ENTITY_KINDS, entityRoute } from './url/entities.ts'
import { NODE_GRAPH_ROUTE } from './url/graph.ts'
import { DETAIL_ROUTE } from './url/objects.ts'
import { PROXY_DETAIL_ROUTE } from './url/proxies.ts'

// The editor (CodeMirror) is the heaviest part of the app; the list should not wait for it.
const IstioConfigDetailPage = lazy(() =>
  import('../pages/IstioConfigDetail/IstioConfigDetailPage.tsx').then((m) => ({ default: m.IstioConfigDetailPage })),
)
// So are the charts (recharts): config pages and lists load without them.
const OverviewPage = lazy(() => import('../pages/Overview/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })))
const EntityDetailPage = lazy(() =>
  import('../pages/EntityDetail/EntityDetailPage.tsx').then((m) => ({ default: m.EntityDetailPage })),
)
const chartsFallback = <Loading label="Loading the charts…" />
// The graph brings cytoscape and its layouts: a chunk of its own.
const GraphPage = lazy(() => import('../pages/Graph/GraphPage.tsx').then((m) => ({ default: m.GraphPage })))

function RouteError() {
  const error = useRouteError()
  return (
    <div className="page">
      <ErrorBanner title="This view failed" error={error} onRetry={() => window.location.reload()} />
    </div>
  )
}

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, element: <Navigate to="/overview" replace /> },
            {
              path: 'overview',
              element: (
                <Suspense fallback={chartsFallback}>
                  <OverviewPage />
                </Suspense>
              ),
            },
            ...['graph', NODE_GRAPH_ROUTE].map((path) => ({
              path,
              element: (
                <Suspense fallback={<Loading label="Loading the graph…" />}>
                  <GraphPage />
                </Suspense>
              ),
            })),
            { path: 'applications', element: <EntityListPage key="app" kind="app" /> },
            { path: 'workloads', element: <EntityListPage key="workload" kind="workload" /> },
            { path: 'services', element: <EntityListPage key="service" kind="service" /> },
            ...ENTITY_KINDS.map((kind) => ({
              path: entityRoute(kind),
              element: (
                <Suspense fallback={chartsFallback}>
                  <EntityDetailPage kind={kind} />
                </Suspense>
              ),
            })),
            { path: 'istioconfig', element: <IstioConfigListPage /> },
            { path: 'traces', element: <PlaceholderPage name="traces" /> },
            { path: 'proxies', element: <ProxiesListPage /> },
            { path: PROXY_DETAIL_ROUTE, element: <ProxyDetailPage /> },
            {
              path: DETAIL_ROUTE,
              element: (
                <Suspense fallback={<Loading label="Loading the editor…" />}>
                  <IstioConfigDetailPage />
                </Suspense>
              ),
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ])
}
