import { describe, expect, it } from 'vitest'
import { collapseKeys, invalidationsFor } from '../../../web/api/events.ts'

const change = {
  type: 'MODIFIED' as const,
  group: 'networking.istio.io',
  version: 'v1',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  resourceVersion: '7',
}

describe('invalidationsFor', () => {
  it('a config change makes the lists and that object stale, whatever version it was read in', () => {
    expect(invalidationsFor({ type: 'config', data: change })).toEqual([
      ['istio', 'config'],
      ['istio', 'details', 'bookinfo', 'networking.istio.io', 'VirtualService', 'reviews'],
    ])
  })

  it('a namespace change also refreshes the namespace selector', () => {
    const ns = { ...change, group: '', kind: 'Namespace', namespace: '', name: 'bookinfo' }
    expect(invalidationsFor({ type: 'config', data: ns })).toContainEqual(['namespaces'])
  })

  it('new validations refresh everything that shows validations', () => {
    expect(invalidationsFor({ type: 'validations', data: { summaries: [] } })).toEqual([
      ['istio', 'config'],
      ['istio', 'validations'],
      ['istio', 'details'],
      ['istio', 'dryRun'],
    ])
  })
})

describe('collapseKeys', () => {
  it('drops duplicates and keys already covered by a prefix', () => {
    expect(
      collapseKeys([
        ['istio', 'config'],
        ['istio', 'details', 'bookinfo', 'g', 'K', 'a'],
        ['istio', 'config'],
        ['istio', 'details'],
        ['namespaces'],
      ]),
    ).toEqual([['istio', 'config'], ['istio', 'details'], ['namespaces']])
  })
})
