// security.istio.io kinds: selectors, AuthorizationPolicy's action/provider pairing and conditions,
// PeerAuthentication's port-level mTLS, RequestAuthentication's issuers.
import type {
  AuthorizationPolicySpec, PeerAuthenticationSpec, RequestAuthenticationSpec,
} from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkLabels } from './labels.ts'

const SELECTOR = ['spec', 'selector', 'matchLabels']

export function checkPeerAuthentication(spec: PeerAuthenticationSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkLabels(spec.selector?.matchLabels, SELECTOR, out)
  const ports = Object.keys(spec.portLevelMtls ?? {})
  if (ports.length > 0 && Object.keys(spec.selector?.matchLabels ?? {}).length === 0) {
    out.push(check('invalidField', ['spec', 'portLevelMtls'],
      'portLevelMtls needs a selector; namespace- and mesh-wide policies cannot set port-level mTLS'))
  }
  for (const port of ports) {
    const n = Number(port)
    if (!/^[0-9]+$/.test(port) || n < 1 || n > 65535) {
      out.push(check('invalidField', ['spec', 'portLevelMtls', port], `${JSON.stringify(port)} is not a port number; keys are ports 1–65535`))
    }
  }
  return out
}

export function checkAuthorizationPolicy(spec: AuthorizationPolicySpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkLabels(spec.selector?.matchLabels, SELECTOR, out)
  const action = spec.action ?? 'ALLOW'
  if (action === 'CUSTOM' && !spec.provider?.name) {
    out.push(check('invalidField', ['spec', 'provider'], 'action CUSTOM needs provider.name, the extension provider that decides'))
  } else if (action !== 'CUSTOM' && spec.provider) {
    out.push(check('invalidField', ['spec', 'provider'], `provider is only for action CUSTOM; this policy's action is ${action}`))
  }
  spec.rules?.forEach((rule, i) => {
    rule.when?.forEach((condition, j) => {
      const at = ['spec', 'rules', i, 'when', j]
      if (condition.key === '') {
        out.push(check('invalidField', [...at, 'key'], 'key is empty; name an attribute, e.g. request.headers[x-user]'))
      } else if (!condition.values?.length && !condition.notValues?.length) {
        out.push(check('invalidField', at, `condition on ${condition.key} needs values or notValues`))
      }
    })
  })
  return out
}

export function checkRequestAuthentication(spec: RequestAuthenticationSpec): IstioCheck[] {
  const out: IstioCheck[] = []
  checkLabels(spec.selector?.matchLabels, SELECTOR, out)
  spec.jwtRules?.forEach((rule, i) => {
    if (rule.issuer === '') {
      out.push(check('invalidField', ['spec', 'jwtRules', i, 'issuer'],
        'issuer is empty; set the iss claim the tokens carry, e.g. https://accounts.example.com'))
    }
  })
  return out
}
