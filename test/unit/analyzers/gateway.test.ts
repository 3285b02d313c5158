import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO } from './helpers.ts'

const GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: bookinfo-gateway, namespace: bookinfo }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]
`
const INGRESS = `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: ingress, namespace: istio-system }
spec: { address: 10.9.0.1, labels: { istio: ingressgateway } }
`

describe('Gateway analyzer', () => {
  it('warns when the selector matches no workload in any namespace', () => {
    const [c] = analyze(BOOKINFO, GATEWAY).checks('Gateway bookinfo/bookinfo-gateway')
    expect(c).toMatchObject({ code: 'KIA0302', severity: 'warning', path: 'spec/selector' })
    expect(c.message).toContain('istio=ingressgateway')
  })

  it('accepts a selector matching a workload in another namespace', () => {
    expect(analyze(BOOKINFO, GATEWAY, INGRESS).checks('Gateway bookinfo/bookinfo-gateway')).toEqual([])
  })
})
