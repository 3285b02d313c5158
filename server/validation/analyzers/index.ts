// Every analyzer, in the order their checks are listed for an object.
import { authorizationPolicyAnalyzers } from './authorizationpolicy.ts'
import { canaryRampAnalyzers } from './canaryramp.ts'
import { destinationRuleAnalyzers } from './destinationrule.ts'
import { exportToAnalyzer } from './exportto.ts'
import { gatewayAnalyzer } from './gateway.ts'
import { mtlsAnalyzer } from './mtls.ts'
import { peerAuthenticationAnalyzer } from './peerauthentication.ts'
import { requestAuthenticationAnalyzer } from './requestauthentication.ts'
import { sidecarAnalyzers } from './sidecar.ts'
import type { Analyzer } from './types.ts'
import { virtualServiceAnalyzers } from './virtualservice.ts'
import { workloadEntryAnalyzer } from './workloadentry.ts'

export const ALL_ANALYZERS: readonly Analyzer[] = [
  ...virtualServiceAnalyzers,
  ...destinationRuleAnalyzers,
  mtlsAnalyzer,
  gatewayAnalyzer,
  ...sidecarAnalyzers,
  peerAuthenticationAnalyzer,
  requestAuthenticationAnalyzer,
  ...authorizationPolicyAnalyzers,
  workloadEntryAnalyzer,
  exportToAnalyzer,
  ...canaryRampAnalyzers,
]

export { AnalysisContext } from './context.ts'
export type { Analyzer } from './types.ts'
