// The graph judges thousands of nodes and edges with HealthPolicy.statusOf (rates in maps, as the
// graph adds them up); it must give exactly what health(…).status gives for the same rates as
// objects, whatever the tolerances, the codes and the order they came in — the same sums in the
// same order, down to the last bit of a share at a threshold.
import { describe, expect, it } from 'vitest'
import { HealthPolicy, type RateMaps, type Tolerance } from '../../../server/telemetry/health.ts'
import type { RequestRates } from '../../../shared/telemetry.ts'

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CODES = { http: ['200', '201', '301', '404', '429', '500', '503', '-', '0'], grpc: ['0', '1', '2', '4', '13', '14', '16', '-'] }

/** The same rates as maps (insertion order kept) and as the object the policy reads (as JSON.parse or Object.fromEntries would list it). */
function ratesOf(entries: [string, [string, number][]][]): { maps: RateMaps; object: RequestRates } {
  const maps = new Map(entries.map(([p, codes]) => [p, new Map(codes)]))
  const object: RequestRates = {}
  for (const [p, codes] of maps) object[p] = Object.fromEntries(codes)
  return { maps, object }
}

function randomRates(rnd: () => number): ReturnType<typeof ratesOf> {
  const entries: [string, [string, number][]][] = []
  for (const protocol of rnd() < 0.5 ? ['http', 'grpc'] : ['grpc', 'http']) {
    if (rnd() < 0.3) continue
    const codes = [...CODES[protocol as 'http' | 'grpc']].sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 4))
    // Shares that land on a threshold (10 %, 20 %) and rates that do not add up exactly.
    entries.push([protocol, codes.map((c, i) => [c, i === 0 && rnd() < 0.2 ? 0.1 : rnd() < 0.1 ? 0 : Math.round(rnd() * 1000) / 300])])
  }
  return ratesOf(entries)
}

const POLICIES: Record<string, Tolerance[] | undefined> = {
  "Kiali's defaults": undefined,
  'per direction, overlapping': [
    { code: '5XX', protocol: 'http', direction: 'inbound', degraded: 5, failure: 20 },
    { code: '50X|4XX', protocol: 'http|grpc', direction: '.*', degraded: 10, failure: 30 },
    { code: '1[0-9]|-', protocol: 'grpc', direction: 'outbound', degraded: 0, failure: 15 },
  ],
}

describe('HealthPolicy.statusOf', () => {
  for (const [name, tolerances] of Object.entries(POLICIES)) {
    it(`matches health(…).status, ${name}`, () => {
      const policy = new HealthPolicy(tolerances)
      const rnd = random(11)
      for (let i = 0; i < 3000; i++) {
        const inbound = randomRates(rnd)
        const outbound = randomRates(rnd)
        expect(policy.statusOf(inbound.maps, outbound.maps), JSON.stringify([inbound.object, outbound.object])).toBe(policy.health(inbound.object, outbound.object).status)
      }
    })
  }

  it('adds codes in the order an object lists them, not the order they came in', () => {
    // Added as they came, the total is 23.529999999999998 and the share 79.43051423714407 %; as the
    // object lists them ("200", "503", then "-"), 23.53 and 79.43051423714405 %: one side of the threshold each.
    const policy = new HealthPolicy([{ code: '5XX|-', protocol: 'http', direction: '.*', degraded: 0, failure: 79.43051423714407 }])
    const came = ratesOf([['http', [['-', 9.43], ['503', 9.26], ['200', 4.84]]]])
    expect(Object.keys(came.object.http)).toEqual(['200', '503', '-'])
    expect(policy.health(came.object, {}).status).toBe('Degraded')
    expect(policy.statusOf(came.maps, new Map())).toBe('Degraded')
  })

  it('is Idle without requests, like health', () => {
    const policy = new HealthPolicy()
    const none = ratesOf([['http', [['200', 0]]]])
    expect(policy.statusOf(none.maps, new Map())).toBe('Idle')
    expect(policy.health(none.object, {}).status).toBe('Idle')
  })
})
