// What proxyless gRPC clients (grpc-js-xds) cannot honour in a VirtualService or DestinationRule,
// as checks on the object. The rules themselves live in shared/routing/grpc-compat.ts, so the
// routing wizards flag exactly what the control plane would, before Apply.
import type { ConfigObject } from '../../shared/k8s.ts'
import { grpcCompatFindings } from '../../shared/routing/grpc-compat.ts'
import type { IstioCheck } from '../../shared/validation.ts'
import { check } from '../validation/codes.ts'

export function grpcCompatChecks(obj: ConfigObject): IstioCheck[] {
  return grpcCompatFindings(obj).map((f) => check(f.id, f.path, f.detail))
}
