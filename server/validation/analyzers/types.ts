// The analyzer contract: one module per kind (Kiali's checkers), each a pure function of the mesh,
// read through the context, and one object.
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import type { AnalysisContext } from './context.ts'

export interface Analyzer {
  /** Names the analyzer in timings: `<kind>.<concern>`. */
  readonly name: string
  /** The kinds it analyzes. */
  readonly kinds: readonly string[]
  analyze(ctx: AnalysisContext, obj: ConfigObject): IstioCheck[]
}

export const NETWORKING = 'networking.istio.io'
