import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO } from './helpers.ts'

const ORPHAN = `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: legacy, namespace: bookinfo }
spec: { address: 10.3.0.1, labels: { app: legacy, version: v1 } }
`

describe('WorkloadEntry analyzer', () => {
  it('accepts a workload a Service selects', () => {
    expect(analyze(BOOKINFO).checks('WorkloadEntry bookinfo/reviews-v2')).toEqual([])
  })

  it('warns about a workload no Service or ServiceEntry selects', () => {
    const [c] = analyze(BOOKINFO, ORPHAN).checks('WorkloadEntry bookinfo/legacy')
    expect(c).toMatchObject({ code: 'TRL0101', severity: 'warning', path: 'spec/labels' })
    expect(c.message).toContain('labels app=legacy, version=v1')
  })

  it('counts a ServiceEntry workloadSelector as selecting it', () => {
    const m = analyze(ORPHAN, `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: legacy, namespace: bookinfo }
spec:
  hosts: [legacy.example.internal]
  location: MESH_INTERNAL
  ports: [{ number: 80, name: http }]
  workloadSelector: { labels: { app: legacy } }
`)
    expect(m.checks('WorkloadEntry bookinfo/legacy')).toEqual([])
  })
})
