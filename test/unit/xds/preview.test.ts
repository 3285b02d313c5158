// The dry run's push preview when the config made from an object cannot be encoded: the strict
// encoder's complaint comes back as an error check on the object (TRL0402), not as a 500, and
// nothing is stored. A generator that adds a field the Envoy protos do not have stands in for a
// generator bug; it misbehaves only on routes with a fault, so the stored config stays sendable.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WriteResponse } from '../../../shared/api.ts'
import { buildApp } from '../../../server/app.ts'
import { EventHub } from '../../../server/events.ts'
import { MeshModel } from '../../../server/mesh/model.ts'
import { FileStore } from '../../../server/store/files/store.ts'
import { admit } from '../../../server/validation/admission/index.ts'
import { CODES } from '../../../server/validation/codes.ts'
import { ValidationEngine } from '../../../server/validation/engine.ts'
import { AdsServer } from '../../../server/xds/ads.ts'
import { GENERATORS } from '../../../server/xds/generate/index.ts'
import { TYPE_URL } from '../../../server/xds/protos.ts'
import type { Generators } from '../../../server/xds/types.ts'
import { makeConfigDir } from '../../integration/helpers.ts'

const VS_URL = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews'
const FAULT = { fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 10 } } }, route: [{ destination: { host: 'reviews', subset: 'v1' } }] }

const broken: Generators = {
  ...GENERATORS,
  [TYPE_URL.route]: (snapshot, proxy, names) => GENERATORS[TYPE_URL.route](snapshot, proxy, names).map((r) =>
    (JSON.stringify(r.message).includes(TYPE_URL.fault) ? { ...r, message: { ...r.message, notAField: 1 } } : r)),
}

let dir: string
let cleanup: () => Promise<void>
let inject: (method: 'PATCH' | 'DELETE', url: string, body?: unknown) => Promise<{ status: number; body: WriteResponse }>

beforeEach(async () => {
  dir = await makeConfigDir()
  const store = new FileStore({ dir, admission: admit, watch: false })
  await store.ready
  const model = new MeshModel(store)
  const validation = new ValidationEngine()
  validation.full(model.snapshot)
  model.on('change', (c) => validation.update(c))
  const xds = new AdsServer({ model, generators: broken, logger: pino({ level: 'silent' }) })
  const app = await buildApp({ store, model, validation, events: new EventHub(), viewOnly: false, xds })
  inject = async (method, url, body) => {
    const res = await app.inject({
      method, url, ...(body ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/merge-patch+json' } } : {}),
    })
    return { status: res.statusCode, body: res.json() as WriteResponse }
  }
  cleanup = async () => {
    await app.close()
    await xds.close()
    model.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
})
afterEach(async () => cleanup())

describe('a dry run whose config cannot be encoded', () => {
  it('answers 200 with an error check naming the resource and the field, and stores nothing', async () => {
    const before = await readFile(join(dir, 'bookinfo/reviews-vs.yaml'), 'utf8')
    const res = await inject('PATCH', `${VS_URL}?dryRun=true`, { spec: { http: [FAULT] } })
    expect(res.status).toBe(200)
    expect(res.body.dryRun).toBe(true)
    expect(res.body.validation.valid).toBe(false)
    const failed = res.body.validation.checks.filter((c) => c.code === CODES.xdsUnencodable.code)
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ severity: 'error', path: '' })
    expect(failed[0].message).toMatch(/RDS outbound\|9080\|\|reviews\.bookinfo\.svc\.cluster\.local for proxies in namespace bookinfo: .*no field "notAField"/)
    expect(failed[0].message).toMatch(/config made from VirtualService bookinfo\/reviews/)
    // No proxy is connected: nothing would be pushed.
    expect(res.body.push).toEqual({ proxies: [], resources: [] })
    expect(await readFile(join(dir, 'bookinfo/reviews-vs.yaml'), 'utf8')).toBe(before)
  })

  it('has no such check when the config encodes', async () => {
    const res = await inject('PATCH', `${VS_URL}?dryRun=true`, { spec: { http: [{ route: FAULT.route }] } })
    expect(res.status).toBe(200)
    expect(res.body.validation.checks.filter((c) => c.code === CODES.xdsUnencodable.code)).toEqual([])
    expect(res.body.validation.valid).toBe(true)
  })
})
