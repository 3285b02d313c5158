import { afterEach, describe, expect, it, vi } from 'vitest'
import { IstioConfigList } from '../../../shared/api.ts'
import { request } from '../../../web/api/client.ts'
import { ApiError } from '../../../web/api/errors.ts'

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }))
}

const VS = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '8' } }

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`)
  return err
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('request', () => {
  it('returns an answer that matches its schema, sending JSON', async () => {
    const fetch = answer(200, { items: [VS], validations: [] })
    vi.stubGlobal('fetch', fetch)
    const list = await request(IstioConfigList, '/api/istio/config', { method: 'PUT', body: { a: 1 } })
    expect(list.items[0].metadata.name).toBe('reviews')
    const init = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(init[1].body).toBe('{"a":1}')
    expect(init[1].headers).toMatchObject({ 'content-type': 'application/json' })
  })

  it('turns an error answer into an ApiError with its checks or current object', async () => {
    vi.stubGlobal('fetch', answer(409, { error: 'reviews was changed', reason: 'Conflict', statusCode: 409, current: VS }))
    const conflict = await failure(request(IstioConfigList, '/x', { method: 'PUT', body: {} }))
    expect(conflict).toMatchObject({ kind: 'http', statusCode: 409, reason: 'Conflict', message: 'reviews was changed' })
    expect(conflict.isConflict).toBe(true)
    expect(conflict.current?.metadata.resourceVersion).toBe('8')

    const check = { code: 'TRL0005', message: 'Invalid route weight', severity: 'error', path: 'spec/http[0]/route[0]/weight' }
    vi.stubGlobal('fetch', answer(400, { error: 'rejected', reason: 'Invalid', statusCode: 400, checks: [check] }))
    const rejected = await failure(request(IstioConfigList, '/x'))
    expect(rejected.isRejected).toBe(true)
    expect(rejected.checks).toEqual([check])
  })

  it('reports a non-JSON error answer by its status', async () => {
    vi.stubGlobal('fetch', answer(502, '<html>Bad gateway</html>'))
    const err = await failure(request(IstioConfigList, '/api/istio/config'))
    expect(err).toMatchObject({ kind: 'http', statusCode: 502 })
    expect(err.isTransient).toBe(true)
    expect(err.message).toContain('GET /api/istio/config failed: 502')
  })

  it('refuses an answer that does not match the contract, saying where', async () => {
    vi.stubGlobal('fetch', answer(200, { items: [{ kind: 'X' }], validations: [] }))
    const err = await failure(request(IstioConfigList, '/api/istio/config'))
    expect(err.kind).toBe('invalid-response')
    expect(err.message).toMatch(/\/items\/0/)
  })

  it('gives up after the timeout, and lets a caller cancellation through as is', async () => {
    const hang = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    )
    vi.stubGlobal('fetch', hang)
    const timeout = await failure(request(IstioConfigList, '/slow', { timeoutMs: 20 }))
    expect(timeout).toMatchObject({ kind: 'timeout', statusCode: 0 })
    expect(timeout.message).toContain('within 20 ms')

    const controller = new AbortController()
    const cancelled = request(IstioConfigList, '/slow', { signal: controller.signal })
    controller.abort()
    await expect(cancelled).rejects.not.toBeInstanceOf(ApiError)
  })

  it('reports a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    const err = await failure(request(IstioConfigList, '/api/istio/config'))
    expect(err).toMatchObject({ kind: 'network', statusCode: 0 })
    expect(err.message).toContain('fetch failed')
  })
})
