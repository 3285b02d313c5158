// Where a check's path (Kiali's `spec/http[0]/route[0]/destination/subset`) is in the editor's
// text. Pure: tested in test/unit/web.
import type { Document } from 'yaml'
import { walkPath } from '../../../shared/yaml-path.ts'

export interface Located {
  from: number
  to: number
  /** False when the path does not exist in the text and an ancestor (or line 1) was marked instead. */
  exact: boolean
}

/**
 * Walks the path through the parsed document. The mark covers the key and a scalar value
 * (`subset: v4`), or just the key when the value is a collection, and never more than one line.
 * A path that does not exist marks its closest existing ancestor, then line 1.
 */
export function locatePath(doc: Document, text: string, segments: readonly (string | number)[]): Located {
  const { last: found, depth } = walkPath(doc.contents, segments)
  if (!found) return { from: 0, to: lineEnd(text, 0), exact: segments.length === 0 }
  const end = found.end > found.start ? Math.min(found.end, lineEnd(text, found.start)) : lineEnd(text, found.start)
  return { from: found.start, to: end, exact: depth === segments.length }
}

export function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos)
  return nl < 0 ? text.length : nl
}

/** 1-based line number of a position. */
export function lineAt(text: string, pos: number): number {
  let line = 1
  const end = Math.min(pos, text.length)
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
