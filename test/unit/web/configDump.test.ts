import { describe, expect, it } from 'vitest'
import type { ProxyConfigDump } from '../../../shared/xds.ts'
import { dumpSections, resourceName } from '../../../web/pages/ProxyDetail/dump.ts'

const CLUSTER = 'type.googleapis.com/envoy.config.cluster.v3.Cluster'
const ENDPOINT = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'

describe('resource names', () => {
  it('reads name, or clusterName for endpoints', () => {
    expect(resourceName({ name: 'outbound|9080||reviews.bookinfo.svc.cluster.local', type: 'EDS' })).toBe(
      'outbound|9080||reviews.bookinfo.svc.cluster.local',
    )
    expect(resourceName({ clusterName: 'outbound|9080|v1|reviews.bookinfo.svc.cluster.local', endpoints: [] })).toBe(
      'outbound|9080|v1|reviews.bookinfo.svc.cluster.local',
    )
    expect(resourceName({ endpoints: [] })).toBe('(unnamed)')
  })
})

describe('dump sections', () => {
  const dump: ProxyConfigDump = {
    id: 'sidecar~127.0.0.1~reviews-v1-1.bookinfo~bookinfo.svc.cluster.local',
    types: {
      EDS: { typeUrl: ENDPOINT, sentVersion: '7', resources: [] },
      CDS: {
        typeUrl: CLUSTER,
        sentVersion: '3',
        ackedVersion: '3',
        resources: [{ name: 'outbound|9080||reviews.bookinfo.svc.cluster.local' }, { name: 'outbound|9080||details.bookinfo.svc.cluster.local' }],
      },
    },
  }

  it('has one section per type in column order, resources sorted by name', () => {
    const sections = dumpSections(dump)
    expect(sections.map((s) => s.type)).toEqual(['CDS', 'LDS', 'EDS', 'RDS'])
    expect(sections[0]).toMatchObject({ typeUrl: CLUSTER, sentVersion: '3', ackedVersion: '3' })
    expect(sections[0].resources.map((r) => r.name)).toEqual([
      'outbound|9080||details.bookinfo.svc.cluster.local',
      'outbound|9080||reviews.bookinfo.svc.cluster.local',
    ])
  })

  it('tells a type never sent (no typeUrl) from one sent empty', () => {
    const [, lds, eds] = dumpSections(dump)
    expect(lds).toEqual({ type: 'LDS', resources: [] })
    expect(eds).toMatchObject({ typeUrl: ENDPOINT, sentVersion: '7', resources: [] })
  })
})
