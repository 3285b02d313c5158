import { describe, expect, it } from 'vitest'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { parseEditorText, toEditorText, withResourceVersion } from '../../../web/pages/IstioConfigDetail/editorText.ts'
import { lineAt } from '../../../web/pages/IstioConfigDetail/locate.ts'

const STORED: ConfigObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: {
    name: 'reviews',
    namespace: 'bookinfo',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2024-01-01T00:00:00Z',
    uid: 'abc',
    labels: { team: 'reviews' },
  },
  spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
}

describe('toEditorText', () => {
  it('leaves out server-managed metadata and keeps the key order', () => {
    expect(toEditorText(STORED)).toBe(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
  labels:
    team: reviews
spec:
  host: reviews
  subsets:
    - name: v1
      labels:
        version: v1
`)
  })

  it('does not fold long strings', () => {
    const long = 'x'.repeat(200)
    const text = toEditorText({ ...STORED, metadata: { name: 'r', annotations: { note: long } } })
    expect(text).toContain(`note: ${long}\n`)
  })
})

describe('parseEditorText', () => {
  it('round-trips the editor text to the object without the volatile fields', () => {
    const parsed = parseEditorText(toEditorText(STORED))
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(withResourceVersion(parsed.object, '42').metadata).toEqual({
      name: 'reviews',
      namespace: 'bookinfo',
      labels: { team: 'reviews' },
      resourceVersion: '42',
    })
    expect(parsed.object.spec).toEqual(STORED.spec)
  })

  it('reports a syntax error where it is', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: [\n'
    const parsed = parseEditorText(text)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.problems.length).toBeGreaterThan(0)
    expect(lineAt(text, parsed.problems[0].from)).toBeGreaterThanOrEqual(4)
    expect(parsed.problems[0].message).not.toContain('\n')
  })

  it('rejects duplicate keys, empty text, several documents and non-objects', () => {
    expect(parseEditorText('a: 1\na: 2\n').ok).toBe(false)
    expect(parseEditorText('').ok).toBe(false)
    expect(parseEditorText('- a\n- b\n').ok).toBe(false)
    expect(parseEditorText('kind: A\n---\nkind: B\n').ok).toBe(false)
  })

  it('locates a broken envelope at the offending field', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  namespace: bookinfo\nspec: {}\n'
    const parsed = parseEditorText(text)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.problems[0].message).toMatch(/^Not a valid Kubernetes object: metadata/)
    expect(lineAt(text, parsed.problems[0].from)).toBe(3)
  })
})
