import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parsePath } from '../../../shared/validation.ts'
import { lineAt, locatePath } from '../../../web/pages/IstioConfigDetail/locate.ts'

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v4
      weight: 100
    - destination: {host: ratings, subset: v1}
`

function locate(path: string) {
  const at = locatePath(parseDocument(VS), VS, parsePath(path))
  return { line: lineAt(VS, at.from), text: VS.slice(at.from, at.to), exact: at.exact }
}

describe('locatePath', () => {
  it('marks a scalar field as key and value on its line', () => {
    expect(locate('spec/http[0]/route[0]/destination/subset')).toEqual({ line: 13, text: 'subset: v4', exact: true })
  })

  it('marks only the key of a collection', () => {
    expect(locate('spec/http[0]/route[0]/destination')).toEqual({ line: 11, text: 'destination', exact: true })
    expect(locate('spec/hosts')).toEqual({ line: 7, text: 'hosts', exact: true })
  })

  it('marks a sequence item: a scalar whole, a mapping by its first line', () => {
    expect(locate('spec/hosts[0]')).toEqual({ line: 8, text: 'reviews', exact: true })
    expect(locate('spec/http[0]/route[1]')).toMatchObject({ line: 15, exact: true })
  })

  it('finds fields inside flow mappings', () => {
    expect(locate('spec/http[0]/route[1]/destination/subset')).toEqual({ line: 15, text: 'subset: v1', exact: true })
  })

  it('falls back to the closest existing ancestor', () => {
    expect(locate('spec/http[0]/route[0]/destination/port/number')).toEqual({ line: 11, text: 'destination', exact: false })
    expect(locate('spec/http[3]/route[0]')).toEqual({ line: 9, text: 'http', exact: false })
    expect(locate('metadata/resourceVersion')).toEqual({ line: 3, text: 'metadata', exact: false })
  })

  it('falls back to line 1 when nothing of the path exists, or for the whole object', () => {
    expect(locate('status/conditions[0]')).toEqual({ line: 1, text: 'apiVersion: networking.istio.io/v1', exact: false })
    expect(locate('')).toEqual({ line: 1, text: 'apiVersion: networking.istio.io/v1', exact: true })
  })

  it('does not index a mapping by number or a sequence by name', () => {
    expect(locate('spec/hosts/reviews')).toMatchObject({ line: 7, exact: false })
    expect(locate('spec[0]')).toMatchObject({ line: 6, text: 'spec', exact: false })
  })
})

describe('lineAt', () => {
  it('counts lines from 1', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1)
    expect(lineAt('a\nb\nc', 2)).toBe(2)
    expect(lineAt('a\nb\nc', 99)).toBe(3)
  })
})
