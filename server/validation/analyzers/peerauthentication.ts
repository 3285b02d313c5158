// PeerAuthentication checks (its conflicts with DestinationRules are reported on the rule, in mtls.ts).
import type { PeerAuthenticationSpec } from '../../../shared/istio/security.ts'
import { selectorChecks } from './selector.ts'
import type { Analyzer } from './types.ts'

export const peerAuthenticationAnalyzer: Analyzer = {
  name: 'peerauthentication.selector',
  kinds: ['PeerAuthentication'],
  analyze: (ctx, obj) =>
    selectorChecks(ctx, obj, ((obj.spec ?? {}) as PeerAuthenticationSpec).selector?.matchLabels, 'spec/selector/matchLabels'),
}
