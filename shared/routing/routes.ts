// Reading a VirtualService's HTTP routes the way the wizards talk about them: which route catches
// every call, which routes come before it, and a one-line summary of each. Pure.
import type { StringMatch } from '../istio/common.ts'
import type { HTTPMatchRequest, HTTPRoute, VirtualServiceSpec } from '../istio/networking.ts'
import type { ConfigObject } from '../k8s.ts'

export function httpRoutes(vs: ConfigObject | undefined): HTTPRoute[] {
  return ((vs?.spec ?? {}) as VirtualServiceSpec).http ?? []
}

/** An entry that matches every call: no condition at all, or only `uri: {prefix: /}`. */
function matchesEverything(m: HTTPMatchRequest): boolean {
  const keys = Object.keys(m).filter((k) => (m as Record<string, unknown>)[k] !== undefined && k !== 'name')
  if (keys.length === 0) return true
  return keys.length === 1 && keys[0] === 'uri' && m.uri?.prefix === '/'
}

/** A route that every call reaching it takes: routes after it are never used. */
export function isCatchAll(route: HTTPRoute): boolean {
  return !route.match?.length || route.match.some(matchesEverything)
}

/** The first catch-all route that forwards to destinations: where a traffic split lives. */
export function catchAllIndex(routes: readonly HTTPRoute[]): number | undefined {
  const i = routes.findIndex(isCatchAll)
  return i >= 0 && routes[i].route?.length ? i : undefined
}

/** Index of the first route that catches every call, forwarding or not. */
export function firstCatchAll(routes: readonly HTTPRoute[]): number | undefined {
  const i = routes.findIndex(isCatchAll)
  return i >= 0 ? i : undefined
}

export function stringMatchText(m: StringMatch | undefined): string | undefined {
  if (!m) return undefined
  if (m.exact !== undefined) return `= ${m.exact}`
  if (m.prefix !== undefined) return `starts with ${m.prefix}`
  if (m.regex !== undefined) return `~ ${m.regex}`
  return undefined
}

/** "header end-user = jason", "uri starts with /api"; the conditions of one match entry joined by "and". */
export function matchText(m: HTTPMatchRequest): string {
  const parts: string[] = []
  if (m.uri) parts.push(`uri ${stringMatchText(m.uri)}`)
  if (m.method) parts.push(`method ${stringMatchText(m.method)}`)
  for (const [name, sm] of Object.entries(m.headers ?? {})) parts.push(`header ${name} ${stringMatchText(sm)}`)
  const others = Object.keys(m).filter((k) => !['uri', 'method', 'headers', 'name'].includes(k) && (m as Record<string, unknown>)[k] !== undefined)
  if (others.length) parts.push(others.join(', '))
  return parts.length ? parts.join(' and ') : 'every call'
}

function destinationsText(route: HTTPRoute): string {
  if (route.redirect) return 'redirect'
  if (route.directResponse) return `direct response ${route.directResponse.status}`
  if (route.delegate) return `delegate to ${route.delegate.name ?? '?'}`
  const ds = route.route ?? []
  if (ds.length === 0) return 'no destination'
  return ds
    .map((d) => {
      const name = d.destination.subset ?? d.destination.host
      return ds.length > 1 ? `${name} ${d.weight ?? 0}%` : name
    })
    .join(', ')
}

/** One line per route for menus and notices: `test-users: header end-user = jason → v2`. */
export function routeSummary(route: HTTPRoute, index: number): string {
  const when = route.match?.length ? route.match.map(matchText).join(' or ') : 'every call'
  const prefix = route.name ? `${route.name}: ` : `route ${index + 1}: `
  return `${prefix}${when} → ${destinationsText(route)}`
}
