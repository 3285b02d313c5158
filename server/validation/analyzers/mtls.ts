// mTLS conflicts between what a DestinationRule's clients send and what PeerAuthentication makes
// the destination workloads accept: DISABLE towards STRICT workloads is refused; ISTIO_MUTUAL
// towards workloads with mTLS disabled fails the handshake.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { DestinationRuleSpec, TrafficPolicy } from '../../../shared/istio/networking.ts'
import type { MtlsMode, PeerAuthenticationSpec } from '../../../shared/istio/security.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { formatPath } from '../../../shared/validation.ts'
import { isWildcard } from '../../mesh/hosts.ts'
import { selectorMatches, type Labels } from '../../mesh/labels.ts'
import type { Endpoint, MeshService } from '../../mesh/types.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { labelsText, listText, nameOf, namespaceOf, nonEmpty } from './format.ts'
import type { Analyzer } from './types.ts'

type Effective = 'STRICT' | 'PERMISSIVE' | 'DISABLE'

interface EffectiveMode {
  mode: Effective
  /** What decided it: `PeerAuthentication bookinfo/default`, or Istio's default. */
  from: string
}

const DEFAULT_MODE: EffectiveMode = { mode: 'PERMISSIVE', from: "Istio's default" }

function setMode(mode: MtlsMode | undefined): Effective | undefined {
  return mode === undefined || mode === 'UNSET' ? undefined : mode
}

function olderFirst(a: ConfigObject, b: ConfigObject): number {
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
}

/**
 * Istio's PeerAuthentication precedence: a workload-selector policy in the workload's namespace
 * (its port-level setting first), then the namespace-wide policy, then the mesh-wide one in the
 * root namespace, then PERMISSIVE. UNSET inherits from the next level; among equals the oldest wins.
 */
class PeerAuthResolver {
  private readonly byNs = new Map<string, ConfigObject[]>()

  constructor(private readonly ctx: AnalysisContext) {}

  forWorkload(ns: string, labels: Labels, port?: number): EffectiveMode {
    const specific = this.policies(ns)
      .filter((pa) => { const sel = selectorOf(pa); return sel !== undefined && selectorMatches(sel, labels) })[0]
    if (specific) {
      const spec = (specific.spec ?? {}) as PeerAuthenticationSpec
      const mode = (port !== undefined ? setMode(spec.portLevelMtls?.[String(port)]?.mode) : undefined) ?? setMode(spec.mtls?.mode)
      if (mode) return { mode, from: nameOf(specific) }
    }
    return this.forNamespace(ns)
  }

  forNamespace(ns: string): EffectiveMode {
    const root = this.ctx.naming.rootNamespace
    for (const level of ns === root ? [root] : [ns, root]) {
      const wide = this.policies(level).find((pa) => selectorOf(pa) === undefined)
      const mode = setMode(((wide?.spec ?? {}) as PeerAuthenticationSpec).mtls?.mode)
      if (wide && mode) return { mode, from: nameOf(wide) }
    }
    return DEFAULT_MODE
  }

  private policies(ns: string): ConfigObject[] {
    let list = this.byNs.get(ns)
    if (!list) {
      list = this.ctx.peerAuthentications(ns).sort(olderFirst)
      this.byNs.set(ns, list)
    }
    return list
  }
}

function selectorOf(pa: ConfigObject): Labels | undefined {
  return nonEmpty(((pa.spec ?? {}) as PeerAuthenticationSpec).selector?.matchLabels)
}

/** One place a DestinationRule sets a TLS mode, and the traffic it governs. */
interface TlsSetting {
  mode: 'DISABLE' | 'ISTIO_MUTUAL'
  path: string
  /** Service port of a portLevelSettings entry. */
  port?: number
  /** Ports whose own settings override this one. */
  overridden: ReadonlySet<number>
  subset?: { name: string; labels: Labels | undefined }
}

function tlsSettings(spec: Partial<DestinationRuleSpec>): TlsSetting[] {
  const out: TlsSetting[] = []
  const collect = (policy: TrafficPolicy | undefined, base: (string | number)[], subset?: TlsSetting['subset']) => {
    if (!policy) return
    const overridden = new Set<number>()
    policy.portLevelSettings?.forEach((pls, i) => {
      const port = pls.port?.number
      if (port === undefined || !pls.tls?.mode) return
      overridden.add(port)
      const mode = pls.tls.mode
      if (mode === 'DISABLE' || mode === 'ISTIO_MUTUAL') {
        out.push({ mode, path: formatPath([...base, 'portLevelSettings', i, 'tls', 'mode']), port, overridden: new Set(), subset })
      }
    })
    const mode = policy.tls?.mode
    if (mode === 'DISABLE' || mode === 'ISTIO_MUTUAL') out.push({ mode, path: formatPath([...base, 'tls', 'mode']), overridden, subset })
  }
  collect(spec.trafficPolicy, ['spec', 'trafficPolicy'])
  spec.subsets?.forEach((s, i) => collect(s.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy'], { name: s.name, labels: nonEmpty(s.labels) }))
  return out
}

function governs(setting: TlsSetting, e: Endpoint): boolean {
  if (setting.port !== undefined ? e.servicePort !== setting.port : setting.overridden.has(e.servicePort)) return false
  return !setting.subset?.labels || selectorMatches(setting.subset.labels, e.labels)
}

/** Who would reject the setting's traffic: workload names (or a namespace) and the policies deciding it. */
function conflicts(resolver: PeerAuthResolver, setting: TlsSetting, svc: MeshService, endpoints: readonly Endpoint[]):
  { who: string[]; from: Set<string> } | undefined {
  const bad: Effective = setting.mode === 'DISABLE' ? 'STRICT' : 'DISABLE'
  const who = new Set<string>()
  const from = new Set<string>()
  if (endpoints.length === 0) {
    // No workloads yet: those to come get the namespace's mode unless a selector policy says otherwise.
    const m = resolver.forNamespace(svc.namespace)
    if (m.mode === bad) return { who: [`namespace ${svc.namespace}`], from: new Set([m.from]) }
    return undefined
  }
  for (const e of endpoints) {
    if (!governs(setting, e)) continue
    const m = resolver.forWorkload(svc.namespace, e.labels, e.port)
    if (m.mode !== bad) continue
    who.add(e.workloadKey.slice(e.workloadKey.lastIndexOf('/') + 1))
    from.add(m.from)
  }
  return who.size ? { who: [...who].sort(), from } : undefined
}

function mtlsChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const spec = (obj.spec ?? {}) as Partial<DestinationRuleSpec>
  const settings = tlsSettings(spec)
  if (!settings.length || !spec.host) return []
  const host = ctx.resolveHost(spec.host, namespaceOf(obj))
  // PeerAuthentication governs mesh workloads only: external ServiceEntries are out of its reach.
  const services = (isWildcard(host) ? ctx.servicesForHost(host) : [ctx.service(host)])
    .filter((s): s is MeshService => s !== undefined && s.location !== 'MESH_EXTERNAL')
  const resolver = new PeerAuthResolver(ctx)
  const out: IstioCheck[] = []
  for (const setting of settings) {
    const who: string[] = []
    const from = new Set<string>()
    let hosts = 0
    for (const svc of services) {
      const found = conflicts(resolver, setting, svc, ctx.endpoints(svc.hostname))
      if (!found) continue
      hosts++
      who.push(...(services.length > 1 ? found.who.map((w) => `${w} (${svc.hostname})`) : found.who))
      for (const f of found.from) from.add(f)
    }
    if (!who.length) continue
    const target = setting.subset
      ? `subset "${setting.subset.name}"${setting.subset.labels ? ` (${labelsText(setting.subset.labels)})` : ''} of ${host}`
      : host
    const scope = setting.port !== undefined ? ` port ${setting.port}` : ''
    const decided = listText([...from].sort())
    out.push(setting.mode === 'DISABLE'
      ? check('drMtlsDisabledUnderStrict', setting.path,
        `${setting.path} is DISABLE for ${target}${scope}, but ${listText(who)} ${who.length === 1 ? 'requires' : 'require'} mTLS (STRICT from ${decided})` +
        `${hosts > 1 ? ` across ${hosts} hosts` : ''}; their sidecars will refuse this plaintext traffic — ` +
        'use ISTIO_MUTUAL or make the PeerAuthentication PERMISSIVE')
      : check('drMtlsToPlaintext', setting.path,
        `${setting.path} is ISTIO_MUTUAL for ${target}${scope}, but ${listText(who)} ${who.length === 1 ? 'has' : 'have'} mTLS disabled (DISABLE from ${decided})` +
        `${hosts > 1 ? ` across ${hosts} hosts` : ''}; the TLS handshake will fail — ` +
        'set the mode to DISABLE or enable mTLS on the workloads'))
  }
  return out
}

export const mtlsAnalyzer: Analyzer = { name: 'destinationrule.mtls', kinds: ['DestinationRule'], analyze: mtlsChecks }
