import { describe, expect, it } from 'vitest'
import { analyze, BOOKINFO } from './helpers.ts'

function sidecar(body: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: bookinfo }
spec:
${body}`
}

describe('Sidecar analyzers', () => {
  it('accepts egress hosts that name services, namespaces and patterns', () => {
    const m = analyze(BOOKINFO, sidecar(`
  workloadSelector: { labels: { app: reviews } }
  egress:
  - hosts: [./ratings.bookinfo.svc.cluster.local, bookinfo/*, "*/details.bookinfo.svc.cluster.local", "./*.bookinfo.svc.cluster.local", "~/*", "*/*"]
`))
    expect(m.checks('Sidecar bookinfo/default')).toEqual([])
  })

  it('warns about egress hosts that name no service, saying why', () => {
    const m = analyze(BOOKINFO, sidecar(`
  egress:
  - hosts: [./ratings, other/*, istio-system/ratings.bookinfo.svc.cluster.local, "*/*.example.com"]
`))
    const checks = m.checks('Sidecar bookinfo/default')
    expect(checks.map((c) => [c.code, c.severity, c.path])).toEqual([
      ['KIA1004', 'warning', 'spec/egress[0]/hosts[0]'],
      ['KIA1004', 'warning', 'spec/egress[0]/hosts[1]'],
      ['KIA1004', 'warning', 'spec/egress[0]/hosts[2]'],
      ['KIA1004', 'warning', 'spec/egress[0]/hosts[3]'],
    ])
    expect(checks[0].message).toContain('hosts are FQDNs, such as ratings.bookinfo.svc.cluster.local')
    expect(checks[1].message).toContain('namespace other does not exist')
    expect(checks[2].message).toContain('namespace istio-system does not exist')
  })

  it('warns when the workload selector matches nothing', () => {
    const m = analyze(BOOKINFO, sidecar('  workloadSelector: { labels: { app: reviews, version: v7 } }'))
    expect(m.checks('Sidecar bookinfo/default')).toMatchObject([
      { code: 'KIA0004', severity: 'warning', path: 'spec/workloadSelector/labels' },
    ])
  })
})
