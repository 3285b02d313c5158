import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO } from './helpers.ts'

describe('exportTo analyzer', () => {
  it('warns about namespaces that do not exist, for each kind with exportTo', () => {
    const m = analyze(BOOKINFO, `
apiVersion: v1
kind: Namespace
metadata: { name: frontend }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  exportTo: [".", frontend, "*", frontendd]
  http: [{ route: [{ destination: { host: reviews } }] }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec: { host: reviews, exportTo: [nowhere] }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: bookinfo }
spec: { hosts: [api.example.com], exportTo: ["~", gone], ports: [{ number: 80, name: http }] }
`)
    const [vs] = m.checks('VirtualService bookinfo/reviews')
    expect(vs).toMatchObject({ code: 'KIA0005', severity: 'warning', path: 'spec/exportTo[3]' })
    expect(vs.message).toContain('namespace "frontendd" at spec/exportTo[3] does not exist')
    expect(m.checks('DestinationRule bookinfo/reviews')).toMatchObject([{ code: 'KIA0005', path: 'spec/exportTo[0]' }])
    expect(m.checks('ServiceEntry bookinfo/api')).toMatchObject([{ code: 'KIA0005', path: 'spec/exportTo[1]' }])
  })
})
