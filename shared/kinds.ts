// The kinds Trellis stores, with the API versions each accepts (users' existing YAML loads unchanged).
import { CANARY_GROUP, CANARY_KIND, CANARY_VERSION } from './canary.ts'

export interface KindInfo {
  group: string
  kind: string
  /** Lower-case plural as Kubernetes serves it. */
  plural: string
  /** Accepted versions, preferred first. */
  versions: readonly string[]
  namespaced: boolean
}

const NET = 'networking.istio.io'
const SEC = 'security.istio.io'
const NET_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'] as const
const SEC_VERSIONS = ['v1', 'v1beta1'] as const

export const KINDS: readonly KindInfo[] = [
  { group: '', kind: 'Namespace', plural: 'namespaces', versions: ['v1'], namespaced: false },
  { group: '', kind: 'Service', plural: 'services', versions: ['v1'], namespaced: true },
  { group: NET, kind: 'VirtualService', plural: 'virtualservices', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'DestinationRule', plural: 'destinationrules', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'Gateway', plural: 'gateways', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'ServiceEntry', plural: 'serviceentries', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'WorkloadEntry', plural: 'workloadentries', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'WorkloadGroup', plural: 'workloadgroups', versions: NET_VERSIONS, namespaced: true },
  { group: NET, kind: 'Sidecar', plural: 'sidecars', versions: NET_VERSIONS, namespaced: true },
  { group: SEC, kind: 'PeerAuthentication', plural: 'peerauthentications', versions: SEC_VERSIONS, namespaced: true },
  { group: SEC, kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', versions: SEC_VERSIONS, namespaced: true },
  { group: SEC, kind: 'RequestAuthentication', plural: 'requestauthentications', versions: SEC_VERSIONS, namespaced: true },
  // Trellis's own kind (shared/canary.ts): stored, validated and listed like Istio's.
  { group: CANARY_GROUP, kind: CANARY_KIND, plural: 'canaryramps', versions: [CANARY_VERSION], namespaced: true },
]

/** Kinds shown on the Istio Config page (everything but the core kinds). */
export const ISTIO_KINDS = KINDS.filter((k) => k.group !== '')

/** In REST paths the core group is spelled `core` (an empty path segment is not possible). */
export function groupFromPath(segment: string): string {
  return segment === 'core' ? '' : segment
}

export function groupToPath(group: string): string {
  return group === '' ? 'core' : group
}

/** Finds a kind by group and Kind name or plural, case-insensitively. */
export function findKind(group: string, kindOrPlural: string): KindInfo | undefined {
  const k = kindOrPlural.toLowerCase()
  return KINDS.find((info) => info.group === group && (info.kind.toLowerCase() === k || info.plural === k))
}

export function kindForApiVersion(apiVersion: string, kind: string): KindInfo | undefined {
  const slash = apiVersion.indexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
  const info = KINDS.find((i) => i.group === group && i.kind === kind)
  return info && info.versions.includes(version) ? info : undefined
}

export function apiVersionOf(info: KindInfo, version = info.versions[0]): string {
  return info.group ? `${info.group}/${version}` : version
}
