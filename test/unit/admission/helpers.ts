// Builders and matchers shared by the admission tests.
import { parse } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck, Severity } from '../../../shared/validation.ts'
import { CODES, type CodeId } from '../../../server/validation/codes.ts'
import { admit } from '../../../server/validation/admission/index.ts'

/** An object of `kind` in namespace bookinfo; apiVersion defaults to the kind's preferred one. */
export function obj(kind: string, spec: unknown, opts: { apiVersion?: string; name?: string; namespace?: string } = {}): ConfigObject {
  const apiVersion = opts.apiVersion ?? DEFAULT_VERSIONS[kind] ?? 'v1'
  return {
    apiVersion,
    kind,
    metadata: { name: opts.name ?? 'test', namespace: opts.namespace ?? 'bookinfo' },
    spec: spec as Record<string, unknown>,
  }
}

const DEFAULT_VERSIONS: Record<string, string> = {
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  Gateway: 'networking.istio.io/v1',
  ServiceEntry: 'networking.istio.io/v1',
  WorkloadEntry: 'networking.istio.io/v1',
  WorkloadGroup: 'networking.istio.io/v1',
  Sidecar: 'networking.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  AuthorizationPolicy: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
}

export function fromYaml(text: string): ConfigObject {
  return parse(text) as ConfigObject
}

/** Admits a new object (no existing version). */
export function admitNew(o: ConfigObject): IstioCheck[] {
  return admit(o, undefined)
}

/** What a test asserts about a check: its code, severity and exact path. */
export function summary(checks: readonly IstioCheck[]): { code: string; severity: Severity; path: string }[] {
  return checks.map((c) => ({ code: c.code, severity: c.severity, path: c.path }))
}

export function error(id: CodeId, path: string): { code: string; severity: Severity; path: string } {
  return { code: CODES[id].code, severity: 'error', path }
}

export function warning(id: CodeId, path: string): { code: string; severity: Severity; path: string } {
  return { code: CODES[id].code, severity: 'warning', path }
}

export function errorsOf(checks: readonly IstioCheck[]): IstioCheck[] {
  return checks.filter((c) => c.severity === 'error')
}
