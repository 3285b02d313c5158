import { describe, expect, it } from 'vitest'
import { diffLines } from '../../../web/pages/IstioConfigDetail/lineDiff.ts'
import { minimalChange } from '../../../web/components/YamlEditor/minimalChange.ts'

describe('diffLines', () => {
  it('marks changed lines as removed then added, keeping the rest', () => {
    expect(diffLines('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
  })

  it('handles empty sides', () => {
    expect(diffLines('', 'x\n')).toEqual([{ kind: 'added', text: 'x' }])
    expect(diffLines('x', '')).toEqual([{ kind: 'removed', text: 'x' }])
    expect(diffLines('same\n', 'same\n')).toEqual([{ kind: 'same', text: 'same' }])
  })
})

describe('minimalChange', () => {
  it('changes only the part that differs', () => {
    expect(minimalChange('subset: v1\nweight: 100\n', 'subset: v2\nweight: 100\n')).toEqual({ from: 9, to: 10, insert: '2' })
    expect(minimalChange('abc', 'abc')).toBeNull()
    expect(minimalChange('aaa', 'aa')).toEqual({ from: 2, to: 3, insert: '' })
    expect(minimalChange('', 'x')).toEqual({ from: 0, to: 0, insert: 'x' })
  })
})
