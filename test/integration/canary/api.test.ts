// Canary ramps through the REST API: CRUD on the generic Istio config paths (JSON and YAML bodies,
// admission, analyzers, the Istio Config list), the pause/resume/cancel shortcuts, 409 on a stale
// write with the current object, and --view-only refusing every write (ramp routes included)
// while the controller writes nothing.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiError, IstioConfigDetails, IstioConfigList, WriteResponse } from '../../../shared/api.ts'
import type { CanaryRampStatus } from '../../../shared/canary.ts'
import { createTrellis, type Trellis } from '../../../server/runtime.ts'
import { CODES } from '../../../server/validation/codes.ts'
import { BOOKINFO_FILES, eventually, makeConfigDir, withTrellis } from '../helpers.ts'

const RAMPS = '/api/namespaces/bookinfo/istio/rollouts.trellis.dev/v1alpha1/canaryramps'
const VS = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService'
const SPEC = { service: 'reviews', stable: 'v1', canary: 'v3', steps: [10, 50, 100], interval: '30s', gates: { maxErrorPercent: 5, minRequests: 10 } }
const RAMP_YAML = `# reviews v3, slowly
apiVersion: rollouts.trellis.dev/v1alpha1
kind: CanaryRamp
metadata:
  name: reviews-v3
  namespace: bookinfo
spec:
  service: reviews
  stable: v1
  canary: v3
  steps: [10, 50, 100]
  interval: 30s
`

let t: Trellis
let dir: string
let cleanup: () => Promise<void> = async () => {}
afterEach(async () => cleanup())

async function call<T>(method: string, url: string, body?: unknown, contentType = 'application/json') {
  const res = await t.app.inject({
    method: method as 'GET', url,
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': contentType } }),
  })
  return { status: res.statusCode, body: (res.body ? res.json() : undefined) as T }
}

describe('canary ramps on the generic config paths', () => {
  it('creates, reads, lists, validates and deletes a ramp', async () => {
    ;({ trellis: t, dir, cleanup } = await withTrellis())
    const created = await call<WriteResponse>('POST', RAMPS, { metadata: { name: 'reviews-v3' }, spec: SPEC })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    expect(created.body.resource).toMatchObject({ apiVersion: 'rollouts.trellis.dev/v1alpha1', kind: 'CanaryRamp', metadata: { namespace: 'bookinfo' } })
    expect(created.body.validation).toMatchObject({ valid: true, objectGVK: { group: 'rollouts.trellis.dev', version: 'v1alpha1', kind: 'CanaryRamp' } })
    expect(await readdir(join(dir, 'bookinfo'))).toContain('canaryramp-reviews-v3.yaml')

    const got = await call<IstioConfigDetails>('GET', `${RAMPS}/reviews-v3`)
    expect(got.status).toBe(200)
    expect(got.body.resource.spec).toEqual(SPEC)
    // The Kind name works in paths as well as the plural.
    expect((await call('GET', '/api/namespaces/bookinfo/istio/rollouts.trellis.dev/v1alpha1/CanaryRamp/reviews-v3')).status).toBe(200)

    const list = await call<IstioConfigList>('GET', '/api/istio/config?namespaces=bookinfo&objects=CanaryRamp')
    expect(list.body.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['CanaryRamp/reviews-v3'])
    expect(list.body.validations.find((v) => v.objectGVK.kind === 'CanaryRamp')).toMatchObject({ name: 'reviews-v3', valid: true })

    // Analysis, not admission: a ramp for a service that does not exist is stored, with an error on it.
    const lonely = await call<WriteResponse>('POST', RAMPS, { metadata: { name: 'ratings' }, spec: { ...SPEC, service: 'ratingz' } })
    expect(lonely.status).toBe(200)
    expect(lonely.body.validation.valid).toBe(false)
    expect(lonely.body.validation.checks.map((c) => `${c.code} ${c.path}`)).toContain(`${CODES.canaryServiceNotFound.code} spec/service`)

    expect((await call('DELETE', `${RAMPS}/ratings`)).status).toBe(200)
    expect((await call('GET', `${RAMPS}/ratings`)).status).toBe(404)
  })

  it('takes YAML bodies and loads ramps from the config folder', async () => {
    ;({ trellis: t, dir, cleanup } = await withTrellis({ files: { ...BOOKINFO_FILES, 'bookinfo/ramp.yaml': RAMP_YAML } }))
    const loaded = await call<IstioConfigDetails>('GET', `${RAMPS}/reviews-v3`)
    expect(loaded.status).toBe(200)
    expect(loaded.body.source).toEqual({ file: 'bookinfo/ramp.yaml' })
    const yaml = await call<WriteResponse>('POST', RAMPS, RAMP_YAML.replace('name: reviews-v3', 'name: reviews-v2').replace('canary: v3', 'canary: v2'), 'application/yaml')
    expect(yaml.status, JSON.stringify(yaml.body)).toBe(200)
    expect(yaml.body.resource.spec?.canary).toBe('v2')
    // Two unfinished ramps for one service: each is told about the other.
    expect(yaml.body.validation.checks.map((c) => c.code)).toContain(CODES.canarySameService.code)
  })

  it('refuses a bad ramp with 400, each check naming its field, and writes no file', async () => {
    ;({ trellis: t, dir, cleanup } = await withTrellis())
    const res = await call<ApiError>('POST', RAMPS, {
      metadata: { name: 'bad' },
      spec: { service: 'reviews', stable: 'v1', canary: 'v1', steps: [50, 20], interval: '0.5s', gates: { maxErrorPercent: 120 } },
    })
    expect(res.status).toBe(400)
    expect(res.body.checks?.filter((c) => c.severity === 'error').map((c) => c.path).sort())
      .toEqual(['spec/gates/maxErrorPercent'])
    const rules = await call<ApiError>('POST', RAMPS, {
      metadata: { name: 'bad' }, spec: { service: 'reviews', stable: 'v1', canary: 'v1', steps: [50, 20], interval: '0.5s' },
    })
    expect(rules.status).toBe(400)
    const checks = rules.body.checks ?? []
    expect(checks.map((c) => c.path).sort()).toEqual(['spec/canary', 'spec/interval', 'spec/steps[1]', 'spec/steps[1]'])
    // Each message names its field too, for readers of a log line without the path.
    for (const c of checks) expect(c.message).toContain(c.path.replace(/\//g, '.').replace(/^spec\.(steps\[1\])$/, '$1'))
    expect(rules.body.error).toMatch(/CanaryRamp bookinfo\/bad is invalid/)
    expect(await readdir(join(dir, 'bookinfo'))).not.toContain('canaryramp-bad.yaml')
  })
})

describe('the ramp shortcuts', () => {
  it('pause, resume and cancel as merge patches of the spec; 404, 400 and 409 as the generic paths answer', async () => {
    ;({ trellis: t, dir, cleanup } = await withTrellis({ files: { ...BOOKINFO_FILES, 'bookinfo/ramp.yaml': RAMP_YAML } }))
    const action = (name: string, what: string, query = '') => call<WriteResponse & ApiError>('POST', `/api/namespaces/bookinfo/canaryramps/${name}/${what}${query}`)
    const paused = await action('reviews-v3', 'pause')
    expect(paused.status).toBe(200)
    expect(paused.body.resource.spec).toMatchObject({ paused: true })
    expect(await readFile(join(dir, 'bookinfo/ramp.yaml'), 'utf8')).toMatch(/^# reviews v3, slowly\n[\s\S]*paused: true/)
    expect((await action('reviews-v3', 'resume')).body.resource.spec).toMatchObject({ paused: false })
    const stale = await action('reviews-v3', 'cancel', `?resourceVersion=${Number(paused.body.resource.metadata.resourceVersion)}`)
    expect(stale.status).toBe(409)
    expect(stale.body.current?.spec).toMatchObject({ paused: false })
    const cancelled = await action('reviews-v3', 'cancel')
    expect(cancelled.body.resource.spec).toMatchObject({ cancelled: true })
    expect((await action('nope', 'pause')).status).toBe(404)
    expect((await action('reviews-v3', 'restart')).status).toBe(400)
  })

  it('a stale PUT of a ramp gets 409 with the current object', async () => {
    ;({ trellis: t, dir, cleanup } = await withTrellis({ files: { ...BOOKINFO_FILES, 'bookinfo/ramp.yaml': RAMP_YAML } }))
    const current = (await call<IstioConfigDetails>('GET', `${RAMPS}/reviews-v3`)).body.resource
    await call('POST', '/api/namespaces/bookinfo/canaryramps/reviews-v3/pause')
    const res = await call<ApiError>('PUT', `${RAMPS}/reviews-v3`, { ...current, spec: { ...current.spec, interval: '1m' } })
    expect(res.status).toBe(409)
    expect(res.body.current?.spec).toMatchObject({ paused: true, interval: '30s' })
  })
})

/** Every route with a method that writes, from Fastify's printRoutes tree (`├── /path (POST, …)`, four columns a level). */
function writeRoutes(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = []
  const stack: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line)
    if (!m) continue
    const depth = m[1].length / 4
    stack.length = depth
    stack.push(m[2])
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim())) {
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) out.push({ method, path: stack.join('') })
    }
  }
  return out
}

describe('view-only mode', () => {
  async function trellisOver(viewOnly: boolean): Promise<void> {
    dir = await makeConfigDir({ ...BOOKINFO_FILES, 'bookinfo/ramp.yaml': RAMP_YAML })
    // A Prometheus URL, so that only view-only mode keeps the controller off (nothing listens there).
    t = await createTrellis({ configDir: dir, viewOnly, prometheusUrl: 'http://127.0.0.1:9', logger: pino({ level: 'silent' }), webRoot: join(dir, 'no-web') })
    cleanup = async () => t.close()
  }

  it('refuses every write with 403, ramp routes included, dry runs too', async () => {
    await trellisOver(true)
    const writes: [string, string, unknown?][] = [
      ['POST', RAMPS, { metadata: { name: 'x' }, spec: SPEC }],
      ['PUT', `${RAMPS}/reviews-v3`, { metadata: { name: 'reviews-v3' }, spec: SPEC }],
      ['PATCH', `${RAMPS}/reviews-v3`, { spec: { paused: true } }],
      ['DELETE', `${RAMPS}/reviews-v3`],
      ['POST', `${RAMPS}?dryRun=true`, { metadata: { name: 'x' }, spec: SPEC }],
      ['PATCH', `${VS}/reviews?dryRun=true`, { spec: {} }],
      ['DELETE', `${VS}/reviews`],
      ['POST', '/api/namespaces/bookinfo/canaryramps/reviews-v3/pause'],
      ['POST', '/api/namespaces/bookinfo/canaryramps/reviews-v3/resume'],
      ['POST', '/api/namespaces/bookinfo/canaryramps/reviews-v3/cancel'],
    ]
    for (const [method, url, body] of writes) {
      const res = await call<ApiError>(method, url, body, method === 'PATCH' ? 'application/merge-patch+json' : 'application/json')
      expect(res.status, `${method} ${url}`).toBe(403)
      expect(res.body.reason).toBe('Forbidden')
    }
    // And whatever write route the app has (parsed from Fastify's route table), with its parameters filled in.
    const routes = writeRoutes(t.app.printRoutes({ commonPrefix: false }))
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([
      'POST /api/namespaces/:namespace/istio/:group/:version/:kind', 'PUT /api/namespaces/:namespace/istio/:group/:version/:kind/:name',
      'PATCH /api/namespaces/:namespace/istio/:group/:version/:kind/:name', 'DELETE /api/namespaces/:namespace/istio/:group/:version/:kind/:name',
      'POST /api/namespaces/:namespace/canaryramps/:name/:action',
    ]))
    const fill: Record<string, string> = {
      namespace: 'bookinfo', group: 'rollouts.trellis.dev', version: 'v1alpha1', kind: 'canaryramps', name: 'reviews-v3', action: 'cancel', id: 'x',
    }
    for (const r of routes) {
      const url = r.path.replace(/:(\w+)/g, (_m, p: string) => fill[p] ?? 'x')
      const res = await call<ApiError>(r.method, url, r.method === 'DELETE' ? undefined : { spec: { paused: true } })
      expect(res.status, `${r.method} ${url}`).toBe(403)
    }
    expect(t.store.list({ kind: 'CanaryRamp' })[0].spec).not.toHaveProperty('paused')
    const details = await call<IstioConfigDetails>('GET', `${RAMPS}/reviews-v3`)
    expect(details.status).toBe(200)
    expect(details.body.permissions).toEqual({ create: false, update: false, delete: false })
  })

  it('shows ramps without driving them: no controller, no status, the routing as it was', async () => {
    await trellisOver(true)
    expect(t.canary).toBeUndefined()
    const rampFile = await readFile(join(dir, 'bookinfo/ramp.yaml'), 'utf8')
    const vsFile = await readFile(join(dir, 'bookinfo/reviews-vs.yaml'), 'utf8')
    await new Promise((r) => setTimeout(r, 1500))
    expect(await readFile(join(dir, 'bookinfo/ramp.yaml'), 'utf8')).toBe(rampFile)
    expect(await readFile(join(dir, 'bookinfo/reviews-vs.yaml'), 'utf8')).toBe(vsFile)
    expect(t.store.list({ kind: 'CanaryRamp' })[0].status).toBeUndefined()
  })

  it('the same config without view-only is driven: the ramp starts and shifts reviews', async () => {
    await trellisOver(false)
    expect(t.canary).toBeDefined()
    await eventually(() => (t.store.list({ kind: 'CanaryRamp' })[0].status as CanaryRampStatus | undefined)?.phase === 'Progressing', 5000)
    expect(await readFile(join(dir, 'bookinfo/ramp.yaml'), 'utf8')).toMatch(/status:\n\s+phase: Progressing/)
    expect(await readFile(join(dir, 'bookinfo/reviews-vs.yaml'), 'utf8')).toMatch(/subset: v3\n\s+weight: 10/)
  })
})
