// From a sample's labels to its edge, remembered per request: every query of a graph names the same
// edges with other label sets, and the resolver must give each sample what Kiali's rules give it
// (an absent label is not an `unknown` one), once per distinct set of values.
import { describe, expect, it } from 'vitest'
import { SampleResolver } from '../../../server/graph/samples.ts'
import { sample } from './helpers.ts'

const labels = (more: Record<string, string> = {}, drop: string[] = []) => {
  const l = { ...sample(more, 1).labels }
  for (const d of drop) delete l[d]
  return l
}

describe('SampleResolver', () => {
  it('gives samples with the same edge labels one answer, whatever else they carry', () => {
    const r = new SampleResolver('workload', false)
    const a = r.resolve(labels({ response_code: '200' }))
    const b = r.resolve(labels({ response_code: '503', response_flags: 'UF' }))
    expect(a).toBeDefined()
    expect(b).toBe(a)
    expect(a!.ids.source.key).toBe('wl_Kubernetes_bookinfo_productpage-v1')
    expect(a!.ids.dest.key).toBe('wl_Kubernetes_bookinfo_reviews-v1')
    expect(a!.sides.host).toBe('reviews.bookinfo.svc.cluster.local')
    expect(a!.protocol).toBe('http')
    // Another protocol between the same workloads is another edge.
    const grpc = r.resolve(labels({ request_protocol: 'grpc' }))
    expect(grpc).not.toBe(a)
    expect(grpc!.protocol).toBe('grpc')
  })

  it('shares node identities between the label sets of different queries', () => {
    const r = new SampleResolver('versionedApp', true)
    const traffic = r.resolve(labels())!
    // A response-time query groups by the source and the destination service only.
    const times = r.resolve(labels({}, ['destination_workload', 'destination_workload_namespace', 'destination_canonical_service', 'destination_canonical_revision', 'destination_service']))!
    expect(times).not.toBe(traffic)
    expect(times.ids.source).toBe(traffic.ids.source)
    expect(times.ids.source.key).toBe('vapp_Kubernetes_bookinfo_productpage-v1')
    expect(traffic.ids.service!.key).toBe('svc_Kubernetes_bookinfo_reviews')
    // With no destination workload, the destination is the service itself.
    expect(times.ids.dest).toBe(traffic.ids.service)
    expect(times.ids.service).toBeUndefined()
  })

  it('tells an absent label from an unknown one', () => {
    const r = new SampleResolver('workload', false)
    // A source in a namespace whose cluster is unknown is broken telemetry ...
    expect(r.resolve(labels({ source_cluster: 'unknown' }))).toBeUndefined()
    // ... but a query that does not group by the cluster knows nothing of it.
    const noCluster = r.resolve(labels({}, ['source_cluster']))
    expect(noCluster?.ids.source.key).toBe('wl_unknown_bookinfo_productpage-v1')
    // And the host reads as none when absent, as `unknown` when Istio said so.
    expect(r.resolve(labels({}, ['destination_service']))!.sides.host).toBe('')
    expect(r.resolve(labels({ destination_service: 'unknown' }))!.sides.host).toBe('unknown')
  })

  it("gives a request that reached no destination its source's cluster", () => {
    const r = new SampleResolver('workload', false)
    const aborted = r.resolve(labels({
      destination_cluster: 'unknown', destination_workload: 'unknown', destination_workload_namespace: 'unknown',
      destination_canonical_service: 'unknown', destination_canonical_revision: 'unknown',
    }))!
    expect(aborted.sides.dest.cluster).toBe('Kubernetes')
    expect(aborted.ids.dest).toEqual({ key: 'svc_Kubernetes_bookinfo_reviews', nodeType: 'service' })
    // The same labels from another source cluster are another destination.
    const east = r.resolve(labels({
      source_cluster: 'east', destination_cluster: 'unknown', destination_workload: 'unknown', destination_workload_namespace: 'unknown',
      destination_canonical_service: 'unknown', destination_canonical_revision: 'unknown',
    }))!
    expect(east.ids.dest.key).toBe('svc_east_bookinfo_reviews')
  })

  it('drops what Kiali drops: a pod IP as the service, a source named by nothing', () => {
    const r = new SampleResolver('workload', false)
    expect(r.resolve(labels({ destination_service: '10.1.2.3:9080', destination_service_name: '10.1.2.3:9080', destination_workload: 'unknown' }))).toBeUndefined()
    expect(r.resolve(labels({ source_workload: 'unknown', source_canonical_service: 'unknown' }))).toBeUndefined()
    // Remembered as such: asking again gives the same answer.
    expect(r.resolve(labels({ source_workload: 'unknown', source_canonical_service: 'unknown' }))).toBeUndefined()
  })
})
