// Brings a parsed YAML document to a new value by a structural walk, touching only what changed,
// so comments, key order and quoting on everything else survive the rewrite.
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml'
import { isMap, isNode, isScalar, isSeq } from 'yaml'
import { deepEqual, isPlainObject } from './objects.ts'

export function applyValue(doc: Document, value: unknown): void {
  doc.contents = mergeNode(doc, doc.contents, value)
}

function mergeNode(doc: Document, node: unknown, value: unknown): Node {
  if (isNode(node) && deepEqual(node.toJS(doc), value)) return node
  if (isMap(node) && isPlainObject(value)) {
    mergeMap(doc, node, value)
    return node
  }
  if (isSeq(node) && Array.isArray(value)) {
    mergeSeq(doc, node, value)
    return node
  }
  // A changed scalar or a change of shape: a fresh node, keeping the comments around the old one.
  const fresh = doc.createNode(value)
  if (isNode(node)) {
    fresh.commentBefore = node.commentBefore
    fresh.comment = node.comment
    fresh.spaceBefore = node.spaceBefore
    if (isScalar(node) && isScalar(fresh) && typeof node.value === 'string' && typeof value === 'string') {
      fresh.type = node.type
    }
  }
  return fresh
}

function keyOfPair(pair: Pair): string | undefined {
  const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean' ? String(key) : undefined
}

function mergeMap(doc: Document, node: YAMLMap, value: Record<string, unknown>): void {
  const present = new Set<string>()
  node.items = node.items.filter((pair) => {
    const key = keyOfPair(pair)
    if (key === undefined || !Object.hasOwn(value, key) || present.has(key)) return false
    present.add(key)
    pair.value = mergeNode(doc, pair.value, value[key])
    return true
  })
  // New keys go last, in the order the value has them.
  for (const [key, member] of Object.entries(value)) {
    if (!present.has(key)) node.items.push(doc.createPair(key, member))
  }
}

function mergeSeq(doc: Document, node: YAMLSeq, value: unknown[]): void {
  // Items are matched by position: right for edits in place, which is what forms and editors make.
  node.items = value.map((member, i) => (i < node.items.length ? mergeNode(doc, node.items[i], member) : doc.createNode(member)))
}
