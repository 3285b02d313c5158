// Short names of the xDS types, as istioctl prints them.
import type { XdsTypeName } from '../../shared/xds.ts'
import { TYPE_URL, type ResourceTypeUrl } from './protos.ts'

export const TYPE_NAMES: Record<ResourceTypeUrl, XdsTypeName> = {
  [TYPE_URL.cluster]: 'CDS',
  [TYPE_URL.endpoint]: 'EDS',
  [TYPE_URL.listener]: 'LDS',
  [TYPE_URL.route]: 'RDS',
}
