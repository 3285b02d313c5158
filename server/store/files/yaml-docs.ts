// A YAML file as a sequence of documents with their place in the text, so one document can be
// rewritten or removed while every other byte of the file stays as it was.
import type { CST, ToStringOptions } from 'yaml'
import { Composer, Document, LineCounter, Parser, isScalar } from 'yaml'
import { walkPath } from '../../../shared/yaml-path.ts'
import { applyValue } from './yaml-merge.ts'

export interface YamlDoc {
  doc: Document.Parsed
  /** The document's slice of the file text; the first one also holds anything before it. */
  start: number
  end: number
}

export interface YamlFile {
  text: string
  docs: YamlDoc[]
  /** Some document has a syntax error: such a file is reported, and never rewritten. */
  broken: boolean
  lines: LineCounter
}

export function parseYamlFile(text: string): YamlFile {
  const lines = new LineCounter()
  const starts: number[] = []
  function* tap(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'document') starts.push(token.offset)
      yield token
    }
  }
  const parsed = Array.from(new Composer().compose(tap(new Parser(lines.addNewLine).parse(text))))
  const docs = parsed.map((doc, i) => ({ doc, start: i === 0 ? 0 : starts[i], end: starts[i + 1] ?? text.length }))
  // Splicing needs one document token per document; anything else is treated as unwritable.
  const broken = starts.length !== parsed.length || parsed.some((doc) => doc.errors.length > 0)
  return { text, docs, broken, lines }
}

/** 1-based line of a text offset. */
export function lineAt(file: YamlFile, offset: number): number {
  return file.lines.linePos(offset).line
}

/** 1-based line where a document starts (its content, past comments and the `---` marker). */
export function docLine(file: YamlFile, index: number): number {
  const { doc, start } = file.docs[index]
  return lineAt(file, doc.contents?.range[0] ?? start)
}

/**
 * The line of a field (`['spec', 'http', 0]`): the key's line for a mapping member, the item's for
 * a sequence member. A field that is missing points at its nearest present parent.
 */
export function fieldLine(file: YamlFile, index: number, path: readonly (string | number)[]): number {
  const { last } = walkPath(file.docs[index].doc.contents, path)
  return last ? lineAt(file, last.start) : docLine(file, index)
}

/**
 * Serializing options that follow the file's own habits: `- ` under or beside its key, and
 * `{a: b}` or `{ a: b }` for flow collections. Long strings are never folded.
 */
function styleOf(source: string): ToStringOptions {
  const style: ToStringOptions = { lineWidth: 0 }
  if (/:[ \t]+[{[][^\s\]}]/.test(source)) style.flowCollectionPadding = false
  const lines = source.split('\n')
  for (let i = 1; i < lines.length; i++) {
    const dash = /^( *)- /.exec(lines[i])
    if (!dash) continue
    const parent = lines.slice(0, i).reverse().find((l) => l.trim() && !l.trim().startsWith('#'))
    if (parent && /:\s*(#.*)?$/.test(parent)) {
      const keyColumn = /^ *(?:- +)*/.exec(parent)?.[0].length ?? 0
      style.indentSeq = dash[1].length > keyColumn
      break
    }
  }
  return style
}

/** The file text with document `index` brought to `value`; the other documents are kept byte for byte. */
export function replaceDocument(file: YamlFile, index: number, value: unknown): string {
  const { doc, start, end } = file.docs[index]
  const source = file.text.slice(start, end)
  const updated = doc.clone()
  applyValue(updated, value)
  let rendered = updated.toString(styleOf(source))
  // Documents after the first are only told apart by their `---`.
  if (index > 0 && !rendered.startsWith('---')) rendered = `---\n${rendered}`
  return file.text.slice(0, start) + rendered + file.text.slice(end)
}

/** The file text without document `index`, or null when no document with content would remain. */
export function removeDocument(file: YamlFile, index: number): string | null {
  const rest = file.docs.filter((_, i) => i !== index)
  if (rest.every(({ doc }) => doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))) {
    return null
  }
  const { start, end } = file.docs[index]
  return file.text.slice(0, start) + file.text.slice(end)
}

/** The text of a new file holding one object. */
export function newDocumentText(value: unknown): string {
  return new Document(value).toString({ lineWidth: 0 })
}
