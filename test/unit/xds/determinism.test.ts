import { describe, expect, it } from 'vitest'
import { buildSnapshot } from '../../../server/mesh/model.ts'
import { GENERATORS } from '../../../server/xds/generate/index.ts'
import { encodeResource, PUSH_ORDER } from '../../../server/xds/protos.ts'
import { BOOKINFO, objects, proxy, REVIEWS, REVIEWS_SUBSETS } from './helpers.ts'

const ROUTING = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - match: [{ headers: { x-b: { exact: '1' }, x-a: { prefix: '2' } } }]
    fault: { abort: { grpcStatus: UNAVAILABLE, percentage: { value: 12.5 } } }
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route:
    - { destination: { host: reviews, subset: v1 }, weight: 80 }
    - { destination: { host: reviews, subset: v3 }, weight: 20 }
`

/** Every resource of every type, wildcard and by name, packed. */
function packed(docs: ReturnType<typeof objects>): Map<string, string> {
  const snapshot = buildSnapshot(docs)
  const out = new Map<string, string>()
  const named = [`outbound|9080|v2|${REVIEWS}`, 'reviews:9080', 'xds.istio.io/grpc/lds/inbound/10.0.0.1:9080']
  for (const typeUrl of PUSH_ORDER) {
    for (const r of [...GENERATORS[typeUrl](snapshot, proxy(), []), ...GENERATORS[typeUrl](snapshot, proxy(), named)]) {
      out.set(`${typeUrl} ${r.name}`, Buffer.from(encodeResource(typeUrl, r.message)).toString('base64'))
    }
  }
  return out
}

describe('generated resources are deterministic, so packed bytes can be cached by content hash', () => {
  it('gives deep-equal resources with the same key order for the same mesh', () => {
    const docs = objects(BOOKINFO, REVIEWS_SUBSETS, ROUTING)
    for (const typeUrl of PUSH_ORDER) {
      const a = GENERATORS[typeUrl](buildSnapshot(docs), proxy(), [])
      const b = GENERATORS[typeUrl](buildSnapshot(docs), proxy(), [])
      expect(a.length).toBeGreaterThan(0)
      expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    }
  })

  it('gives the same bytes whatever order the objects were loaded in', () => {
    const docs = objects(BOOKINFO, REVIEWS_SUBSETS, ROUTING)
    const forward = packed(docs)
    expect(forward.size).toBeGreaterThan(20)
    expect(packed([...docs].reverse())).toEqual(forward)
  })
})
