// security.istio.io specs (v1 and v1beta1 share these shapes).
import Type from 'typebox'
import { Labels, MatchLabelsSelector, Opt, PolicyTargetReference, Str, StrList } from './common.ts'

const MtlsMode = Type.Union([
  Type.Literal('UNSET'), Type.Literal('DISABLE'), Type.Literal('PERMISSIVE'), Type.Literal('STRICT'),
])
export type MtlsMode = Type.Static<typeof MtlsMode>

export const PeerAuthenticationSpec = Type.Object({
  selector: Opt(MatchLabelsSelector),
  mtls: Opt(Type.Object({ mode: Opt(MtlsMode) })),
  portLevelMtls: Opt(Type.Record(Type.String(), Type.Object({ mode: Opt(MtlsMode) }))),
})
export type PeerAuthenticationSpec = Type.Static<typeof PeerAuthenticationSpec>

const Source = Type.Object({
  principals: Opt(StrList),
  notPrincipals: Opt(StrList),
  requestPrincipals: Opt(StrList),
  notRequestPrincipals: Opt(StrList),
  namespaces: Opt(StrList),
  notNamespaces: Opt(StrList),
  ipBlocks: Opt(StrList),
  notIpBlocks: Opt(StrList),
  remoteIpBlocks: Opt(StrList),
  notRemoteIpBlocks: Opt(StrList),
  serviceAccounts: Opt(StrList),
  notServiceAccounts: Opt(StrList),
})

const Operation = Type.Object({
  hosts: Opt(StrList),
  notHosts: Opt(StrList),
  ports: Opt(StrList),
  notPorts: Opt(StrList),
  methods: Opt(StrList),
  notMethods: Opt(StrList),
  paths: Opt(StrList),
  notPaths: Opt(StrList),
})

export const AuthorizationRule = Type.Object({
  from: Opt(Type.Array(Type.Object({ source: Opt(Source) }))),
  to: Opt(Type.Array(Type.Object({ operation: Opt(Operation) }))),
  when: Opt(Type.Array(Type.Object({ key: Str(), values: Opt(StrList), notValues: Opt(StrList) }))),
})

export const AuthorizationPolicySpec = Type.Object({
  selector: Opt(MatchLabelsSelector),
  targetRef: Opt(PolicyTargetReference),
  targetRefs: Opt(Type.Array(PolicyTargetReference)),
  rules: Opt(Type.Array(AuthorizationRule)),
  action: Opt(Type.Union([Type.Literal('ALLOW'), Type.Literal('DENY'), Type.Literal('AUDIT'), Type.Literal('CUSTOM')])),
  provider: Opt(Type.Object({ name: Opt(Str()) })),
})
export type AuthorizationPolicySpec = Type.Static<typeof AuthorizationPolicySpec>

export const RequestAuthenticationSpec = Type.Object({
  selector: Opt(MatchLabelsSelector),
  targetRef: Opt(PolicyTargetReference),
  targetRefs: Opt(Type.Array(PolicyTargetReference)),
  jwtRules: Opt(Type.Array(Type.Object({
    issuer: Str(),
    audiences: Opt(StrList),
    jwksUri: Opt(Str()),
    jwks: Opt(Str()),
    fromHeaders: Opt(Type.Array(Type.Object({ name: Str(), prefix: Opt(Str()) }))),
    fromParams: Opt(StrList),
    fromCookies: Opt(StrList),
    outputPayloadToHeader: Opt(Str()),
    forwardOriginalToken: Opt(Type.Boolean()),
    outputClaimToHeaders: Opt(Type.Array(Type.Object({ header: Str(), claim: Str() }))),
    timeout: Opt(Str()),
  }))),
})
export type RequestAuthenticationSpec = Type.Static<typeof RequestAuthenticationSpec>

export { Labels }
