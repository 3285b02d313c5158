import { describe, expect, it } from 'vitest'
import type { IstioCheck } from '../../../shared/validation.ts'
import { parseEditorText } from '../../../web/pages/IstioConfigDetail/editorText.ts'
import { problemsFor, toMarkers, YAML_CODE } from '../../../web/pages/IstioConfigDetail/problems.ts'

const TEXT = `apiVersion: networking.istio.io/v1
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
`

const CHECKS: IstioCheck[] = [
  { code: 'KIA1106', severity: 'warning', message: 'More than one VirtualService for the same host', path: 'spec/hosts[0]' },
  { code: 'KIA1107', severity: 'error', message: 'Subset not found: v4', path: 'spec/http[0]/route[0]/destination/subset' },
]

describe('problemsFor', () => {
  it('places each check on its line, errors first', () => {
    const problems = problemsFor(TEXT, parseEditorText(TEXT), CHECKS)
    expect(problems.map((p) => [p.code, p.line, p.exact])).toEqual([
      ['KIA1107', 13, true],
      ['KIA1106', 8, true],
    ])
    expect(toMarkers(problems)[0]).toMatchObject({ severity: 'error', code: 'KIA1107', message: 'Subset not found: v4' })
  })

  it('shows only the syntax errors while the text does not parse', () => {
    const broken = TEXT.replace('subset: v4', 'subset: [v4')
    const problems = problemsFor(broken, parseEditorText(broken), CHECKS)
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.code === YAML_CODE && p.severity === 'error')).toBe(true)
  })
})
