import { describe, expect, it } from 'vitest'
import { analyze, app, BOOKINFO, withCode } from './helpers.ts'

function pa(name: string, ns: string, body: string, created = '2024-01-01T00:00:00Z'): string {
  return `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${ns}, creationTimestamp: "${created}" }
spec:
${body}`
}

function dr(body: string, name = 'reviews', ns = 'bookinfo'): string {
  return `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${ns} }
spec:
${body}`
}

const DISABLE = dr(`
  host: reviews
  trafficPolicy: { tls: { mode: DISABLE } }
`)
const MUTUAL = dr(`
  host: reviews
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
`)
const meshStrict = pa('default', 'istio-system', '  mtls: { mode: STRICT }')
const nsStrict = pa('default', 'bookinfo', '  mtls: { mode: STRICT }')
const nsDisable = pa('default', 'bookinfo', '  mtls: { mode: DISABLE }')

const mtls = (m: ReturnType<typeof analyze>, name = 'DestinationRule bookinfo/reviews') =>
  m.checks(name).filter((c) => c.code === 'KIA0207' || c.code === 'IST0113')

describe('mTLS conflicts between DestinationRule and PeerAuthentication', () => {
  it('reports DISABLE towards workloads made STRICT by the mesh-wide policy', () => {
    const [c] = mtls(analyze(BOOKINFO, meshStrict, DISABLE))
    expect(c).toMatchObject({ code: 'KIA0207', severity: 'error', path: 'spec/trafficPolicy/tls/mode' })
    expect(c.message).toContain('reviews-v1, reviews-v2, reviews-v3 require mTLS (STRICT from PeerAuthentication istio-system/default)')
  })

  it('lets the namespace policy override the mesh, and a workload policy override the namespace', () => {
    const permissiveNs = pa('default', 'bookinfo', '  mtls: { mode: PERMISSIVE }')
    expect(mtls(analyze(BOOKINFO, meshStrict, permissiveNs, DISABLE))).toEqual([])
    const strictV3 = pa('reviews-v3', 'bookinfo', `
  selector: { matchLabels: { app: reviews, version: v3 } }
  mtls: { mode: STRICT }`)
    const [c] = mtls(analyze(BOOKINFO, permissiveNs, strictV3, DISABLE))
    expect(c.message).toContain('but reviews-v3 requires mTLS (STRICT from PeerAuthentication bookinfo/reviews-v3)')
  })

  it('inherits through UNSET', () => {
    const unsetNs = pa('default', 'bookinfo', '  mtls: { mode: UNSET }')
    expect(mtls(analyze(BOOKINFO, meshStrict, unsetNs, DISABLE))).toHaveLength(1)
  })

  it('defaults to PERMISSIVE, which conflicts with neither mode', () => {
    expect(mtls(analyze(BOOKINFO, DISABLE))).toEqual([])
    expect(mtls(analyze(BOOKINFO, MUTUAL))).toEqual([])
  })

  it('reports ISTIO_MUTUAL towards workloads with mTLS disabled', () => {
    const [c] = mtls(analyze(BOOKINFO, nsDisable, MUTUAL))
    expect(c).toMatchObject({ code: 'IST0113', severity: 'error', path: 'spec/trafficPolicy/tls/mode' })
    expect(c.message).toContain('have mTLS disabled (DISABLE from PeerAuthentication bookinfo/default)')
  })

  it('checks port-level settings against port-level PeerAuthentication', () => {
    const portStrict = pa('reviews', 'bookinfo', `
  selector: { matchLabels: { app: reviews } }
  mtls: { mode: PERMISSIVE }
  portLevelMtls: { "9080": { mode: STRICT } }`)
    const portDisable = dr(`
  host: reviews
  trafficPolicy:
    portLevelSettings: [{ port: { number: 9080 }, tls: { mode: DISABLE } }]
`)
    const [c] = mtls(analyze(BOOKINFO, portStrict, portDisable))
    expect(c).toMatchObject({ code: 'KIA0207', path: 'spec/trafficPolicy/portLevelSettings[0]/tls/mode' })
    expect(c.message).toContain('port 9080')
  })

  it('checks subset policies against the subset workloads only', () => {
    const strictV2 = pa('reviews-v2', 'bookinfo', `
  selector: { matchLabels: { version: v2 } }
  mtls: { mode: STRICT }`)
    const subsets = dr(`
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 }, trafficPolicy: { tls: { mode: DISABLE } } }
  - { name: v2, labels: { version: v2 }, trafficPolicy: { tls: { mode: DISABLE } } }
`)
    const checks = mtls(analyze(BOOKINFO, strictV2, subsets))
    expect(checks.map((c) => c.path)).toEqual(['spec/subsets[1]/trafficPolicy/tls/mode'])
    expect(checks[0].message).toContain('subset "v2" (version=v2)')
  })

  it('uses the namespace policy for a host without workloads', () => {
    const [c] = mtls(analyze(app('bookinfo', 'reviews', []), nsStrict, DISABLE))
    expect(c.message).toContain('namespace bookinfo requires mTLS')
  })

  it('checks wildcard rules against every host they cover (mesh-wide DISABLE under mesh-wide STRICT)', () => {
    const everything = dr(`
  host: "*.local"
  trafficPolicy: { tls: { mode: DISABLE } }
`, 'default', 'istio-system')
    const [c] = mtls(analyze(BOOKINFO, meshStrict, everything), 'DestinationRule istio-system/default')
    expect(c.message).toContain('across 4 hosts')
  })

  it('leaves external ServiceEntries alone', () => {
    const m = analyze(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: bookinfo }
spec: { hosts: [api.example.com], ports: [{ number: 80, name: http }], resolution: DNS }
`, meshStrict, dr('  host: api.example.com\n  trafficPolicy: { tls: { mode: DISABLE } }', 'api'))
    expect(withCode(m.checks('DestinationRule bookinfo/api'), 'KIA0207')).toEqual([])
  })
})
