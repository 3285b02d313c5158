import { describe, expect, test } from 'vitest'
// grpc-js-xds's own parser: what a workload process will run the bootstrap through.
import { validateBootstrapConfig } from '@grpc/grpc-js-xds/build/src/xds-bootstrap.js'
import { inboundListenerName, makeBootstrap, nodeId } from '../../../server/workload/bootstrap.ts'
import { proxyFromNode, type NodeMessage } from '../../../server/xds/node.ts'

const reviewsV2 = {
  xdsServer: '127.0.0.1:15010',
  namespace: 'bookinfo',
  workloadName: 'reviews-v2',
  podName: 'reviews-v2-7d9f8c',
  app: 'reviews',
  version: 'v2',
  labels: { team: 'books' },
  serviceAccount: 'bookinfo-reviews',
  ip: '127.0.0.1',
  ports: { grpc: 9080 },
}

describe('makeBootstrap', () => {
  test('uses Istio node id form and the proxyless agent metadata', () => {
    const b = makeBootstrap(reviewsV2)
    expect(b.node.id).toBe('sidecar~127.0.0.1~reviews-v2-7d9f8c.bookinfo~bookinfo.svc.cluster.local')
    expect(b.xds_servers).toEqual([{ server_uri: '127.0.0.1:15010', channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }])
    expect(b.server_listener_resource_name_template).toBe('xds.istio.io/grpc/lds/inbound/%s')
    expect(b.node.locality).toEqual({ region: '', zone: '', sub_zone: '' })
    expect(b.node.metadata).toEqual({
      GENERATOR: 'grpc',
      NAMESPACE: 'bookinfo',
      INSTANCE_IPS: '127.0.0.1',
      LABELS: {
        app: 'reviews',
        version: 'v2',
        team: 'books',
        'service.istio.io/canonical-name': 'reviews',
        'service.istio.io/canonical-revision': 'v2',
      },
      SERVICE_ACCOUNT: 'bookinfo-reviews',
      WORKLOAD_NAME: 'reviews-v2',
      NAME: 'reviews-v2-7d9f8c',
      POD_PORTS: '[{"name":"grpc","containerPort":9080,"protocol":"TCP"}]',
      CLUSTER_ID: 'Kubernetes',
      MESH_ID: 'cluster.local',
      ISTIO_VERSION: 'trellis',
    })
  })

  test('defaults: pod named after the process, no version → canonical revision latest, no POD_PORTS', () => {
    const b = makeBootstrap({ xdsServer: 'localhost:15010', namespace: 'default', workloadName: 'echo', app: 'echo' })
    expect(b.node.metadata.NAME).toBe(`echo-${process.pid}`)
    expect(b.node.id).toBe(nodeId('127.0.0.1', `echo-${process.pid}`, 'default'))
    expect(b.node.metadata.LABELS).toEqual({
      app: 'echo',
      'service.istio.io/canonical-name': 'echo',
      'service.istio.io/canonical-revision': 'latest',
    })
    expect(b.node.metadata.SERVICE_ACCOUNT).toBe('default')
    expect('POD_PORTS' in b.node.metadata).toBe(false)
  })

  test('locality, cluster domain, mesh id and explicit canonical labels are honoured', () => {
    const b = makeBootstrap({
      ...reviewsV2,
      locality: { region: 'eu-west1', zone: 'eu-west1-b' },
      clusterDomain: 'mesh.example',
      meshId: 'prod',
      labels: { 'service.istio.io/canonical-name': 'reviews-svc', app: 'ignored' },
    })
    expect(b.node.locality).toEqual({ region: 'eu-west1', zone: 'eu-west1-b', sub_zone: '' })
    expect(b.node.id.endsWith('~bookinfo.svc.mesh.example')).toBe(true)
    expect(b.node.metadata.MESH_ID).toBe('prod')
    expect(b.node.metadata.LABELS.app).toBe('reviews')
    expect(b.node.metadata.LABELS['service.istio.io/canonical-name']).toBe('reviews-svc')
  })

  test('grpc-js-xds accepts it, with metadata values of the kinds Istio sends', () => {
    const parsed = validateBootstrapConfig(makeBootstrap({ ...reviewsV2, locality: { zone: 'z1' } }))
    expect(parsed.serverListenerResourceNameTemplate).toBe('xds.istio.io/grpc/lds/inbound/%s')
    expect(parsed.xdsServers[0].server_uri).toBe('127.0.0.1:15010')
    expect(parsed.node.locality).toEqual({ region: '', zone: 'z1', sub_zone: '' })
    const fields = parsed.node.metadata?.fields ?? {}
    expect(fields.GENERATOR).toEqual({ kind: 'stringValue', stringValue: 'grpc' })
    expect(fields.INSTANCE_IPS.kind).toBe('stringValue')
    expect(fields.POD_PORTS.kind).toBe('stringValue')
    expect(fields.LABELS.kind).toBe('structValue')
    expect(fields.LABELS.structValue?.fields?.version).toEqual({ kind: 'stringValue', stringValue: 'v2' })
  })

  test("the control plane's node parser reads back the identity", () => {
    // The node as it travels: grpc-js-xds's Struct, locality in the proto's camelCase.
    const { node } = validateBootstrapConfig(makeBootstrap(reviewsV2))
    const proxy = proxyFromNode({ ...node, locality: { region: '', zone: '', subZone: '' } } as NodeMessage)
    expect(proxy).toMatchObject({
      type: 'sidecar',
      ip: '127.0.0.1',
      namespace: 'bookinfo',
      podName: 'reviews-v2-7d9f8c',
      workloadName: 'reviews-v2',
      serviceAccount: 'bookinfo-reviews',
      ports: { grpc: 9080 },
      generator: 'grpc',
    })
    expect(proxy.labels).toMatchObject({ app: 'reviews', version: 'v2' })
  })

  test.each([
    [{ xdsServer: '127.0.0.1' }, /xdsServer must be host:port/],
    [{ namespace: 'Book_Info' }, /namespace 'Book_Info'/],
    [{ ip: 'localhost' }, /ip must be an IP literal/],
    [{ ports: { grpc: 0 } }, /port 'grpc' must be an integer in 1\.\.65535/],
    [{ podName: 'a.b' }, /podName 'a\.b'/],
    [{ app: 'a~b' }, /app 'a~b'/],
  ])('rejects %j with a message saying what to fix', (override, message) => {
    expect(() => makeBootstrap({ ...reviewsV2, ...override })).toThrow(message)
  })

  test('inboundListenerName follows the template', () => {
    expect(inboundListenerName('127.0.0.1:7070')).toBe('xds.istio.io/grpc/lds/inbound/127.0.0.1:7070')
  })
})
