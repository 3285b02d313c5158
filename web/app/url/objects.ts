// The selected object is the path: /namespaces/{ns}/istio/{group}/{version}/{kind}/{name}, the
// same shape as the REST path, so a console URL and an API URL name an object alike.
import { groupFromPath, groupToPath } from '../../../shared/kinds.ts'
import type { ConfigRef } from '../../api/paths.ts'

export const DETAIL_ROUTE = '/namespaces/:namespace/istio/:group/:version/:kind/:name'

export function detailPath(ref: ConfigRef): string {
  const seg = encodeURIComponent
  return `/namespaces/${seg(ref.namespace)}/istio/${seg(groupToPath(ref.group))}/${seg(ref.version)}/${seg(ref.kind)}/${seg(ref.name)}`
}

/** The ref named by the detail route's params (react-router has already decoded them). */
export function refFromParams(params: Readonly<Partial<Record<string, string>>>): ConfigRef | undefined {
  const { namespace, group, version, kind, name } = params
  if (!namespace || !group || !version || !kind || !name) return undefined
  return { namespace, group: groupFromPath(group), version, kind, name }
}
