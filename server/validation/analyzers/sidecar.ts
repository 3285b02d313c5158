// Sidecar checks: the workload selector, and each egress host (`<namespace>/<dnsName>`) naming a
// service — a host that names nothing silently cuts the workload off from what was meant.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { SidecarSpec } from '../../../shared/istio/networking.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { namespaceOf } from './format.ts'
import { selectorChecks } from './selector.ts'
import type { Analyzer } from './types.ts'

const specOf = (obj: ConfigObject) => (obj.spec ?? {}) as SidecarSpec

/** Why an egress host selects no service, or undefined when it selects some. */
function egressProblem(ctx: AnalysisContext, sidecarNs: string, entry: string): string | undefined {
  const slash = entry.indexOf('/')
  // The `<namespace>/` prefix is required; admission reports its absence.
  if (slash < 0) return undefined
  const nsPart = entry.slice(0, slash)
  const host = entry.slice(slash + 1)
  if (nsPart === '~') return undefined
  const ns = nsPart === '.' ? sidecarNs : nsPart === '*' ? undefined : nsPart
  if (ns !== undefined && !ctx.hasNamespace(ns)) return `namespace ${ns} does not exist`
  if (host === '*') return undefined
  const found = ctx.servicesForHost(host).filter((s) => ns === undefined || s.namespace === ns)
  if (found.length) return undefined
  const where = ns === undefined ? 'in any namespace' : `in namespace ${ns}`
  const fqdn = host.includes('.') || host.startsWith('*') ? '' : ` (hosts are FQDNs, such as ${host}.${ns ?? sidecarNs}.svc.${ctx.naming.domainSuffix})`
  return `no Service or ServiceEntry ${where} has host ${host}${fqdn}`
}

function egressChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const ns = namespaceOf(obj)
  const out: IstioCheck[] = []
  specOf(obj).egress?.forEach((listener, i) => listener.hosts.forEach((entry, j) => {
    const problem = egressProblem(ctx, ns, entry)
    if (!problem) return
    const p = `spec/egress[${i}]/hosts[${j}]`
    out.push(check('sidecarEgressHostNotFound', p,
      `"${entry}" at ${p}: ${problem}; correct the host or remove the entry`))
  }))
  return out
}

export const sidecarAnalyzers: readonly Analyzer[] = [
  {
    name: 'sidecar.selector',
    kinds: ['Sidecar'],
    analyze: (ctx, obj) => selectorChecks(ctx, obj, specOf(obj).workloadSelector?.labels, 'spec/workloadSelector/labels'),
  },
  { name: 'sidecar.egress', kinds: ['Sidecar'], analyze: egressChecks },
]
