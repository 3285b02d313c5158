// Walks a field path (['spec', 'http', 0]) through a parsed YAML document, for whoever needs to
// point at a field in the text: the editor's markers and the CLI's file:line alike.
import { isMap, isScalar, isSeq } from 'yaml'

export interface PathStep {
  node: unknown
  /** Where the field starts: the key of a mapping member, the item of a sequence member. */
  start: number
  /** End of a scalar value (the key's end for a collection value, the item's start for a collection item). */
  end: number
}

/** One step down: a mapping member by key, or a sequence item by index; undefined when absent. */
export function stepInto(node: unknown, seg: string | number): PathStep | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key
      if (!isScalar(key) || !key.range || String(key.value) !== String(seg)) continue
      const value = pair.value
      const end = isScalar(value) && value.range ? value.range[1] : key.range[1]
      return { node: value, start: key.range[0], end }
    }
    return undefined
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg]
    if (isScalar(item) && item.range) return { node: item, start: item.range[0], end: item.range[1] }
    if ((isMap(item) || isSeq(item)) && item.range) return { node: item, start: item.range[0], end: item.range[0] }
  }
  return undefined
}

/** The deepest step of the path that exists, and how many segments were found. */
export function walkPath(root: unknown, segments: readonly (string | number)[]): { last: PathStep | undefined; depth: number } {
  let node = root
  let last: PathStep | undefined
  let depth = 0
  for (const seg of segments) {
    const step = stepInto(node, seg)
    if (!step) break
    last = step
    node = step.node
    depth++
  }
  return { last, depth }
}
