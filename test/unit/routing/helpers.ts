// Fixtures for the routing model's tests: objects from YAML, and the reviews service as the
// Bookinfo demo runs it.
import { parse, parseAllDocuments } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { routingContext, type RoutingContext, type RoutingInput, type WorkloadInfo } from '../../../shared/routing/index.ts'

export function obj(yaml: string): ConfigObject {
  return parse(yaml) as ConfigObject
}

export function objs(yaml: string): ConfigObject[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as ConfigObject)
}

export const REVIEWS = { namespace: 'bookinfo', service: 'reviews', hostname: 'reviews.bookinfo.svc.cluster.local' }

export function workloads(...versions: string[]): WorkloadInfo[] {
  return versions.map((v) => ({ name: `reviews-${v}`, labels: { app: 'reviews', version: v } }))
}

export const REVIEWS_DR = obj(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo, resourceVersion: "7" }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
  - name: v3
    labels: { version: v3 }
`)

/** The demo's reviews routing: the test user jason to v2, everyone else to v1. */
export const DEMO_VS = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo, resourceVersion: "3" }
spec:
  hosts:
  - reviews
  http:
  - name: test-users
    match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - name: everyone-else
    route:
    - destination:
        host: reviews
        subset: v1
      weight: 100
`)

export function ctxOf(over: Partial<RoutingInput> = {}): RoutingContext {
  return routingContext({
    target: REVIEWS,
    virtualServices: [DEMO_VS],
    destinationRules: [REVIEWS_DR],
    workloads: workloads('v1', 'v2', 'v3'),
    ...over,
  })
}
