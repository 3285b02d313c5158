// How messages spell mesh values: short, specific, and bounded in length for large meshes.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { describeRef, refOf } from '../../../shared/k8s.ts'
import type { Labels } from '../../mesh/labels.ts'

/** `app=reviews, version=v1` */
export function labelsText(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')
}

/** `a, b, c` or `a, b, c and 4 more`: a message stays readable when thousands match. */
export function listText(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ')
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}

/** `VirtualService bookinfo/reviews` */
export function nameOf(obj: ConfigObject): string {
  return describeRef(refOf(obj))
}

export function namespaceOf(obj: ConfigObject): string {
  return obj.metadata.namespace ?? 'default'
}

/** Labels as written in a spec, or undefined when absent or empty (an empty selector selects all). */
export function nonEmpty(labels: Labels | undefined): Labels | undefined {
  return labels && Object.keys(labels).length > 0 ? labels : undefined
}
