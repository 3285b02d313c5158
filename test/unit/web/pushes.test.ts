import { describe, expect, it } from 'vitest'
import type { PushProgress } from '../../../shared/xds.ts'
import { pushSummary, recentPushes, shownCauses } from '../../../web/pages/Proxies/pushes.ts'

function push(p: Partial<PushProgress>): PushProgress {
  return {
    push: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    causes: ['VirtualService bookinfo/reviews'],
    types: ['RDS'],
    pushed: 3,
    acked: 3,
    nacked: 0,
    nacks: [],
    elapsedMs: 12.3,
    done: true,
    ...p,
  }
}

describe('recent pushes', () => {
  it('lists the newest first, up to the limit', () => {
    const list = [push({ push: 3 }), push({ push: 5 }), push({ push: 4 })]
    expect(recentPushes(list, 2).map((p) => p.push)).toEqual([5, 4])
  })
})

describe('push summary', () => {
  it('says how many proxies took a finished push and how long it took', () => {
    expect(pushSummary(push({}))).toBe('pushed to 3 proxies, ACKed by 3 in 12 ms')
    expect(pushSummary(push({ pushed: 1, acked: 1, elapsedMs: 1500 }))).toBe('pushed to 1 proxy, ACKed by 1 in 1.5 s')
  })

  it('counts NACKs', () => {
    expect(pushSummary(push({ acked: 2, nacked: 1 }))).toBe('pushed to 3 proxies, ACKed by 2, NACKed by 1 in 12 ms')
  })

  it('says "so far" while answers are still coming', () => {
    expect(pushSummary(push({ acked: 1, done: false, elapsedMs: 4 }))).toBe('pushed to 3 proxies, ACKed by 1 so far (4 ms)')
    expect(pushSummary(push({ pushed: 0, acked: 0, done: false }))).toBe('pushing…')
  })

  it('says so when no connected proxy needed the change', () => {
    expect(pushSummary(push({ pushed: 0, acked: 0 }))).toBe('no connected proxy needed this change')
  })
})

describe('causes', () => {
  it('shows the first few and counts the rest', () => {
    expect(shownCauses(['a', 'b', 'c', 'd', 'e'], 3)).toEqual({ shown: ['a', 'b', 'c'], more: 2 })
    expect(shownCauses(['a'], 3)).toEqual({ shown: ['a'], more: 0 })
  })
})
