// Per kind: the spec's schema (compiled once), unknown-field warnings, then the kind's own rules,
// which run only on a spec of the right shape so they can read it typed.
import type { Static, TSchema } from 'typebox'
import {
  AuthorizationPolicySpec, DestinationRuleSpec, GatewaySpec, NamespaceSpec, PeerAuthenticationSpec,
  RequestAuthenticationSpec, ServiceEntrySpec, ServiceSpec, SidecarSpec, VirtualServiceSpec, WorkloadEntrySpec,
  WorkloadGroupSpec,
} from '../../../shared/istio/index.ts'
import { CanaryRampSpec } from '../../../shared/canary.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { checkCanaryRamp, checkCanaryRampStatus } from './canaryramp.ts'
import { checkDestinationRule } from './destinationrule.ts'
import { checkUnknownFields } from './fields.ts'
import { checkGateway } from './gateway.ts'
import { checkSchema, compileSchema } from './schema.ts'
import { checkAuthorizationPolicy, checkPeerAuthentication, checkRequestAuthentication } from './security.ts'
import { checkService } from './service.ts'
import { checkServiceEntry } from './serviceentry.ts'
import { checkSidecar } from './sidecar.ts'
import { checkVirtualService } from './virtualservice.ts'
import { checkWorkloadEntry, checkWorkloadGroup } from './workloadentry.ts'

type SpecCheck = (spec: unknown, out: IstioCheck[]) => void

const SPEC = ['spec']

function specCheck<S extends TSchema>(schema: S, rules?: (spec: Static<S>) => IstioCheck[]): SpecCheck {
  const validator = compileSchema(schema)
  return (spec, out) => {
    const shaped = checkSchema(validator, spec, SPEC, out)
    checkUnknownFields(schema, spec, SPEC, out)
    // The schema held (durations aside, which rules re-parse), so the spec has the kind's shape.
    if (shaped && rules) out.push(...rules(spec as Static<S>))
  }
}

/** Keyed by kind name; every kind in shared/kinds.ts has an entry (a test holds this). */
export const SPEC_CHECKS: Record<string, SpecCheck> = {
  Namespace: specCheck(NamespaceSpec),
  Service: specCheck(ServiceSpec, checkService),
  VirtualService: specCheck(VirtualServiceSpec, checkVirtualService),
  DestinationRule: specCheck(DestinationRuleSpec, checkDestinationRule),
  Gateway: specCheck(GatewaySpec, checkGateway),
  ServiceEntry: specCheck(ServiceEntrySpec, checkServiceEntry),
  WorkloadEntry: specCheck(WorkloadEntrySpec, checkWorkloadEntry),
  WorkloadGroup: specCheck(WorkloadGroupSpec, checkWorkloadGroup),
  Sidecar: specCheck(SidecarSpec, checkSidecar),
  PeerAuthentication: specCheck(PeerAuthenticationSpec, checkPeerAuthentication),
  AuthorizationPolicy: specCheck(AuthorizationPolicySpec, checkAuthorizationPolicy),
  RequestAuthentication: specCheck(RequestAuthenticationSpec, checkRequestAuthentication),
  CanaryRamp: specCheck(CanaryRampSpec, checkCanaryRamp),
}

/**
 * Kinds whose status Trellis writes and reads back (Istio objects may carry a status from
 * `kubectl get -o yaml`; it is kept and not checked).
 */
export const STATUS_CHECKS: Record<string, (status: unknown, out: IstioCheck[]) => void> = {
  CanaryRamp: checkCanaryRampStatus,
}
