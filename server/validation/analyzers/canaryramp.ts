// CanaryRamp checks: the service it shifts exists, each of its versions has a workload to send
// traffic to, and no other unfinished ramp shifts the same service (they would fight over weights).
import { CANARY_KIND, isTerminalPhase, type CanaryRampSpec, type CanaryRampStatus } from '../../../shared/canary.ts'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { keyOf } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { olderBindingFirst, versionSelector } from '../../canary/traffic.ts'
import { selectorMatches } from '../../mesh/labels.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { labelsText, listText, nameOf, namespaceOf } from './format.ts'
import type { Analyzer } from './types.ts'

const specOf = (obj: ConfigObject) => (obj.spec ?? {}) as Partial<CanaryRampSpec>
const finished = (obj: ConfigObject) => isTerminalPhase((obj.status as Partial<CanaryRampStatus> | undefined)?.phase)

function targetChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const spec = specOf(obj)
  if (!spec.service) return []
  const ns = namespaceOf(obj)
  const host = ctx.resolveHost(spec.service, ns)
  const svc = ctx.service(host)
  if (!svc) {
    return [check('canaryServiceNotFound', 'spec/service',
      `service "${spec.service}" at spec/service is not a Service of namespace ${ns} (${host}); ` +
      'correct the name or create the Service: the ramp waits (Pending) until it exists')]
  }
  if (finished(obj)) return []
  const rule = ctx.destinationRulesWithHost(host).filter((b) => b.namespace === ns).sort(olderBindingFirst)[0]?.object
  const workloads = ctx.workloadsOfService(svc)
  const out: IstioCheck[] = []
  for (const field of ['stable', 'canary'] as const) {
    const version = spec[field]
    if (!version) continue
    const labels = versionSelector(rule, version)
    if (workloads.some((w) => selectorMatches(labels, w.labels))) continue
    out.push(check('canaryVersionNoWorkload', ['spec', field],
      `no workload of ${spec.service} has ${labelsText(labels)} (spec.${field} ${version}), so there is nothing to send its traffic to; ` +
      'deploy it or correct the version: the ramp waits (Pending) until one is registered'))
  }
  return out
}

function rivalChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const service = specOf(obj).service
  if (!service || finished(obj)) return []
  const self = keyOf(obj)
  const rivals = ctx.objectsOfKind(CANARY_KIND, namespaceOf(obj))
    .filter((o) => keyOf(o) !== self && specOf(o).service === service && !finished(o))
    .map(nameOf)
  if (!rivals.length) return []
  return [check('canarySameService', 'spec/service',
    `${listText(rivals.sort())} also shift${rivals.length > 1 ? '' : 's'} service ${service}; ` +
    'only one ramp drives a service at a time (the one that started, else the oldest): cancel or delete the others')]
}

export const canaryRampAnalyzers: readonly Analyzer[] = [
  { name: 'canaryramp.target', kinds: [CANARY_KIND], analyze: targetChecks },
  { name: 'canaryramp.rivals', kinds: [CANARY_KIND], analyze: rivalChecks },
]
