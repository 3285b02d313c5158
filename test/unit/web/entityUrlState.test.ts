import { matchRoutes } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { apiPaths } from '../../../web/api/paths.ts'
import {
  DEFAULT_ENTITY_FILTERS,
  ENTITIES,
  ENTITY_KINDS,
  entityPath,
  entityRoute,
  hasActiveEntityFilters,
  parseEntityFilters,
  sectionOfPath,
  writeEntityFilters,
} from '../../../web/app/url/entities.ts'
import { defaultReporter, parseMetricsView, withTab, writeMetricsView } from '../../../web/app/url/metrics.ts'

const qs = (s: string) => new URLSearchParams(s)

describe('entity paths', () => {
  it('spell the detail pages as Kiali does, and the routes give the names back whole', () => {
    expect(entityPath('app', 'bookinfo', 'reviews')).toBe('/namespaces/bookinfo/applications/reviews')
    expect(entityPath('workload', 'bookinfo', 'reviews-v1')).toBe('/namespaces/bookinfo/workloads/reviews-v1')
    expect(entityPath('service', 'bookinfo', 'reviews')).toBe('/namespaces/bookinfo/services/reviews')
    for (const kind of ENTITY_KINDS) {
      const path = entityPath(kind, 'team a', 'odd/name')
      const match = matchRoutes([{ path: entityRoute(kind) }], path)?.[0].params
      expect(match).toEqual({ namespace: 'team a', name: 'odd/name' })
    }
  })

  it('put detail pages in their list\'s section, Istio objects in Istio Config', () => {
    expect(sectionOfPath('/namespaces/bookinfo/applications/reviews')).toBe('/applications')
    expect(sectionOfPath('/namespaces/bookinfo/workloads/reviews-v1')).toBe('/workloads')
    expect(sectionOfPath('/namespaces/bookinfo/services/reviews')).toBe('/services')
    expect(sectionOfPath('/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews')).toBe('/istioconfig')
    expect(sectionOfPath('/namespaces/bookinfo/graph/x')).toBeUndefined()
    expect(sectionOfPath('/workloads')).toBeUndefined()
  })

  it('name the API collections and the metrics query', () => {
    expect(apiPaths.entities('apps', 'bookinfo')).toBe('/api/namespaces/bookinfo/apps')
    expect(apiPaths.entity('workloads', 'bookinfo', 'reviews-v1')).toBe('/api/namespaces/bookinfo/workloads/reviews-v1')
    expect(
      apiPaths.metrics('services', 'bookinfo', 'reviews', {
        direction: 'inbound',
        duration: 600,
        step: 15,
        rateInterval: '1m',
        quantiles: '0.5,0.95,0.99',
        reporter: 'destination',
      }),
    ).toBe(
      '/api/namespaces/bookinfo/services/reviews/metrics?direction=inbound&duration=600&step=15&rateInterval=1m' +
        '&quantiles=0.5%2C0.95%2C0.99&reporter=destination',
    )
    expect(apiPaths.overview(3600)).toBe('/api/overview?duration=3600')
  })
})

describe('list filters', () => {
  it('default to none', () => {
    expect(parseEntityFilters(qs(''))).toEqual(DEFAULT_ENTITY_FILTERS)
    expect(hasActiveEntityFilters(DEFAULT_ENTITY_FILTERS)).toBe(false)
  })

  it('read the name and health statuses, dropping unknown statuses', () => {
    expect(parseEntityFilters(qs('name=rev&health=Failure,Bogus,Degraded'))).toEqual({ name: 'rev', health: ['Failure', 'Degraded'] })
  })

  it('write over the other params, omitting defaults, and round-trip', () => {
    const f = { name: 'ratings', health: ['Failure' as const] }
    const written = writeEntityFilters(qs('namespaces=bookinfo&refresh=0'), f)
    expect(written.toString()).toBe('namespaces=bookinfo&refresh=0&name=ratings&health=Failure')
    expect(parseEntityFilters(written)).toEqual(f)
    expect(writeEntityFilters(written, DEFAULT_ENTITY_FILTERS).toString()).toBe('namespaces=bookinfo&refresh=0')
    expect(hasActiveEntityFilters({ name: '  ', health: [] })).toBe(false)
  })
})

describe('metrics view', () => {
  it('defaults to inbound as the destination reports it, outbound as the source does', () => {
    expect(parseMetricsView(qs(''))).toEqual({ tab: 'inbound', reporter: 'destination', by: undefined })
    expect(parseMetricsView(qs('tab=outbound'))).toEqual({ tab: 'outbound', reporter: 'source', by: undefined })
    expect(defaultReporter('outbound')).toBe('source')
  })

  it('falls back to inbound where the page has no outbound tab (services)', () => {
    expect(ENTITIES.service.directions).toEqual(['inbound'])
    expect(parseMetricsView(qs('tab=outbound&reporter=source'), ENTITIES.service.directions)).toEqual({
      tab: 'inbound',
      reporter: 'source',
      by: undefined,
    })
    expect(parseMetricsView(qs('tab=outbound'), ENTITIES.workload.directions).tab).toBe('outbound')
  })

  it('drops a split the direction does not offer', () => {
    expect(parseMetricsView(qs('by=source_workload')).by).toBe('source_workload')
    expect(parseMetricsView(qs('tab=outbound&by=source_workload')).by).toBeUndefined()
    expect(parseMetricsView(qs('by=evil)')).by).toBeUndefined()
  })

  it('writes only what differs from the defaults', () => {
    expect(writeMetricsView(qs('duration=600'), { tab: 'inbound', reporter: 'destination', by: undefined }).toString()).toBe(
      'duration=600',
    )
    expect(writeMetricsView(qs(''), { tab: 'outbound', reporter: 'destination', by: 'response_code' }).toString()).toBe(
      'tab=outbound&reporter=destination&by=response_code',
    )
  })

  it('starts another tab from its own defaults', () => {
    const inbound = { tab: 'inbound' as const, reporter: 'source' as const, by: 'source_workload' }
    expect(withTab(inbound, 'outbound')).toEqual({ tab: 'outbound', reporter: 'source', by: undefined })
    expect(withTab(inbound, 'inbound')).toBe(inbound)
  })
})
