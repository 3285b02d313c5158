import { matchRoutes } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { apiPaths } from '../../../web/api/paths.ts'
import {
  DEFAULT_PROXY_FILTERS,
  hasActiveProxyFilters,
  parseProxyFilters,
  PROXY_DETAIL_ROUTE,
  proxyPath,
  writeProxyFilters,
} from '../../../web/app/url/proxies.ts'

const qs = (s: string) => new URLSearchParams(s)
const ID = 'sidecar~127.0.0.1~reviews-v1-1.bookinfo~bookinfo.svc.cluster.local'

describe('Proxies list filters', () => {
  it('defaults when the URL has none', () => {
    expect(parseProxyFilters(qs(''))).toEqual(DEFAULT_PROXY_FILTERS)
    expect(hasActiveProxyFilters(DEFAULT_PROXY_FILTERS)).toBe(false)
  })

  it('reads the text and the sync filter, dropping an unknown sync value', () => {
    expect(parseProxyFilters(qs('q=reviews&sync=error'))).toEqual({ text: 'reviews', sync: 'error' })
    expect(parseProxyFilters(qs('sync=out-of-sync')).sync).toBe('out-of-sync')
    expect(parseProxyFilters(qs('sync=broken')).sync).toBeUndefined()
  })

  it('keeps the text as typed, so a space before the next word survives', () => {
    const written = writeProxyFilters(qs(''), { text: 'reviews ', sync: undefined })
    expect(parseProxyFilters(written).text).toBe('reviews ')
    expect(writeProxyFilters(qs('q=x'), { text: '   ', sync: undefined }).toString()).toBe('')
    expect(hasActiveProxyFilters({ text: '  ', sync: undefined })).toBe(false)
  })

  it('writes over the other params, omitting defaults, and round-trips', () => {
    const f = { text: 'ratings', sync: 'out-of-sync' as const }
    const written = writeProxyFilters(qs('namespaces=bookinfo'), f)
    expect(written.toString()).toBe('namespaces=bookinfo&q=ratings&sync=out-of-sync')
    expect(parseProxyFilters(written)).toEqual(f)
    expect(writeProxyFilters(written, DEFAULT_PROXY_FILTERS).toString()).toBe('namespaces=bookinfo')
  })
})

describe('proxy paths', () => {
  it('puts the node id in one path segment that the route gives back whole', () => {
    // As the router matches (and decodes) the location, so as useParams() gives the id.
    const idOf = (path: string) => matchRoutes([{ path: PROXY_DETAIL_ROUTE }], path)?.[0].params.id
    const path = proxyPath(ID)
    expect(path).toBe('/proxies/sidecar~127.0.0.1~reviews-v1-1.bookinfo~bookinfo.svc.cluster.local')
    expect(idOf(path)).toBe(ID)
    const odd = 'router~::1~gw/a b%.ns~ns.svc'
    expect(idOf(proxyPath(odd))).toBe(odd)
  })

  it('builds the REST paths, encoding the id and the namespace selection', () => {
    expect(apiPaths.proxies([])).toBe('/api/proxies')
    expect(apiPaths.proxies(['bookinfo', 'istio-system'])).toBe('/api/proxies?namespaces=bookinfo%2Cistio-system')
    expect(apiPaths.proxyConfig('router~::1~gw/a.ns~ns.svc')).toBe('/api/proxies/router~%3A%3A1~gw%2Fa.ns~ns.svc/config')
    expect(apiPaths.proxyPushes()).toBe('/api/proxies/pushes')
  })
})
