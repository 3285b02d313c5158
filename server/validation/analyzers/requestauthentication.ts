// RequestAuthentication checks.
import type { RequestAuthenticationSpec } from '../../../shared/istio/security.ts'
import { selectorChecks } from './selector.ts'
import type { Analyzer } from './types.ts'

export const requestAuthenticationAnalyzer: Analyzer = {
  name: 'requestauthentication.selector',
  kinds: ['RequestAuthentication'],
  analyze: (ctx, obj) =>
    selectorChecks(ctx, obj, ((obj.spec ?? {}) as RequestAuthenticationSpec).selector?.matchLabels, 'spec/selector/matchLabels'),
}
