// The xDS generators by type URL, Istio-pilot style: one pure function per resource type.
import { TYPE_URL } from '../protos.ts'
import type { Generators } from '../types.ts'
import { generateClusters } from './cds.ts'
import { generateEndpoints } from './eds.ts'
import { generateListeners } from './lds.ts'
import { generateRoutes } from './rds.ts'

export const GENERATORS: Generators = {
  [TYPE_URL.cluster]: generateClusters,
  [TYPE_URL.endpoint]: generateEndpoints,
  [TYPE_URL.listener]: generateListeners,
  [TYPE_URL.route]: generateRoutes,
}
