import { describe, expect, it } from 'vitest'
import { collapseKeys, invalidationsFor } from '../../../web/api/events.ts'
import { queryKeys } from '../../../web/api/queryKeys.ts'

const progress = {
  push: 4,
  startedAt: '2026-01-01T00:00:00.000Z',
  causes: ['VirtualService bookinfo/reviews'],
  types: ['RDS'],
  pushed: 2,
  acked: 1,
  nacked: 0,
  nacks: [],
  elapsedMs: 3,
  done: false,
}

describe('proxy events', () => {
  it('a proxy connecting, leaving, ACKing or NACKing refreshes proxy lists and config dumps, not pushes', () => {
    expect(invalidationsFor({ type: 'proxies' })).toEqual([['proxies', 'list'], ['proxies', 'config']])
  })

  it('a push refreshes everything about proxies: statuses, dumps and the pushes panel', () => {
    const keys = invalidationsFor({ type: 'xds-push', data: progress })
    expect(keys).toEqual([['proxies']])
    // The prefix covers every proxies query the pages use.
    for (const k of [queryKeys.proxyList(['bookinfo']), queryKeys.proxyConfig('x'), queryKeys.proxyPushes()]) {
      expect(collapseKeys([...keys, k])).toEqual([['proxies']])
    }
  })

  it('proxy events leave the Istio config caches alone', () => {
    const keys = [...invalidationsFor({ type: 'proxies' }), ...invalidationsFor({ type: 'xds-push', data: progress })]
    expect(keys.some((k) => k[0] === 'istio')).toBe(false)
  })
})
