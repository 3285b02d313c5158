// An update replaces one object: it cannot turn it into another (a new kind, name or namespace).
// The apiVersion's version may change (v1beta1 → v1); its group may not, as that is another kind.
import { groupOf, type ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'

export function checkUpdate(candidate: ConfigObject, existing: ConfigObject, out: IstioCheck[]): void {
  const was = `${groupOf(existing.apiVersion)}/${existing.kind}`
  const now = `${groupOf(String(candidate.apiVersion))}/${String(candidate.kind)}`
  if (was !== now) out.push(changed('kind', 'kind', existing.kind, String(candidate.kind)))
  const name: unknown = candidate.metadata?.name
  if (name !== existing.metadata.name) out.push(changed(['metadata', 'name'], 'metadata.name', existing.metadata.name, name))
  const namespace: unknown = candidate.metadata?.namespace || ''
  const existingNamespace = existing.metadata.namespace ?? ''
  if (namespace !== existingNamespace) {
    out.push(changed(['metadata', 'namespace'], 'metadata.namespace', existingNamespace, namespace))
  }
}

function changed(path: string | string[], field: string, was: string, now: unknown): IstioCheck {
  return check('invalidField', path,
    `${field} cannot change on update (was ${JSON.stringify(was)}, now ${JSON.stringify(now)}); create a new object and delete the old one instead`)
}
