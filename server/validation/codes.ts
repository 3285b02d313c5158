// The one registry of validation codes. Codes are stable: scripts and ignore-lists depend on them.
// Where Kiali has the same check, Trellis uses Kiali's code (KIA…); where only Istio's analyzers
// have it, Istio's (IST…); Trellis's own checks are TRL…. Severities are Trellis's.
import type { IstioCheck, Severity } from '../../shared/validation.ts'
import { formatPath } from '../../shared/validation.ts'

export interface CodeInfo {
  code: string
  severity: Severity
  /** Short statement of the problem; each message adds the specifics after it. */
  title: string
}

function c(code: string, severity: Severity, title: string): CodeInfo {
  return { code, severity, title }
}

export const CODES = {
  // Analyzers: VirtualService
  vsHostNotFound: c('KIA1101', 'error', 'Destination host not found in the service registry'),
  vsGatewayNotFound: c('KIA1102', 'error', 'Gateway not found'),
  vsWeightSum: c('KIA1103', 'warning', 'Route weights do not add up to 100'),
  vsMultipleForHost: c('KIA1106', 'warning', 'More than one VirtualService for the same host'),
  vsSubsetNotFound: c('KIA1107', 'error', 'Subset not found'),
  // Analyzers: DestinationRule
  drMultiMatch: c('KIA0201', 'warning', 'More than one DestinationRule for the same host and subset'),
  drHostNotFound: c('KIA0202', 'error', 'DestinationRule host not found in the service registry'),
  drSubsetNoWorkload: c('KIA0203', 'warning', "Subset labels match no workload of the host"),
  drMtlsDisabledUnderStrict: c('KIA0207', 'error', 'mTLS conflict: the DestinationRule disables TLS to workloads that require mTLS'),
  drSubsetNoLabels: c('KIA0209', 'warning', 'Subset has no labels'),
  drMtlsToPlaintext: c('IST0113', 'error', 'mTLS conflict: the DestinationRule uses ISTIO_MUTUAL towards workloads with mTLS disabled'),
  // Analyzers: security
  apNamespaceNotFound: c('KIA0101', 'warning', 'Namespace not found'),
  apPrincipalNotFound: c('KIA0106', 'error', 'No workload runs as this principal'),
  selectorNoWorkload: c('KIA0004', 'warning', 'Selector matches no workload in this namespace'),
  // Analyzers: generic and others
  exportToNamespaceNotFound: c('KIA0005', 'warning', 'exportTo names a namespace that does not exist'),
  gatewaySelectorNoWorkload: c('KIA0302', 'warning', 'Gateway selector matches no workload'),
  sidecarEgressHostNotFound: c('KIA1004', 'warning', 'Sidecar egress host matches no service'),
  workloadNoService: c('TRL0101', 'warning', 'Workload is selected by no Service'),
  // Admission (a write is rejected on an error)
  schema: c('TRL0001', 'error', 'Field does not match the schema'),
  unknownKind: c('TRL0002', 'error', 'Unknown kind or apiVersion'),
  invalidName: c('TRL0003', 'error', 'Invalid name'),
  invalidLabel: c('TRL0004', 'error', 'Invalid label'),
  invalidWeight: c('TRL0005', 'error', 'Invalid route weight'),
  invalidDuration: c('TRL0006', 'error', 'Invalid duration'),
  redirectNotAllowed: c('TRL0007', 'error', 'Route redirect is not allowed'),
  invalidRegex: c('TRL0008', 'error', 'Invalid RE2 regular expression'),
  duplicateSubset: c('TRL0009', 'error', 'Duplicate subset name'),
  gatewayServer: c('TRL0010', 'error', 'Invalid Gateway server'),
  invalidField: c('TRL0011', 'error', 'Invalid value'),
  unknownField: c('TRL0012', 'warning', 'Unknown field'),
  // Control plane: what proxies said of the config made from an object
  xdsRejected: c('TRL0401', 'error', 'A proxy rejected the config made from this object'),
  xdsUnencodable: c('TRL0402', 'error', 'The config made from this object cannot be sent to proxies'),
  // Store: sources that could not be loaded
  yamlSyntax: c('TRL0201', 'error', 'YAML syntax error'),
  notAnObject: c('TRL0202', 'error', 'Document is not a Kubernetes object'),
  duplicateObject: c('TRL0203', 'error', 'Object defined more than once'),
  rejectedAtLoad: c('TRL0204', 'error', 'Object rejected by validation'),
  // Data plane compatibility: what proxyless gRPC clients (grpc-js-xds) cannot honour as written
  grpcUnsupported: c('TRL0301', 'warning', 'Not supported by proxyless gRPC'),
  grpcRouteSkipped: c('TRL0302', 'warning', 'Route left out for proxyless gRPC clients'),
  grpcMatchNeverApplies: c('TRL0303', 'warning', 'Match never applies to proxyless gRPC calls'),
  grpcApproximated: c('TRL0304', 'info', 'Approximated for proxyless gRPC'),
  grpcFaultNoPercentage: c('TRL0305', 'warning', 'Fault injection without a percentage faults no call'),
  // Canary ramps (rollouts.trellis.dev CanaryRamp)
  canaryServiceNotFound: c('TRL0501', 'error', 'Canary ramp service not found'),
  canaryVersionNoWorkload: c('TRL0502', 'warning', 'No workload of the service runs this version'),
  canarySameService: c('TRL0503', 'warning', 'Another canary ramp shifts the same service'),
} as const satisfies Record<string, CodeInfo>

export type CodeId = keyof typeof CODES

/** Builds a check: the registry's code, severity and title, then what exactly is wrong and where. */
export function check(id: CodeId, path: string | readonly (string | number)[], detail: string): IstioCheck {
  const info = CODES[id]
  return {
    code: info.code,
    severity: info.severity,
    message: detail ? `${info.title}: ${detail}` : info.title,
    path: typeof path === 'string' ? path : formatPath(path),
  }
}

export function hasErrors(checks: readonly IstioCheck[]): boolean {
  return checks.some((c) => c.severity === 'error')
}
