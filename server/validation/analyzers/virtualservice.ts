// VirtualService checks: where routes send traffic (hosts, subsets, weights), which gateways they
// bind to, and whether another VirtualService competes for the same host.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { keyOf } from '../../../shared/k8s.ts'
import type { Destination, VirtualServiceSpec } from '../../../shared/istio/networking.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { formatPath } from '../../../shared/validation.ts'
import { isWildcard, parseGatewayRef } from '../../mesh/hosts.ts'
import type { HostBinding } from '../../mesh/types.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { listText, nameOf, namespaceOf } from './format.ts'
import { NETWORKING, type Analyzer } from './types.ts'

type Path = (string | number)[]
type Section = 'http' | 'tcp' | 'tls'
const SECTIONS: readonly Section[] = ['http', 'tcp', 'tls']

interface RouteList {
  path: Path
  route: readonly { destination: Destination; weight?: number }[]
}

function routeLists(spec: VirtualServiceSpec): RouteList[] {
  const out: RouteList[] = []
  for (const section of SECTIONS) {
    ;(spec[section] ?? []).forEach((r, i) => {
      if (r.route) out.push({ path: ['spec', section, i, 'route'], route: r.route })
    })
  }
  return out
}

/** Every destination the VirtualService sends traffic to, mirrors included. */
function destinations(spec: VirtualServiceSpec): { destination: Destination; path: Path }[] {
  const out: { destination: Destination; path: Path }[] = []
  for (const list of routeLists(spec)) {
    list.route.forEach((d, j) => out.push({ destination: d.destination, path: [...list.path, j, 'destination'] }))
  }
  ;(spec.http ?? []).forEach((r, i) => {
    if (r.mirror) out.push({ destination: r.mirror, path: ['spec', 'http', i, 'mirror'] })
    r.mirrors?.forEach((m, k) => out.push({ destination: m.destination, path: ['spec', 'http', i, 'mirrors', k, 'destination'] }))
  })
  return out
}

function hostText(written: string, resolved: string): string {
  return written === resolved ? `"${written}"` : `"${written}" (${resolved})`
}

function destinationChecks(ctx: AnalysisContext, obj: ConfigObject, spec: VirtualServiceSpec): IstioCheck[] {
  const ns = namespaceOf(obj)
  const out: IstioCheck[] = []
  for (const { destination, path } of destinations(spec)) {
    const host = ctx.resolveHost(destination.host, ns)
    if (ctx.servicesForHost(host).length === 0) {
      const hostPath = formatPath([...path, 'host'])
      out.push(check('vsHostNotFound', hostPath,
        `host ${hostText(destination.host, host)} at ${hostPath} matches no Service or ServiceEntry; ` +
        'create the Service (or a ServiceEntry for an external host) or correct the host'))
      continue
    }
    if (!destination.subset || isWildcard(host)) continue
    const dr = ctx.destinationRuleFor(host, ns)
    const subsets = ((dr?.object.spec?.subsets ?? []) as { name: string }[]).map((s) => s.name)
    if (subsets.includes(destination.subset)) continue
    const subsetPath = formatPath([...path, 'subset'])
    const where = dr
      ? `${nameOf(dr.object)} has ${subsets.length ? listText(subsets) : 'no subsets'}`
      : `no DestinationRule for this host applies in namespace ${ns}`
    out.push(check('vsSubsetNotFound', subsetPath,
      `subset "${destination.subset}" at ${subsetPath} of host ${host} is defined by no DestinationRule (${where}); ` +
      'add the subset to the DestinationRule or route to an existing one'))
  }
  return out
}

function weightChecks(spec: VirtualServiceSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  for (const { path, route } of routeLists(spec)) {
    if (!route.some((d) => d.weight !== undefined)) continue
    const weights = route.map((d) => d.weight ?? 0)
    const sum = weights.reduce((a, b) => a + b, 0)
    if (sum === 100) continue
    const p = formatPath(path)
    out.push(check('vsWeightSum', p,
      `the weights at ${p} add up to ${sum} (${weights.join(' + ')}); set them so they total 100`))
  }
  return out
}

function gatewayChecks(ctx: AnalysisContext, obj: ConfigObject, spec: VirtualServiceSpec): IstioCheck[] {
  const ns = namespaceOf(obj)
  const refs: { ref: string; path: Path }[] = (spec.gateways ?? []).map((ref, i) => ({ ref, path: ['spec', 'gateways', i] }))
  for (const section of SECTIONS) {
    ;(spec[section] ?? []).forEach((r, i) => r.match?.forEach((m, j) => m.gateways?.forEach((ref, k) =>
      refs.push({ ref, path: ['spec', section, i, 'match', j, 'gateways', k] }))))
  }
  const out: IstioCheck[] = []
  for (const { ref, path } of refs) {
    const gw = parseGatewayRef(ref, ns)
    if (!gw || ctx.object({ group: NETWORKING, kind: 'Gateway', namespace: gw.namespace, name: gw.name })) continue
    const p = formatPath(path)
    out.push(check('vsGatewayNotFound', p,
      `"${ref}" at ${p} names Gateway ${gw.namespace}/${gw.name}, which does not exist; ` +
      'create it or correct the reference ("mesh" means the sidecars)'))
  }
  return out
}

function appliesToMesh(spec: VirtualServiceSpec): boolean {
  return !spec.gateways?.length || spec.gateways.includes('mesh')
}

/** exportTo as the set of namespaces that see an object; null means every namespace. */
function audience(exportTo: readonly string[] | undefined, ns: string): Set<string> | null {
  if (!exportTo?.length || exportTo.includes('*')) return null
  return new Set(exportTo.filter((e) => e !== '~').map((e) => (e === '.' ? ns : e)))
}

/** Two objects conflict only where some namespace sees both of them. */
function shareAudience(a: HostBinding, b: HostBinding): boolean {
  const sa = audience(a.exportTo, a.namespace)
  const sb = audience(b.exportTo, b.namespace)
  if (!sa) return sb === null || sb.size > 0
  if (!sb) return sa.size > 0
  for (const n of sa) if (sb.has(n)) return true
  return false
}

function multipleForHostChecks(ctx: AnalysisContext, obj: ConfigObject, spec: VirtualServiceSpec): IstioCheck[] {
  if (!appliesToMesh(spec)) return []
  const ns = namespaceOf(obj)
  const self = keyOf(obj)
  const out: IstioCheck[] = []
  ;(spec.hosts ?? []).forEach((written, i) => {
    const host = ctx.resolveHost(written, ns)
    const mine: HostBinding = { host, object: obj, namespace: ns, exportTo: spec.exportTo, path: `spec/hosts[${i}]` }
    const others = new Set<string>()
    for (const b of ctx.virtualServicesWithHost(host)) {
      if (keyOf(b.object) === self || !appliesToMesh((b.object.spec ?? {}) as VirtualServiceSpec)) continue
      if (shareAudience(mine, b)) others.add(nameOf(b.object))
    }
    if (!others.size) return
    out.push(check('vsMultipleForHost', mine.path,
      `host ${hostText(written, host)} at ${mine.path} is also claimed by ${listText([...others].sort())}; ` +
      'sidecars use only one VirtualService per host, so merge their routes into one'))
  })
  return out
}

const specOf = (obj: ConfigObject) => (obj.spec ?? {}) as VirtualServiceSpec

export const virtualServiceAnalyzers: readonly Analyzer[] = [
  { name: 'virtualservice.destinations', kinds: ['VirtualService'], analyze: (ctx, obj) => destinationChecks(ctx, obj, specOf(obj)) },
  { name: 'virtualservice.weights', kinds: ['VirtualService'], analyze: (_ctx, obj) => weightChecks(specOf(obj)) },
  { name: 'virtualservice.gateways', kinds: ['VirtualService'], analyze: (ctx, obj) => gatewayChecks(ctx, obj, specOf(obj)) },
  { name: 'virtualservice.multiple', kinds: ['VirtualService'], analyze: (ctx, obj) => multipleForHostChecks(ctx, obj, specOf(obj)) },
]
