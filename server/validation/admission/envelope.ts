// The object envelope, as the Kubernetes API server checks it: a known kind at an accepted
// version, a valid name and namespace, valid labels and annotation keys. Objects may come from
// hand-written YAML, so nothing here trusts the ConfigObject type beyond its being an object.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { KINDS, apiVersionOf, kindForApiVersion, type KindInfo } from '../../../shared/kinds.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkAnnotations, checkLabels } from './labels.ts'
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, dnsLabelProblem, dnsSubdomainProblem } from './names.ts'

/** Kinds whose names must be DNS-1123 labels (no dots): they become DNS labels themselves. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service', 'Gateway'])

/** Checks apiVersion, kind and metadata; returns the kind when Trellis knows it. */
export function checkEnvelope(obj: ConfigObject, out: IstioCheck[]): KindInfo | undefined {
  const info = checkKind(obj, out)
  checkMetadata(obj.metadata, info, out)
  return info
}

function checkKind(obj: ConfigObject, out: IstioCheck[]): KindInfo | undefined {
  const apiVersion: unknown = obj.apiVersion
  const kind: unknown = obj.kind
  if (typeof kind !== 'string' || kind === '') {
    out.push(check('unknownKind', 'kind', `kind is required; one of ${KINDS.map((k) => k.kind).join(', ')}`))
    return undefined
  }
  const sameKind = KINDS.filter((k) => k.kind === kind)
  if (typeof apiVersion === 'string') {
    const info = kindForApiVersion(apiVersion, kind)
    if (info) return info
  }
  if (sameKind.length > 0) {
    const accepted = sameKind.flatMap((k) => k.versions.map((v) => apiVersionOf(k, v)))
    const got = typeof apiVersion === 'string' && apiVersion ? `got ${JSON.stringify(apiVersion)}` : 'apiVersion is missing'
    out.push(check('unknownKind', 'apiVersion', `${kind} is accepted at apiVersion ${accepted.join(', ')}; ${got}`))
    return undefined
  }
  const near = KINDS.find((k) => k.kind.toLowerCase() === kind.toLowerCase())
  const hint = near ? `did you mean ${near.kind}?` : `known kinds: ${KINDS.map((k) => k.kind).join(', ')}`
  out.push(check('unknownKind', 'kind', `kind ${JSON.stringify(kind)} is not one Trellis stores; ${hint}`))
  return undefined
}

function checkMetadata(metadata: unknown, info: KindInfo | undefined, out: IstioCheck[]): void {
  if (!isRecord(metadata)) {
    out.push(check('invalidName', ['metadata', 'name'], 'metadata.name is required'))
    return
  }
  checkName(metadata.name, info, out)
  const namespace = metadata.namespace
  if (namespace !== undefined && namespace !== '') {
    if (typeof namespace !== 'string') {
      out.push(check('invalidName', ['metadata', 'namespace'], `namespace must be a string; got ${JSON.stringify(namespace)}`))
    } else if (info && !info.namespaced) {
      out.push(check('invalidField', ['metadata', 'namespace'], `${info.kind} is cluster-scoped; remove metadata.namespace`))
    } else {
      const problem = dnsLabelProblem(namespace)
      if (problem) {
        out.push(check('invalidName', ['metadata', 'namespace'],
          `namespace ${JSON.stringify(namespace)} is not a valid DNS-1123 label: ${problem}; use ${DNS_LABEL_RULE}`))
      }
    }
  }
  checkMap(metadata.labels, ['metadata', 'labels'], out, checkLabels)
  checkMap(metadata.annotations, ['metadata', 'annotations'], out, checkAnnotations)
}

function checkName(name: unknown, info: KindInfo | undefined, out: IstioCheck[]): void {
  if (name === undefined || name === '') {
    out.push(check('invalidName', ['metadata', 'name'], 'metadata.name is required'))
    return
  }
  if (typeof name !== 'string') {
    out.push(check('invalidName', ['metadata', 'name'], `name must be a string; got ${JSON.stringify(name)}`))
    return
  }
  const asLabel = info !== undefined && LABEL_NAMED_KINDS.has(info.kind)
  const problem = asLabel ? dnsLabelProblem(name) : dnsSubdomainProblem(name)
  if (!problem) return
  const rule = asLabel ? `a DNS-1123 label: ${info.kind} names use ${DNS_LABEL_RULE}` : `a DNS-1123 subdomain: use ${DNS_SUBDOMAIN_RULE}`
  out.push(check('invalidName', ['metadata', 'name'], `name ${JSON.stringify(name)} is invalid (${problem}); it must be ${rule}`))
}

function checkMap(
  value: unknown, path: string[], out: IstioCheck[],
  checkEntries: (map: Record<string, unknown>, path: string[], out: IstioCheck[]) => void,
): void {
  if (value === undefined || value === null) return
  if (isRecord(value)) checkEntries(value, path, out)
  else out.push(check('invalidLabel', path, `${path[path.length - 1]} must be a map of strings to strings`))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
