import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary } from './helpers.ts'

describe('Sidecar admission', () => {
  it('admits the Istio documentation default Sidecar', () => {
    const sidecar = fromYaml(`
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: bookinfo }
spec:
  workloadSelector: { labels: { app: reviews } }
  egress:
  - hosts: ["./*", "istio-system/*", "~/*.internal.example.com", "*/ratings.bookinfo.svc.cluster.local"]
`)
    expect(admitNew(sidecar)).toEqual([])
  })

  it.each([
    ['ratings.bookinfo.svc.cluster.local', 'has no namespace'],
    ['./ratings', 'short name'],
    ['Book_Info/*', 'namespace "Book_Info"'],
    ['./10.0.0.1', 'top-level domain is all digits'],
  ])('rejects the egress host %j', (host, why) => {
    const checks = admitNew(obj('Sidecar', { egress: [{ hosts: ['./*', host] }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/egress[0]/hosts[1]')])
    expect(checks[0].message).toContain(why)
  })

  it('requires hosts on each egress listener', () => {
    expect(summary(admitNew(obj('Sidecar', { egress: [{ hosts: [] }] })))).toEqual([error('invalidField', 'spec/egress[0]/hosts')])
  })
})
