import { describe, expect, it } from 'vitest'
import { hostClaim, routingContext, versionsOf } from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS, obj, REVIEWS, REVIEWS_DR, workloads } from './helpers.ts'

const vs = (name: string, namespace: string, hosts: string, extra = '') => obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace}, creationTimestamp: "2024-01-0${name.length % 9 + 1}T00:00:00Z" }
spec:
  hosts: ${hosts}
${extra}
  http: [{ route: [{ destination: { host: reviews } }] }]
`)

describe('which objects the wizards edit', () => {
  it('resolves hosts as Istio does: short names in the object\'s namespace, FQDNs and wildcards as written', () => {
    expect(hostClaim('reviews', 'bookinfo', REVIEWS)).toBe('exact')
    expect(hostClaim('reviews', 'other', REVIEWS)).toBeUndefined()
    expect(hostClaim('reviews.bookinfo.svc.cluster.local', 'other', REVIEWS)).toBe('exact')
    // A dotted name is taken as written, as Istio does: reviews.bookinfo is not a Kubernetes FQDN.
    expect(hostClaim('reviews.bookinfo', 'bookinfo', REVIEWS)).toBeUndefined()
    expect(hostClaim('*.bookinfo.svc.cluster.local', 'x', REVIEWS)).toBe('wildcard')
    expect(hostClaim('*', 'x', REVIEWS)).toBe('wildcard')
    expect(hostClaim('*.other.svc.cluster.local', 'x', REVIEWS)).toBeUndefined()
  })

  it('prefers the exact host, then the service\'s namespace; skips gateway-only and other hosts', () => {
    const wildcard = vs('all', 'bookinfo', '["*.bookinfo.svc.cluster.local"]')
    const elsewhere = vs('from-ops', 'ops', '[reviews.bookinfo.svc.cluster.local]')
    const gatewayOnly = vs('edge', 'bookinfo', '[reviews]', '  gateways: [bookinfo-gateway]')
    const unrelated = vs('ratings', 'bookinfo', '[ratings]')
    const ctx = routingContext({ target: REVIEWS, virtualServices: [wildcard, elsewhere, gatewayOnly, unrelated, DEMO_VS], destinationRules: [REVIEWS_DR], workloads: workloads('v1') })
    expect(ctx.vs?.metadata.name).toBe('reviews')
    expect(ctx.notices.map((n) => n.message)).toEqual([
      'VirtualService ops/from-ops also claims reviews; calls use the first VirtualService that claims a host, so the wizards edit VirtualService bookinfo/reviews',
      'VirtualService bookinfo/all also claims reviews; calls use the first VirtualService that claims a host, so the wizards edit VirtualService bookinfo/reviews',
    ])
    const onlyElsewhere = routingContext({ target: REVIEWS, virtualServices: [wildcard, elsewhere], destinationRules: [], workloads: [] })
    expect(onlyElsewhere.vs?.metadata.name).toBe('from-ops')
    // Destinations written from another namespace must name the service in full.
    expect(onlyElsewhere.destinationHost).toBe('reviews.bookinfo.svc.cluster.local')
    const mesh = routingContext({ target: REVIEWS, virtualServices: [vs('edge', 'bookinfo', '[reviews]', '  gateways: [mesh, bookinfo-gateway]')], destinationRules: [], workloads: [] })
    expect(mesh.vs?.metadata.name).toBe('edge')
  })

  it('names new objects after the service unless the name is taken', () => {
    expect(ctxOf({ virtualServices: [], destinationRules: [] }).newVirtualServiceName).toBe('reviews')
    const taken = vs('reviews', 'bookinfo', '[ratings]')
    expect(ctxOf({ virtualServices: [taken] }).newVirtualServiceName).toBe('reviews-2')
  })

  it('says when the VirtualService routes other hosts too', () => {
    const multi = vs('shared', 'bookinfo', '[reviews, ratings]')
    expect(ctxOf({ virtualServices: [multi] }).notices[0].message).toBe('VirtualService bookinfo/shared also routes ratings: its routes apply to every host it lists')
  })

  it('leaves DestinationRules with a workload selector alone', () => {
    const scoped = obj(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: for-productpage, namespace: bookinfo }
spec: { host: reviews, workloadSelector: { matchLabels: { app: productpage } } }
`)
    expect(ctxOf({ destinationRules: [scoped] }).dr).toBeUndefined()
  })
})

describe('versions', () => {
  it('come from the workloads\' version labels, tied to the subsets that select exactly them', () => {
    const dr = obj(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: stable, labels: { version: v1 } }
  - { name: canary, labels: { version: v2, track: canary } }
  - { name: v10, labels: { version: v10 } }
`)
    expect(versionsOf([...workloads('v2', 'v1'), { name: 'reviews-v1-b', labels: { version: 'v1' } }, { name: 'no-version', labels: {} }], dr, 'version')).toEqual([
      { name: 'v1', subset: 'stable', workloads: ['reviews-v1', 'reviews-v1-b'] },
      { name: 'v2', workloads: ['reviews-v2'] },
      // A subset of a version nothing runs yet is still a version to route to.
      { name: 'v10', subset: 'v10', workloads: [] },
    ])
  })
})
