// AuthorizationPolicy checks: the selector picks workloads, and the sources its rules name exist —
// a rule naming a missing namespace or identity never matches, which silently changes what it allows.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { AuthorizationPolicySpec } from '../../../shared/istio/security.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { formatPath } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import type { AnalysisContext } from './context.ts'
import { listText } from './format.ts'
import { selectorChecks } from './selector.ts'
import type { Analyzer } from './types.ts'

const specOf = (obj: ConfigObject) => (obj.spec ?? {}) as AuthorizationPolicySpec

/** Istio matches these by prefix or suffix `*`; such a pattern names no single thing to look up. */
const isPattern = (value: string) => value.includes('*')

const PRINCIPAL = /^(.+)\/ns\/([^/]+)\/sa\/([^/]+)$/

interface SourceField {
  values: readonly string[]
  path: (string | number)[]
}

function sourceFields(spec: AuthorizationPolicySpec, field: 'namespaces' | 'principals'): SourceField[] {
  const out: SourceField[] = []
  spec.rules?.forEach((rule, i) => rule.from?.forEach((from, j) => {
    const values = from.source?.[field]
    if (values) out.push({ values, path: ['spec', 'rules', i, 'from', j, 'source', field] })
  }))
  return out
}

function namespaceChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const out: IstioCheck[] = []
  for (const { values, path } of sourceFields(specOf(obj), 'namespaces')) {
    values.forEach((ns, k) => {
      if (isPattern(ns) || ctx.hasNamespace(ns)) return
      const p = formatPath([...path, k])
      out.push(check('apNamespaceNotFound', p,
        `namespace "${ns}" at ${p} does not exist, so no request can match it; correct the name or create the namespace`))
    })
  }
  return out
}

/** The identities workloads of a namespace run as, to suggest the principal meant. */
function identitiesIn(ctx: AnalysisContext, ns: string): string {
  const accounts = [...new Set(ctx.workloadsInNamespace(ns).map((w) => w.serviceAccount))].sort()
  return accounts.length ? `workloads in ${ns} run as service accounts ${listText(accounts)}` : `namespace ${ns} has no workloads`
}

function principalChecks(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[] {
  const out: IstioCheck[] = []
  for (const { values, path } of sourceFields(specOf(obj), 'principals')) {
    values.forEach((principal, k) => {
      if (isPattern(principal) || ctx.hasPrincipal(principal)) return
      const p = formatPath([...path, k])
      const m = PRINCIPAL.exec(principal)
      const hint = m
        ? m[1] !== ctx.trustDomain
          ? `the mesh's trust domain is ${ctx.trustDomain}, not ${m[1]}`
          : identitiesIn(ctx, m[2])
        : `principals have the form ${ctx.trustDomain}/ns/<namespace>/sa/<service account>`
      out.push(check('apPrincipalNotFound', p,
        `principal "${principal}" at ${p} is the identity of no workload (${hint}); correct it or deploy the workload`))
    })
  }
  return out
}

export const authorizationPolicyAnalyzers: readonly Analyzer[] = [
  {
    name: 'authorizationpolicy.selector',
    kinds: ['AuthorizationPolicy'],
    analyze: (ctx, obj) => selectorChecks(ctx, obj, specOf(obj).selector?.matchLabels, 'spec/selector/matchLabels'),
  },
  { name: 'authorizationpolicy.namespaces', kinds: ['AuthorizationPolicy'], analyze: namespaceChecks },
  { name: 'authorizationpolicy.principals', kinds: ['AuthorizationPolicy'], analyze: principalChecks },
]
