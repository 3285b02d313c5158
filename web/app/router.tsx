import { lazy, Suspense } from 'react'
import { createBrowserRouter, Navigate, useRouteError } from 'react-router-dom'
import { ErrorBanner } from '../components/ErrorBanner.tsx'
import { Loading } from '../components/Loading.tsx'
import { IstioConfigListPage } from '../pages/IstioConfigList/IstioConfigListPage.tsx'
import { NotFoundPage } from '../pages/NotFound/NotFoundPage.tsx'
import { PlaceholderPage } from '../pages/Placeholder/PlaceholderPage.tsx'
import { ProxiesListPage } from '../pages/Proxies/ProxiesListPage.tsx'
import { ProxyDetailPage } from '../pages/ProxyDetail/ProxyDetailPage.tsx'
import { Layout } from './Layout.tsx'
import { DETAIL_ROUTE } from './url/objects.ts'
import { PROXY_DETAIL_ROUTE } from './url/proxies.ts'

// The editor (CodeMirror) is the heaviest part of the app; the list should not wait for it.
const IstioConfigDetailPage = lazy(() =>
  import('../pages/IstioConfigDetail/IstioConfigDetailPage.tsx').then((m) => ({ default: m.IstioConfigDetailPage })),
)

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
            { path: 'overview', element: <PlaceholderPage name="overview" /> },
            { path: 'graph', element: <PlaceholderPage name="graph" /> },
            { path: 'applications', element: <PlaceholderPage name="applications" /> },
            { path: 'workloads', element: <PlaceholderPage name="workloads" /> },
            { path: 'services', element: <PlaceholderPage name="services" /> },
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
