// Istio's naming rules: short hosts, wildcards, exportTo visibility and gateway references.

export interface MeshNaming {
  /** Kubernetes cluster domain, `cluster.local` by default. */
  domainSuffix: string
  /** Istio's root (config) namespace, `istio-system` by default: its DestinationRules apply mesh-wide. */
  rootNamespace: string
}

export const DEFAULT_NAMING: MeshNaming = { domainSuffix: 'cluster.local', rootNamespace: 'istio-system' }

/**
 * Expands a host as Istio does (ResolveShortnameToFQDN): a name without a dot is a Kubernetes
 * service in the object's namespace; anything with a dot, and wildcards, are taken as written.
 */
export function resolveHost(host: string, namespace: string, naming: MeshNaming): string {
  if (host === '*' || host.includes('.') || host.startsWith('*')) return host
  return `${host}.${namespace}.svc.${naming.domainSuffix}`
}

export function serviceFqdn(name: string, namespace: string, naming: MeshNaming): string {
  return `${name}.${namespace}.svc.${naming.domainSuffix}`
}

export function isWildcard(host: string): boolean {
  return host.startsWith('*')
}

/** Does a (possibly wildcard) pattern cover a concrete host? `*.ns.svc.cluster.local` covers `a.ns.svc.cluster.local`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1))
  return pattern === host
}

/** Specificity for choosing between patterns: exact beats any wildcard, longer wildcard beats shorter. */
export function hostSpecificity(pattern: string): number {
  return isWildcard(pattern) ? pattern.length : Number.MAX_SAFE_INTEGER
}

/**
 * Istio's exportTo: absent or empty means every namespace; `.` the object's own; `*` all; `~` none;
 * otherwise the namespaces listed.
 */
export function isVisible(exportTo: readonly string[] | undefined, objectNamespace: string, fromNamespace: string): boolean {
  if (!exportTo || exportTo.length === 0) return true
  for (const e of exportTo) {
    if (e === '*') return true
    if (e === '~') continue
    if (e === '.' ? fromNamespace === objectNamespace : e === fromNamespace) return true
  }
  return false
}

export interface GatewayRef {
  namespace: string
  name: string
}

/** `mesh` is the sidecars, not a Gateway object: null. Accepts `ns/name`, `name` and Istio's old `name.ns.svc…` form. */
export function parseGatewayRef(ref: string, vsNamespace: string): GatewayRef | null {
  if (ref === 'mesh') return null
  const slash = ref.indexOf('/')
  if (slash >= 0) return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) }
  const dot = ref.indexOf('.')
  if (dot >= 0) {
    const rest = ref.slice(dot + 1)
    const ns = rest.split('.')[0]
    return { namespace: ns || vsNamespace, name: ref.slice(0, dot) }
  }
  return { namespace: vsNamespace, name: ref }
}

export function principalFor(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`
}
