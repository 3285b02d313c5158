// Spec schema per kind, for admission and for the editor's JSON Schema.
import type { TSchema } from 'typebox'
import { CanaryRampSpec } from '../canary.ts'
import { NamespaceSpec, ServiceSpec } from './core.ts'
import {
  DestinationRuleSpec, GatewaySpec, ServiceEntrySpec, SidecarSpec, VirtualServiceSpec, WorkloadEntrySpec, WorkloadGroupSpec,
} from './networking.ts'
import { AuthorizationPolicySpec, PeerAuthenticationSpec, RequestAuthenticationSpec } from './security.ts'

export const SPEC_SCHEMAS: Record<string, TSchema> = {
  Namespace: NamespaceSpec,
  Service: ServiceSpec,
  VirtualService: VirtualServiceSpec,
  DestinationRule: DestinationRuleSpec,
  Gateway: GatewaySpec,
  ServiceEntry: ServiceEntrySpec,
  WorkloadEntry: WorkloadEntrySpec,
  WorkloadGroup: WorkloadGroupSpec,
  Sidecar: SidecarSpec,
  PeerAuthentication: PeerAuthenticationSpec,
  AuthorizationPolicy: AuthorizationPolicySpec,
  RequestAuthentication: RequestAuthenticationSpec,
  CanaryRamp: CanaryRampSpec,
}

export * from './core.ts'
export * from './networking.ts'
export * from './security.ts'
