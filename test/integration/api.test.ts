// The REST API as a client sees it, through fastify.inject (and a real port for server-sent events).
import { readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiError, IstioConfigDetails, IstioConfigList, WriteResponse } from '../../shared/api.ts'
import type { ValidationsResponse } from '../../shared/validation.ts'
import type { Trellis } from '../../server/runtime.ts'
import { eventually, REVIEWS_VS, withTrellis } from './helpers.ts'

const VS_PATH = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService'
const VS_FILE = 'bookinfo/reviews-vs.yaml'

let t: Trellis
let dir: string
let cleanup: () => Promise<void>

beforeEach(async () => {
  ;({ trellis: t, dir, cleanup } = await withTrellis())
})
afterEach(async () => cleanup())

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, contentType?: string) {
  const res = await t.app.inject({
    method, url,
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    headers: body === undefined ? {} : { 'content-type': contentType ?? 'application/json' },
  })
  return { status: res.statusCode, body: res.json() as T }
}

const readVsFile = () => readFile(join(dir, VS_FILE), 'utf8')

describe('reading config', () => {
  it('lists namespaces, config and validations', async () => {
    const ns = await call<{ name: string; labels: Record<string, string> }[]>('GET', '/api/namespaces')
    expect(ns.body).toContainEqual({ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } })
    const list = await call<IstioConfigList>('GET', '/api/istio/config?namespaces=bookinfo')
    expect(list.body.items.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['DestinationRule/reviews', 'VirtualService/reviews', ...[
      'details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3'].map((n) => `WorkloadEntry/${n}`)])
    const detail = await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)
    expect(detail.status).toBe(200)
    expect(detail.body.resource.metadata.resourceVersion).toMatch(/^\d+$/)
    expect(detail.body.validation).toMatchObject({ name: 'reviews', namespace: 'bookinfo', valid: true })
    const v = await call<ValidationsResponse>('GET', '/api/istio/validations?namespaces=bookinfo')
    expect(v.body.summaries).toContainEqual(expect.objectContaining({ namespace: 'bookinfo', errors: 0 }))
  })

  it('answers 404 for a missing object and 400 for bad names and kinds', async () => {
    expect((await call<ApiError>('GET', `${VS_PATH}/nope`)).status).toBe(404)
    const badKind = await call<ApiError>('GET', '/api/namespaces/bookinfo/istio/networking.istio.io/v1/Widget/x')
    expect(badKind.status).toBe(400)
    expect(badKind.body.error).toMatch(/unknown kind "Widget"/)
    const badVersion = await call<ApiError>('GET', '/api/namespaces/bookinfo/istio/networking.istio.io/v9/VirtualService/x')
    expect(badVersion.body.error).toMatch(/v1, v1beta1, v1alpha3/)
    const escape = await call<ApiError>('GET', `${VS_PATH}/..%2F..%2Fetc%2Fpasswd`)
    expect(escape.status).toBe(400)
    expect(escape.body.error).toMatch(/not a valid Kubernetes name/)
    const badNs = await call<ApiError>('GET', '/api/istio/config?namespaces=Bad_NS')
    expect(badNs.status).toBe(400)
  })
})

describe('writing config', () => {
  it('creates, updates with optimistic concurrency, merge-patches weights and deletes', async () => {
    const created = await call<WriteResponse>('POST', VS_PATH, {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
      metadata: { name: 'ratings' },
      spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }] }] },
    })
    expect(created.status).toBe(200)
    expect(created.body.resource.metadata.namespace).toBe('bookinfo')
    const again = await call<ApiError>('POST', VS_PATH, created.body.resource)
    expect(again.status).toBe(409)

    const current = (await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)).body.resource
    const before = await readVsFile()
    const stale = structuredClone(current)
    stale.metadata.resourceVersion = String(Number(current.metadata.resourceVersion) - 1)
    const conflict = await call<ApiError>('PUT', `${VS_PATH}/reviews`, stale)
    expect(conflict.status).toBe(409)
    expect(conflict.body.current?.metadata.resourceVersion).toBe(current.metadata.resourceVersion)
    expect(await readVsFile()).toBe(before)

    const patched = await call<WriteResponse>('PATCH', `${VS_PATH}/reviews`, {
      spec: { http: [{ route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
        { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
      ] }] },
    }, 'application/merge-patch+json')
    expect(patched.status).toBe(200)
    const text = await readVsFile()
    expect(text).toContain('subset: v3')
    expect(text).toContain('weight: 50')
    expect(text).toContain('# Reviews routing, owned by the reviews team.')
    expect(text).toContain('# short name, expanded')

    // The patched object's resourceVersion is current: a PUT with it succeeds.
    const put = await call<WriteResponse>('PUT', `${VS_PATH}/reviews`, patched.body.resource)
    expect(put.status).toBe(200)

    const del = await call<unknown>('DELETE', `${VS_PATH}/ratings`)
    expect(del.status).toBe(200)
    expect((await call<ApiError>('GET', `${VS_PATH}/ratings`)).status).toBe(404)
  })

  it('rejects an invalid VirtualService with 400 and leaves the file byte-for-byte unchanged', async () => {
    const before = await readVsFile()
    const current = (await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)).body.resource
    const bad = structuredClone(current) as unknown as { spec: { http: { route: { weight: number }[] }[] } }
    bad.spec.http[0].route[0].weight = -5
    const res = await call<ApiError>('PUT', `${VS_PATH}/reviews`, bad)
    expect(res.status).toBe(400)
    expect(res.body.checks?.some((c) => c.path === 'spec/http[0]/route[0]/weight' && c.severity === 'error')).toBe(true)
    const patch = await call<ApiError>('PATCH', `${VS_PATH}/reviews`, { spec: { http: [{ redirect: { uri: '/x' } }] } }, 'application/merge-patch+json')
    expect(patch.status).toBe(400)
    expect(await readVsFile()).toBe(before)
  })

  it('refuses bodies that disagree with the path, unknown kinds and oversized bodies', async () => {
    const wrongNs = await call<ApiError>('POST', VS_PATH, { kind: 'VirtualService', apiVersion: 'networking.istio.io/v1', metadata: { name: 'x', namespace: 'other' }, spec: { hosts: ['x'] } })
    expect(wrongNs.status).toBe(400)
    expect(wrongNs.body.error).toMatch(/differs from the namespace in the path/)
    const wrongKind = await call<ApiError>('POST', VS_PATH, { kind: 'Gateway', apiVersion: 'networking.istio.io/v1', metadata: { name: 'x' } })
    expect(wrongKind.status).toBe(400)
    const badName = await call<ApiError>('POST', VS_PATH, { metadata: { name: 'Bad/Name' }, spec: { hosts: ['x'] } })
    expect(badName.status).toBe(400)
    const huge = await call<ApiError>('POST', VS_PATH, { metadata: { name: 'huge', annotations: { a: 'x'.repeat(1024 * 1024 + 10) } }, spec: { hosts: ['x'] } })
    expect(huge.status).toBe(413)
    const notJson = await call<ApiError>('PATCH', `${VS_PATH}/reviews`, '{nope', 'application/merge-patch+json')
    expect(notJson.status).toBe(400)
  })

  it('accepts YAML bodies', async () => {
    const yaml = REVIEWS_VS.replace('name: reviews\n', 'name: reviews-yaml\n')
    const res = await call<WriteResponse>('POST', VS_PATH, yaml, 'application/yaml')
    expect(res.status).toBe(200)
    expect(res.body.resource.metadata.name).toBe('reviews-yaml')
  })

  it('dry run validates and analyzes without storing', async () => {
    const before = await readVsFile()
    const res = await call<WriteResponse>('PATCH', `${VS_PATH}/reviews?dryRun=true`, {
      spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v4' } }] }] },
    }, 'application/merge-patch+json')
    expect(res.status).toBe(200)
    expect(res.body.dryRun).toBe(true)
    expect(res.body.validation.checks.map((c) => c.code)).toContain('KIA1107')
    expect(await readVsFile()).toBe(before)
    const stored = (await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)).body
    expect(stored.validation.valid).toBe(true)
  })
})

describe('view-only mode', () => {
  it('refuses every write with 403', async () => {
    const ro = await withTrellis({ viewOnly: true })
    try {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const res = await ro.trellis.app.inject({ method, url: `${VS_PATH}/reviews`, payload: '{}', headers: { 'content-type': 'application/json' } })
        expect(res.statusCode).toBe(403)
      }
      const detail = await ro.trellis.app.inject({ method: 'GET', url: `${VS_PATH}/reviews` })
      expect(detail.json().permissions).toEqual({ create: false, update: false, delete: false })
    } finally {
      await ro.cleanup()
    }
  })
})

describe('hand edits and live events', () => {
  it('shows an edit made by hand in GET and on /api/events within 1 s', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const received: string[] = []
    const req = request(`${url}/api/events`, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => received.push(chunk))
    })
    req.end()
    await eventually(() => received.length > 0)
    const start = Date.now()
    await writeFile(join(dir, VS_FILE), REVIEWS_VS.replace('subset: v2', 'subset: v3'))
    const seenInGet = await eventually(async () => {
      const d = await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)
      return JSON.stringify(d.body.resource.spec).includes('"v3"')
    }, 1000)
    await eventually(() => received.join('').includes('"name":"reviews"') && received.join('').includes('event: config'), 1000 - (Date.now() - start))
    expect(seenInGet).toBeLessThan(1000)
    req.destroy()
  })

  it('reports a malformed file and keeps serving the rest', async () => {
    await writeFile(join(dir, 'bookinfo/broken.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: broken\n  namespace: bookinfo\nspec: {hosts: [x\n')
    await eventually(async () => (await call<ValidationsResponse>('GET', '/api/istio/validations')).body.sourceErrors.length > 0)
    const v = await call<ValidationsResponse>('GET', '/api/istio/validations')
    expect(v.body.sourceErrors[0]).toMatchObject({ file: 'bookinfo/broken.yaml' })
    expect((await call<IstioConfigDetails>('GET', `${VS_PATH}/reviews`)).status).toBe(200)
  })
})
