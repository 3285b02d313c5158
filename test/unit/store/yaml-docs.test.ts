// Rewriting one document of a YAML file: the structural walk and the splice around it.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { fieldLine, parseYamlFile, removeDocument, replaceDocument } from '../../../server/store/files/yaml-docs.ts'

const FILE = `# header
a: 1
---
# kept
name: web   # the name
port: "8080"
mode: 'strict'
tags: [x, y, z]
items:
  - id: 1   # first
  - id: 2
nested:
  keep: {deep: true}
  drop: gone
---
last: doc
`

function rewrite(text: string, index: number, change: (value: Record<string, unknown>) => Record<string, unknown>): string {
  const file = parseYamlFile(text)
  const current = file.docs[index].doc.toJS() as Record<string, unknown>
  return replaceDocument(file, index, change(structuredClone(current)))
}

describe('yaml documents', () => {
  it('changes only what differs, keeping comments, quoting, order and the other documents', () => {
    const out = rewrite(FILE, 1, (v) => ({
      ...v,
      port: '9090',
      tags: ['x', 'z'],
      items: [{ id: 1 }, { id: 2 }, { id: 3 }],
      nested: { keep: { deep: true } },
      added: { k: 'v' },
    }))
    expect(out).toBe(`# header
a: 1
---
# kept
name: web # the name
port: "9090"
mode: 'strict'
tags: [x, z]
items:
  - id: 1 # first
  - id: 2
  - id: 3
nested:
  keep: {deep: true}
added:
  k: v
---
last: doc
`)
    expect(parse(out.split('---\n')[2])).toEqual({ last: 'doc' })
  })

  it('gives a scalar that changes type a fresh node, so a number is not left quoted', () => {
    const out = rewrite(FILE, 1, (v) => ({ ...v, port: 8080, mode: true }))
    expect(out).toContain('port: 8080\n')
    expect(out).toContain('mode: true\n')
    expect(parse(out.split('---\n')[1])).toMatchObject({ port: 8080, mode: true })
  })

  it('follows the file’s sequence indentation', () => {
    const flat = 'list:\n- a\n- b\n'
    expect(rewrite(flat, 0, () => ({ list: ['a', 'b', 'c'] }))).toBe('list:\n- a\n- b\n- c\n')
    const indented = 'list:\n  - a\n'
    expect(rewrite(indented, 0, () => ({ list: ['a', 'b'] }))).toBe('list:\n  - a\n  - b\n')
  })

  it('keeps the first document unmarked and the later ones marked', () => {
    expect(rewrite(FILE, 0, () => ({ a: 2 }))).toBe(FILE.replace('a: 1', 'a: 2'))
    expect(rewrite(FILE, 2, () => ({ last: 'changed' }))).toBe(FILE.replace('last: doc', 'last: changed'))
  })

  it('removes a document, and reports when nothing with content is left', () => {
    const file = parseYamlFile(FILE)
    expect(removeDocument(file, 1)).toBe('# header\na: 1\n---\nlast: doc\n')
    expect(removeDocument(parseYamlFile('only: one\n---\n# just a comment\n---\n'), 0)).toBeNull()
  })

  it('finds the line of a field, or of its nearest present parent', () => {
    const file = parseYamlFile(FILE)
    expect(fieldLine(file, 1, ['items', 1, 'id'])).toBe(11)
    expect(fieldLine(file, 1, ['nested', 'keep', 'deep'])).toBe(13)
    expect(fieldLine(file, 1, ['nested', 'missing'])).toBe(12)
    expect(fieldLine(file, 1, [])).toBe(5)
    expect(parseYamlFile('a: [1\n').broken).toBe(true)
    expect(file.broken).toBe(false)
  })
})
