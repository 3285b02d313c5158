import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FILTERS,
  hasActiveFilters,
  parseIstioConfigFilters,
  writeIstioConfigFilters,
} from '../../../web/app/url/istioConfig.ts'
import { linkKeepingNamespaces, parseNamespaces, withNamespaces } from '../../../web/app/url/namespaces.ts'
import { detailPath, refFromParams } from '../../../web/app/url/objects.ts'
import { parseList, searchString, withParam } from '../../../web/app/url/params.ts'

const qs = (s: string) => new URLSearchParams(s)

describe('list params', () => {
  it('parses comma lists, trimming and dropping empties and duplicates', () => {
    expect(parseList(null)).toEqual([])
    expect(parseList(' a, b,,a ,c')).toEqual(['a', 'b', 'c'])
  })

  it('sets and removes params without touching the others', () => {
    const p = qs('x=1')
    expect(withParam(p, 'l', ['a', 'b']).toString()).toBe('x=1&l=a%2Cb')
    expect(withParam(qs('x=1&l=a'), 'l', []).toString()).toBe('x=1')
    expect(p.toString()).toBe('x=1')
    expect(searchString(qs(''))).toBe('')
  })
})

describe('namespaces', () => {
  it('reads a sorted selection, so one selection is one URL', () => {
    expect(parseNamespaces(qs('namespaces=istio-system,bookinfo'))).toEqual(['bookinfo', 'istio-system'])
    expect(parseNamespaces(qs(''))).toEqual([])
  })

  it('writes the selection, and drops the param when all namespaces are shown', () => {
    expect(withNamespaces(qs('kind=Gateway'), ['b', 'a', 'b']).toString()).toBe('kind=Gateway&namespaces=a%2Cb')
    expect(withNamespaces(qs('namespaces=a'), []).toString()).toBe('')
  })

  it('links keep the namespace selection and nothing else', () => {
    expect(linkKeepingNamespaces('/graph', qs('namespaces=bookinfo&kind=Gateway'))).toBe('/graph?namespaces=bookinfo')
    expect(linkKeepingNamespaces('/graph', qs('kind=Gateway'))).toBe('/graph')
  })
})

describe('Istio Config filters', () => {
  it('defaults when the URL has none', () => {
    expect(parseIstioConfigFilters(qs(''))).toEqual(DEFAULT_FILTERS)
    expect(hasActiveFilters(DEFAULT_FILTERS)).toBe(false)
  })

  it('reads kinds, name, validation states and sort, dropping unknown values', () => {
    expect(
      parseIstioConfigFilters(qs('kind=VirtualService,Nope,Gateway&name=%20rev%20&validation=error,bogus,warning&sort=kind&order=desc')),
    ).toEqual({ kinds: ['VirtualService', 'Gateway'], name: 'rev', validation: ['error', 'warning'], sort: 'kind', desc: true })
    expect(parseIstioConfigFilters(qs('sort=size')).sort).toBe('name')
  })

  it('writes filters over the other params, omitting defaults, and round-trips', () => {
    const f = { kinds: ['DestinationRule'], name: 'reviews', validation: ['valid' as const], sort: 'validation' as const, desc: false }
    const written = writeIstioConfigFilters(qs('namespaces=bookinfo'), f)
    expect(written.toString()).toBe('namespaces=bookinfo&kind=DestinationRule&name=reviews&validation=valid&sort=validation')
    expect(parseIstioConfigFilters(written)).toEqual(f)
    expect(writeIstioConfigFilters(written, DEFAULT_FILTERS).toString()).toBe('namespaces=bookinfo')
  })
})

describe('object paths', () => {
  it('builds the detail path like the REST path, with core for the core group', () => {
    const ref = { namespace: 'bookinfo', group: 'networking.istio.io', version: 'v1', kind: 'VirtualService', name: 'reviews' }
    expect(detailPath(ref)).toBe('/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews')
    expect(detailPath({ ...ref, group: '', kind: 'Service' })).toBe('/namespaces/bookinfo/istio/core/v1/Service/reviews')
  })

  it('reads the ref back from route params', () => {
    expect(refFromParams({ namespace: 'bookinfo', group: 'core', version: 'v1', kind: 'Service', name: 'reviews' })).toEqual({
      namespace: 'bookinfo',
      group: '',
      version: 'v1',
      kind: 'Service',
      name: 'reviews',
    })
    expect(refFromParams({ namespace: 'bookinfo' })).toBeUndefined()
  })
})
