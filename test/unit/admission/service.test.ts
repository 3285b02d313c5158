import { describe, expect, it } from 'vitest'
import { admitNew, error, fromYaml, obj, summary } from './helpers.ts'

const svc = (spec: Record<string, unknown>) => obj('Service', spec, { apiVersion: 'v1', name: 'reviews' })

describe('Service admission', () => {
  it('admits the Bookinfo reviews Service, and DNS on 53 over TCP and UDP', () => {
    const reviews = fromYaml(`
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
  labels: { app: reviews, service: reviews }
spec:
  ports:
  - { port: 9080, name: http }
  selector: { app: reviews }
`)
    expect(admitNew(reviews)).toEqual([])
    expect(admitNew(svc({ ports: [{ port: 53, name: 'dns', protocol: 'UDP' }, { port: 53, name: 'dns-tcp', protocol: 'TCP' }] }))).toEqual([])
  })

  it('rejects ports out of range through the schema', () => {
    const checks = admitNew(svc({ ports: [{ port: 70000, name: 'http' }] }))
    expect(summary(checks)).toEqual([error('schema', 'spec/ports[0]/port')])
    expect(checks[0].message).toContain('must be ≤ 65535; got 70000')
  })

  it('rejects duplicate ports and port names', () => {
    const checks = admitNew(svc({ ports: [{ port: 9080, name: 'http' }, { port: 9080, name: 'grpc' }, { port: 9090, name: 'http' }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/ports[1]/port'), error('invalidField', 'spec/ports[2]/name')])
  })

  it('requires port names once there is more than one port, and valid ones', () => {
    expect(admitNew(svc({ ports: [{ port: 9080 }] }))).toEqual([])
    const checks = admitNew(svc({ ports: [{ port: 9080 }, { port: 9090, name: 'Metrics' }] }))
    expect(summary(checks)).toEqual([error('invalidField', 'spec/ports[0]/name'), error('invalidField', 'spec/ports[1]/name')])
    expect(checks[1].message).toContain('upper-case')
  })

  it('rejects invalid selector labels', () => {
    expect(summary(admitNew(svc({ selector: { app: 'reviews!' } })))).toEqual([error('invalidLabel', 'spec/selector/app')])
  })
})
