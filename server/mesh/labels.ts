// Label selectors as Kubernetes and Istio apply them.

export type Labels = Readonly<Record<string, string>>

/** A selector matches when every one of its labels is present with the same value. */
export function selectorMatches(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector) return true
  for (const k in selector) if (labels[k] !== selector[k]) return false
  return true
}

export function isEmptySelector(selector: Labels | undefined): boolean {
  return !selector || Object.keys(selector).length === 0
}
