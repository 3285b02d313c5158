import { describe, expect, it } from 'vitest'
import type { Health } from '../../../shared/telemetry.ts'
import { describeHealth, HEALTH_CLASS, HEALTH_GLYPH, HEALTH_LABEL, HEALTH_RANK, healthBreakdown, rateLines, totalRate } from '../../../web/components/health.ts'

const health = (h: Partial<Health>): Health => ({ status: 'Healthy', inbound: {}, outbound: {}, requestRate: 0, ...h })

describe('health glyphs, colours and words', () => {
  it('gives each status its own glyph and colour class, worst ranked first', () => {
    expect(HEALTH_GLYPH).toEqual({ Healthy: '✓', Degraded: '⚠', Failure: '✗', Idle: '○', NA: '–' })
    expect(new Set(Object.values(HEALTH_CLASS)).size).toBe(5)
    expect(Object.keys(HEALTH_RANK).sort((a, b) => HEALTH_RANK[a as keyof typeof HEALTH_RANK] - HEALTH_RANK[b as keyof typeof HEALTH_RANK])).toEqual([
      'Failure', 'Degraded', 'Healthy', 'Idle', 'NA',
    ])
    expect(HEALTH_LABEL.NA).toBe('No health information')
  })
})

describe('rates', () => {
  const rates = { http: { '200': 3.2, '503': 0.4, '404': 0 }, grpc: { '0': 1 } }

  it('sums every protocol and code', () => {
    expect(totalRate(rates)).toBeCloseTo(4.6)
    expect(totalRate({})).toBe(0)
  })

  it('lists the codes with traffic, busiest first', () => {
    expect(rateLines(rates)).toEqual(['http 200: 3.2 req/s', 'grpc 0: 1 req/s', 'http 503: 0.4 req/s'])
  })
})

describe('describeHealth', () => {
  it('says why, then the error ratio, then the rates in and out', () => {
    const d = describeHealth(
      health({ status: 'Failure', errorRatio: 0.25, requestRate: 4, inbound: { http: { '200': 3, '500': 1 } }, outbound: { http: { '200': 2 } } }),
    )
    expect(d.title).toBe('Failure')
    expect(d.lines).toEqual([
      'Error ratio above the failure threshold',
      'Error ratio: 25%',
      'Inbound: 4 req/s',
      '  http 200: 3 req/s',
      '  http 500: 1 req/s',
      'Outbound: 2 req/s',
      '  http 200: 2 req/s',
    ])
  })

  it('leaves out what it does not have', () => {
    expect(describeHealth(health({ status: 'Idle' })).lines).toEqual(['No requests in the window', 'Inbound: 0 req/s'])
  })
})

describe('healthBreakdown', () => {
  it('lists the statuses with apps in Kiali\'s order, unknown ones last and neutral', () => {
    const entries = healthBreakdown({ NA: 1, Failure: 2, Healthy: 5, Degraded: 0, Unknown: 1 })
    expect(entries.map((e) => [e.status, e.count, e.className, e.glyph])).toEqual([
      ['Healthy', 5, 'healthy', '✓'],
      ['Failure', 2, 'failure', '✗'],
      ['NA', 1, 'na', '–'],
      ['Unknown', 1, 'na', '–'],
    ])
    expect(healthBreakdown({})).toEqual([])
    expect(healthBreakdown({ toString: 1 }).map((e) => e.className)).toEqual(['na'])
  })
})
