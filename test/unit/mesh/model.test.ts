import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { buildSnapshot, nextSnapshot } from '../../../server/mesh/model.ts'
import { isVisible, parseGatewayRef, resolveHost, DEFAULT_NAMING } from '../../../server/mesh/hosts.ts'

function objs(text: string): ConfigObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as ConfigObject).filter(Boolean)
}

const BASE = objs(`
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: bookinfo}
spec:
  selector: {app: ratings}
  ports: [{name: grpc-main, port: 9080, targetPort: grpc}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: reviews-v1, namespace: bookinfo}
spec: {address: 10.0.0.1, labels: {app: reviews, version: v1}, serviceAccount: bookinfo-reviews}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: reviews-v2, namespace: bookinfo}
spec: {address: 10.0.0.2, labels: {app: reviews, version: v2}}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: ratings-v1, namespace: bookinfo}
spec: {address: 10.0.0.3, labels: {app: ratings, version: v1}, ports: {grpc-main: 7070}}
`)

const REVIEWS = 'reviews.bookinfo.svc.cluster.local'

describe('host resolution', () => {
  it('expands short names relative to the object namespace, as Istio does', () => {
    expect(resolveHost('reviews', 'bookinfo', DEFAULT_NAMING)).toBe(REVIEWS)
    expect(resolveHost('reviews.bookinfo.svc.cluster.local', 'other', DEFAULT_NAMING)).toBe(REVIEWS)
    expect(resolveHost('*.bookinfo.svc.cluster.local', 'x', DEFAULT_NAMING)).toBe('*.bookinfo.svc.cluster.local')
    expect(resolveHost('*', 'x', DEFAULT_NAMING)).toBe('*')
    // Istio takes anything with a dot as written.
    expect(resolveHost('reviews.bookinfo', 'x', DEFAULT_NAMING)).toBe('reviews.bookinfo')
  })

  it('applies exportTo', () => {
    expect(isVisible(undefined, 'a', 'b')).toBe(true)
    expect(isVisible(['.'], 'a', 'a')).toBe(true)
    expect(isVisible(['.'], 'a', 'b')).toBe(false)
    expect(isVisible(['~'], 'a', 'a')).toBe(false)
    expect(isVisible(['b', 'c'], 'a', 'c')).toBe(true)
    expect(isVisible(['*'], 'a', 'z')).toBe(true)
  })

  it('parses gateway references in every form', () => {
    expect(parseGatewayRef('mesh', 'ns')).toBeNull()
    expect(parseGatewayRef('gw', 'ns')).toEqual({ namespace: 'ns', name: 'gw' })
    expect(parseGatewayRef('istio-system/gw', 'ns')).toEqual({ namespace: 'istio-system', name: 'gw' })
    expect(parseGatewayRef('gw.other.svc.cluster.local', 'ns')).toEqual({ namespace: 'other', name: 'gw' })
  })
})

describe('services, workloads and endpoints', () => {
  it('indexes services by FQDN and endpoints by selector, with named target ports', () => {
    const s = buildSnapshot(BASE)
    expect(s.service(REVIEWS)?.ports[0]).toMatchObject({ port: 9080, protocol: 'http' })
    expect(s.endpoints(REVIEWS).map((e) => e.address).sort()).toEqual(['10.0.0.1', '10.0.0.2'])
    const ratings = s.endpoints('ratings.bookinfo.svc.cluster.local')
    expect(ratings).toHaveLength(1)
    expect(ratings[0]).toMatchObject({ port: 7070, servicePort: 9080 })
    expect(s.workloadsMatching('bookinfo', { app: 'reviews', version: 'v2' }).map((w) => w.name)).toEqual(['reviews-v2'])
    expect(s.principal(s.workload('WorkloadEntry/bookinfo/reviews-v1')!)).toBe('cluster.local/ns/bookinfo/sa/bookinfo-reviews')
    expect(s.namespaces()).toEqual(['bookinfo'])
  })

  it('updates endpoints incrementally and leaves the previous snapshot untouched', () => {
    const s1 = buildSnapshot(BASE)
    const [we] = objs(`
apiVersion: networking.istio.io/v1beta1
kind: WorkloadEntry
metadata: {name: reviews-v3, namespace: bookinfo}
spec: {address: 10.0.0.9, labels: {app: reviews, version: v3}}
`)
    const s2 = nextSnapshot(s1, [{ type: 'upsert', object: we }])
    expect(s2.endpoints(REVIEWS)).toHaveLength(3)
    expect(s1.endpoints(REVIEWS)).toHaveLength(2)
    // relabel it out of the service
    const moved = { ...we, spec: { address: '10.0.0.9', labels: { app: 'other' } } }
    const s3 = nextSnapshot(s2, [{ type: 'upsert', object: moved }])
    expect(s3.endpoints(REVIEWS)).toHaveLength(2)
    const s4 = nextSnapshot(s3, [{ type: 'delete', object: BASE[0] }])
    expect(s4.service(REVIEWS)).toBeUndefined()
    expect(s4.endpoints(REVIEWS)).toHaveLength(0)
    expect(s3.service(REVIEWS)).toBeDefined()
  })

  it('registers proxies as workloads and counts their namespace', () => {
    const s1 = buildSnapshot(BASE)
    const s2 = nextSnapshot(s1, [{
      type: 'upsertWorkload',
      workload: {
        key: 'proxy/x', name: 'reviews-v9', namespace: 'bookinfo', labels: { app: 'reviews', version: 'v9' }, address: '127.0.0.1',
        ports: {}, serviceAccount: 'default', locality: '', weight: 1, network: '', origin: 'Proxy',
      },
    }])
    expect(s2.endpoints(REVIEWS).map((e) => e.address)).toContain('127.0.0.1')
    const s3 = nextSnapshot(s2, [{ type: 'deleteWorkload', key: 'proxy/x' }])
    expect(s3.endpoints(REVIEWS).map((e) => e.address)).not.toContain('127.0.0.1')
  })
})

describe('routing config by host', () => {
  const routing = objs(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo, creationTimestamp: "2024-01-02T00:00:00Z"}
spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews-client, namespace: frontend, creationTimestamp: "2024-01-03T00:00:00Z"}
spec: {hosts: [reviews.bookinfo.svc.cluster.local], exportTo: ["."], http: [{route: [{destination: {host: reviews.bookinfo.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wild, namespace: bookinfo, creationTimestamp: "2024-01-01T00:00:00Z"}
spec: {hosts: ["*.bookinfo.svc.cluster.local"], http: [{route: [{destination: {host: ratings}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: at-gateway, namespace: bookinfo}
spec: {hosts: [reviews], gateways: [bookinfo-gateway], http: [{route: [{destination: {host: reviews}}]}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-frontend, namespace: frontend}
spec: {host: reviews.bookinfo.svc.cluster.local, exportTo: ["."]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh-default, namespace: istio-system}
spec: {host: "*.cluster.local", trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
`)
  const s = buildSnapshot([...BASE, ...routing])

  it('prefers exact hosts, then the client namespace, and honours exportTo and gateways', () => {
    expect(s.virtualServiceFor(REVIEWS, 'bookinfo')?.object.metadata.name).toBe('reviews')
    expect(s.virtualServiceFor(REVIEWS, 'frontend')?.object.metadata.name).toBe('reviews-client')
    expect(s.virtualServiceFor(REVIEWS, 'other')?.object.metadata.name).toBe('reviews')
    expect(s.virtualServiceFor('ratings.bookinfo.svc.cluster.local', 'bookinfo')?.object.metadata.name).toBe('wild')
    expect(s.virtualServiceFor(REVIEWS, 'bookinfo', 'bookinfo/bookinfo-gateway')?.object.metadata.name).toBe('at-gateway')
    expect(s.virtualServicesClaiming(REVIEWS).map((b) => b.object.metadata.name).sort()).toEqual(['at-gateway', 'reviews', 'reviews-client', 'wild'])
  })

  it('finds DestinationRules in Istio order: client namespace, host namespace, root namespace', () => {
    expect(s.destinationRuleFor(REVIEWS, 'frontend')?.object.metadata.name).toBe('reviews-frontend')
    expect(s.destinationRuleFor(REVIEWS, 'bookinfo')?.object.metadata.name).toBe('reviews')
    expect(s.destinationRuleFor(REVIEWS, 'other')?.object.metadata.name).toBe('reviews')
    expect(s.destinationRuleFor('ratings.bookinfo.svc.cluster.local', 'bookinfo')?.object.metadata.name).toBe('mesh-default')
  })

  it('re-indexes a VirtualService whose hosts change', () => {
    const vs = routing[0]
    const moved = { ...vs, spec: { ...vs.spec, hosts: ['ratings'] } }
    const s2 = nextSnapshot(s, [{ type: 'upsert', object: moved }])
    expect(s2.virtualServicesClaiming(REVIEWS).map((b) => b.object.metadata.name)).not.toContain('reviews')
    expect(s2.virtualServiceFor('ratings.bookinfo.svc.cluster.local', 'bookinfo')?.object.metadata.name).toBe('reviews')
  })
})
