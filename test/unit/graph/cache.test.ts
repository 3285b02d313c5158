// The graph cache: one build per key while it is fresh, one build for concurrent identical
// requests, failures not kept, and the key normalization that makes requests identical.
import { describe, expect, it } from 'vitest'
import { SingleFlightCache } from '../../../server/graph/cache.ts'
import { parseGraphOptions } from '../../../server/graph/options.ts'

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('SingleFlightCache', () => {
  it('serves a built value until its TTL has passed, then builds again', async () => {
    let now = 1000
    const cache = new SingleFlightCache<number>({ ttlMs: 10_000, now: () => now })
    let builds = 0
    const build = async () => ++builds
    expect(await cache.get('k', build)).toEqual({ value: 1, hit: false })
    now += 9_999
    expect(await cache.get('k', build)).toEqual({ value: 1, hit: true })
    now += 1
    expect(await cache.get('k', build)).toEqual({ value: 2, hit: false })
    expect(await cache.get('other', build)).toEqual({ value: 3, hit: false })
  })

  it('lets twenty concurrent requests share one build', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 10_000 })
    const d = deferred<string>()
    let builds = 0
    const all = Array.from({ length: 20 }, () => cache.get('k', () => {
      builds++
      return d.promise
    }))
    d.resolve('graph')
    const results = await Promise.all(all)
    expect(builds).toBe(1)
    expect(results.filter((r) => !r.hit)).toHaveLength(1)
    expect(results.every((r) => r.value === 'graph')).toBe(true)
  })

  it('shares a failure with those waiting, and keeps none of it', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 10_000 })
    const d = deferred<string>()
    const first = cache.get('k', () => d.promise)
    const second = cache.get('k', async () => 'never')
    d.reject(new Error('Prometheus is down'))
    await expect(first).rejects.toThrow('Prometheus is down')
    await expect(second).rejects.toThrow('Prometheus is down')
    expect(cache.size).toBe(0)
    expect(await cache.get('k', async () => 'back')).toEqual({ value: 'back', hit: false })
  })

  it('with a TTL of 0 keeps nothing built, but still shares a build in flight', async () => {
    const cache = new SingleFlightCache<number>({ ttlMs: 0 })
    let builds = 0
    const d = deferred<number>()
    const both = [cache.get('k', () => (builds++, d.promise)), cache.get('k', () => (builds++, d.promise))]
    d.resolve(7)
    await Promise.all(both)
    expect(builds).toBe(1)
    expect(cache.size).toBe(0)
    await cache.get('k', async () => ++builds)
    expect(builds).toBe(2)
  })

  it('drops the oldest built entries past its size', async () => {
    const cache = new SingleFlightCache<number>({ ttlMs: 60_000, maxEntries: 3 })
    for (let i = 0; i < 5; i++) await cache.get(`k${i}`, async () => i)
    expect(cache.size).toBe(3)
    expect((await cache.get('k0', async () => -1)).hit).toBe(false)
    expect((await cache.get('k4', async () => -1)).hit).toBe(true)
  })

  it('refuses a negative TTL', () => {
    expect(() => new SingleFlightCache({ ttlMs: -1 })).toThrow(/TTL must be ≥ 0/)
  })
})

describe('cache key normalization', () => {
  const key = (q: Record<string, string>) => JSON.stringify(parseGraphOptions(q, { nowS: 1_800_000_000 }))
  it('makes the same graph the same key however it was asked for', () => {
    expect(key({ namespaces: 'b,a', duration: '600s' })).toBe(key({ namespaces: 'a,b,a', duration: '10m' }))
    expect(key({ namespaces: 'a', appenders: 'health,deadNode' })).toBe(key({ namespaces: 'a', appenders: 'deadNode,health,trafficGenerator' }))
    expect(key({ namespaces: 'a', graphType: 'workload' })).toBe(key({ namespaces: 'a' }))
    expect(key({ namespaces: 'a' })).not.toBe(key({ namespaces: 'a', injectServiceNodes: 'true' }))
    expect(key({ namespaces: 'a' })).not.toBe(key({ namespaces: 'a', duration: '5m' }))
  })
})

describe('SingleFlightCache weight', () => {
  it('drops the oldest built entries past its weight', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000, maxWeight: 10, weigh: (v) => v.length })
    await cache.get('a', async () => 'aaaa')
    await cache.get('b', async () => 'bbbb')
    expect(cache.size).toBe(2)
    await cache.get('c', async () => 'cccc')
    expect(cache.size).toBe(2)
    expect((await cache.get('a', async () => 'new')).hit).toBe(false)
    expect((await cache.get('c', async () => 'x')).hit).toBe(true)
  })
})
