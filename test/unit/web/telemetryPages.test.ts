import { describe, expect, it } from 'vitest'
import type { NamespaceOverview, StatusResponse } from '../../../shared/telemetry.ts'
import type { Entity } from '../../../web/api/entities.ts'
import { prometheusProblem } from '../../../web/components/prometheusStatus.ts'
import { detailPath } from '../../../web/app/url/objects.ts'
import { routingRef } from '../../../web/pages/EntityDetail/links.ts'
import { countByHealth, filterEntities, sortEntities } from '../../../web/pages/EntityList/rows.ts'
import { selectCards } from '../../../web/pages/Overview/overview.ts'

const status = (prometheus: StatusResponse['prometheus']): StatusResponse => ({ prometheus, controlPlane: { enabled: true } })

describe('the Prometheus banner', () => {
  it('says nothing while Prometheus answers or before the first status', () => {
    expect(prometheusProblem(undefined)).toBeUndefined()
    expect(prometheusProblem(status({ url: 'http://127.0.0.1:9090', available: true }))).toBeUndefined()
  })

  it('names the Prometheus that is down and why, and that config pages keep working', () => {
    expect(prometheusProblem(status({ url: 'http://127.0.0.1:9090', available: false, error: 'connect ECONNREFUSED' }))).toBe(
      'Metrics are unavailable: Prometheus at http://127.0.0.1:9090 is not reachable (connect ECONNREFUSED). ' +
        'Config pages keep working; data returns when it is back.',
    )
    expect(prometheusProblem(status({ url: 'http://p:9090', available: false }))).toContain('at http://p:9090 is not reachable. Config')
  })

  it('does not repeat the server\'s own "Prometheus at … is not reachable" in the reason', () => {
    const url = 'http://127.0.0.1:9090'
    const error = `Prometheus at ${url} is not reachable: connection refused (ECONNREFUSED)`
    expect(prometheusProblem(status({ url, available: false, error }))).toBe(
      `Metrics are unavailable: Prometheus at ${url} is not reachable (connection refused (ECONNREFUSED)). ` +
        'Config pages keep working; data returns when it is back.',
    )
  })

  it('says how to configure one when none is', () => {
    expect(prometheusProblem(status({ available: false }))).toMatch(/no Prometheus is configured.*--prometheus-url/)
  })
})

const health = (status: Entity['summary']['health']['status']) => ({ status, inbound: {}, outbound: {}, requestRate: 0 })
const app = (namespace: string, name: string, s: Entity['summary']['health']['status']): Entity => ({
  kind: 'app',
  summary: { name, namespace, versions: [], workloads: [], services: [], health: health(s) },
})

describe('entity list rows', () => {
  const list = [app('bookinfo', 'reviews', 'Failure'), app('a-team', 'zeta', 'Healthy'), app('bookinfo', 'details', 'Healthy')]

  it('sort by namespace then name', () => {
    expect(sortEntities(list).map((e) => `${e.summary.namespace}/${e.summary.name}`)).toEqual([
      'a-team/zeta',
      'bookinfo/details',
      'bookinfo/reviews',
    ])
  })

  it('filter by a name substring, whatever its case, and by health', () => {
    expect(filterEntities(list, { name: ' REV', health: [] }).map((e) => e.summary.name)).toEqual(['reviews'])
    expect(filterEntities(list, { name: '', health: ['Healthy'] }).map((e) => e.summary.name)).toEqual(['zeta', 'details'])
    expect(filterEntities(list, { name: 'rev', health: ['Healthy'] })).toEqual([])
  })

  it('count by health', () => {
    expect(countByHealth(list)).toEqual({ Failure: 1, Healthy: 2 })
  })
})

describe('overview cards', () => {
  const card = (namespace: string): NamespaceOverview => ({
    namespace,
    counts: { apps: 0, workloads: 0, services: 0 },
    appHealth: {},
    requestRate: [],
  })

  it('show the selected namespaces, or all when none is, by name', () => {
    const list = [card('zeta'), card('bookinfo'), card('istio-system')]
    expect(selectCards(list, []).map((c) => c.namespace)).toEqual(['bookinfo', 'istio-system', 'zeta'])
    expect(selectCards(list, ['zeta', 'bookinfo']).map((c) => c.namespace)).toEqual(['bookinfo', 'zeta'])
  })
})

describe('routing links of a service', () => {
  it('open the Istio Config page of a VirtualService or DestinationRule, in the service\'s namespace unless named otherwise', () => {
    expect(detailPath(routingRef('VirtualService', 'bookinfo', 'reviews'))).toBe(
      '/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews',
    )
    expect(detailPath(routingRef('DestinationRule', 'bookinfo', 'mesh/default'))).toBe(
      '/namespaces/mesh/istio/networking.istio.io/v1/DestinationRule/default',
    )
  })
})
