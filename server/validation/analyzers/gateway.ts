// Gateway checks: a Gateway's selector picks the proxies that serve it, in any namespace.
import type { GatewaySpec } from '../../../shared/istio/networking.ts'
import { check } from '../codes.ts'
import { labelsText, nonEmpty } from './format.ts'
import type { Analyzer } from './types.ts'

export const gatewayAnalyzer: Analyzer = {
  name: 'gateway.selector',
  kinds: ['Gateway'],
  analyze(ctx, obj) {
    // An empty selector applies to every gateway proxy: nothing to look for.
    const selector = nonEmpty(((obj.spec ?? {}) as GatewaySpec).selector)
    if (!selector || ctx.workloadsAnywhere(selector).length) return []
    return [check('gatewaySelectorNoWorkload', 'spec/selector',
      `${labelsText(selector)} at spec/selector: no workload in any namespace carries these labels, so no proxy ` +
      'serves this Gateway; correct the labels or deploy the gateway workload')]
  },
}
