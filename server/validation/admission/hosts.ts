// Host names as Istio accepts them: DNS names whose first label may be a wildcard, IP addresses,
// and the `namespace/host` form of Gateway servers and Sidecar egress listeners. Unlike
// Kubernetes names, Istio's DNS labels may hold upper-case letters.
import { isIP } from 'node:net'
import { dnsLabelProblem } from './names.ts'

const LABEL = '[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?'
const DNS_LABEL = new RegExp(`^${LABEL}$`)
/** `*`, `*.`-style and Istio's `*foo`/`*-foo` partial wildcards, only ever in the first label. */
const WILDCARD_LABEL = new RegExp(`^(?:\\*|(?:\\*|\\*-)?${LABEL})$`)
export const ISTIO_LABEL_RULE = "letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"

/** Istio's IsDNS1123Label: subset and port names, which Istio does not force to lower case. */
export function isIstioLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value)
}

export function isIPAddress(value: string): boolean {
  return isIP(value) !== 0
}

/** `a.b.c.d/n` or an IPv6 prefix. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/')
  if (slash < 0) return false
  const family = isIP(value.slice(0, slash))
  const bits = value.slice(slash + 1)
  return family !== 0 && /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

/** Istio's ValidateWildcardDomain: why `host` is not a (possibly wildcarded) DNS name. */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'it is empty'
  if (host.length > 255) return `it is ${host.length} characters long; at most 255 are allowed`
  const labels = host.split('.')
  // A trailing dot ("istio.io.") is an unambiguous FQDN.
  if (labels.length > 1 && labels[labels.length - 1] === '') labels.pop()
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    const valid = label.length <= 63 && (i === 0 ? WILDCARD_LABEL : DNS_LABEL).test(label)
    if (!valid) {
      const where = label.includes('*') && i > 0 ? '; a wildcard may only be the first label (*.example.com)' : ''
      return `its label ${JSON.stringify(label)} is invalid: use ${ISTIO_LABEL_RULE}${where}`
    }
  }
  if (labels.length > 1 && /^[0-9]+$/.test(labels[labels.length - 1])) {
    return 'its top-level domain is all digits'
  }
  return undefined
}

/**
 * Istio's `namespace/host` rule for Gateway servers and Sidecar egress listeners. The namespace is
 * `*`, `.` or a namespace name (Sidecars may prefix `~` to exclude); Gateways may leave it out and
 * may name IPs. The host is `*`, an FQDN or `*.fqdn`: short names are ambiguous across namespaces.
 */
export function scopedHostProblem(entry: string, scope: 'gateway' | 'sidecar'): string | undefined {
  const slash = entry.indexOf('/')
  if (slash < 0 && scope === 'sidecar') {
    return `${JSON.stringify(entry)} has no namespace; write namespace/host, e.g. ./reviews.bookinfo.svc.cluster.local or istio-system/*`
  }
  const namespace = slash < 0 ? undefined : entry.slice(0, slash)
  const host = slash < 0 ? entry : entry.slice(slash + 1)
  if (namespace !== undefined) {
    const ns = scope === 'sidecar' ? namespace.replace(/^~/, '') : namespace
    const problem = ns === '*' || ns === '.' || (ns === '' && namespace === '~') ? undefined : dnsLabelProblem(ns)
    if (problem) return `namespace ${JSON.stringify(namespace)} is not *, . or a namespace name (${problem})`
  }
  if (host === '') return 'the host is empty'
  if (host === '*' || (scope === 'gateway' && isIPAddress(host))) return undefined
  if (!host.includes('.')) return `short name ${JSON.stringify(host)} is not allowed; use a fully qualified name or *`
  if (host.includes('*') && !host.startsWith('*.')) {
    return `partial wildcard ${JSON.stringify(host)} is not allowed; use * or *.example.com`
  }
  const problem = hostProblem(host)
  return problem && `host ${JSON.stringify(host)} is invalid: ${problem}`
}

/** Istio's host.Name.Matches either way: equal names, or a wildcard whose suffix covers the other. */
export function hostsOverlap(a: string, b: string): boolean {
  return covers(a, b) || covers(b, a)
}

function covers(pattern: string, host: string): boolean {
  return pattern === host || (pattern.startsWith('*') && host.endsWith(pattern.slice(1)))
}
