// The namespace selection: `?namespaces=a,b`, shared by every page; none selected means all.
import { parseList, searchString, withParam } from './params.ts'

export const NAMESPACES_PARAM = 'namespaces'

/** Sorted, so that the same selection is the same URL and the same cache key. */
export function parseNamespaces(params: URLSearchParams): string[] {
  return parseList(params.get(NAMESPACES_PARAM)).sort()
}

export function withNamespaces(params: URLSearchParams, namespaces: readonly string[]): URLSearchParams {
  return withParam(params, NAMESPACES_PARAM, [...new Set(namespaces)].sort())
}

/** The search params of a link that keeps the current namespace selection (and only that). */
export function namespacesOnly(current: URLSearchParams): URLSearchParams {
  return withNamespaces(new URLSearchParams(), parseNamespaces(current))
}

/** A link to `path` that keeps the current namespace selection (and only that). */
export function linkKeepingNamespaces(path: string, current: URLSearchParams): string {
  return path + searchString(namespacesOnly(current))
}
