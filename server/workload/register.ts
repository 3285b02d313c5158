// Registers grpc-js-xds in this process under one workload identity.
//
// One process = one workload identity. grpc-js-xds reads its bootstrap once, when the first
// `xds:` channel or XdsServer is made, and keeps one ADS stream per process for every channel
// and server in it. To simulate several workloads, start several processes.
//
// grpc-js-xds also reads its feature flags once, when its module is first loaded
// (build/src/environment.js). That is why this module never imports it statically: the flags
// are set first, then the package is loaded with a dynamic import.
import type * as XdsModule from '@grpc/grpc-js-xds'
import type { XdsBootstrap } from './bootstrap.ts'

export type Xds = typeof XdsModule

/**
 * The feature flags Trellis's control plane relies on, as grpc-js-xds 1.14 names them, and the
 * name of the constant build/src/environment.js derives from each. Only RBAC is off by default;
 * the others default on in 1.14 and are pinned so a version that flips one fails loudly here.
 * A value the operator set in the environment is respected (and reported by the check).
 */
export const XDS_FEATURE_FLAGS = [
  // AuthorizationPolicy → the RBAC HTTP filter on inbound listeners: ignored unless true.
  { env: 'GRPC_XDS_EXPERIMENTAL_RBAC', constant: 'EXPERIMENTAL_RBAC' },
  // VirtualService fault (delay/abort) → the HTTPFault filter.
  { env: 'GRPC_XDS_EXPERIMENTAL_FAULT_INJECTION', constant: 'EXPERIMENTAL_FAULT_INJECTION' },
  // VirtualService retries → route retry_policy.
  { env: 'GRPC_XDS_EXPERIMENTAL_ENABLE_RETRY', constant: 'EXPERIMENTAL_RETRY' },
  // DestinationRule consistentHash → RING_HASH clusters and route hash_policy.
  { env: 'GRPC_XDS_EXPERIMENTAL_ENABLE_RING_HASH', constant: 'EXPERIMENTAL_RING_HASH' },
  // DestinationRule outlierDetection (also read by @grpc/grpc-js's own LB policy).
  { env: 'GRPC_EXPERIMENTAL_ENABLE_OUTLIER_DETECTION', constant: 'EXPERIMENTAL_OUTLIER_DETECTION' },
  // Cluster.load_balancing_policy (the newer way to say ROUND_ROBIN / RING_HASH).
  { env: 'GRPC_EXPERIMENTAL_XDS_CUSTOM_LB_CONFIG', constant: 'EXPERIMENTAL_CUSTOM_LB_CONFIG' },
] as const

export interface Registration {
  bootstrap: XdsBootstrap
  nodeId: string
  /** The loaded @grpc/grpc-js-xds module (XdsServer, XdsChannelCredentials, …). */
  xds: Xds
}

let registration: Promise<Registration> | undefined
let registered: Registration | undefined

/**
 * Sets the bootstrap and feature flags, then loads and registers grpc-js-xds. Call it once,
 * before any `xds:` channel or XdsServer is made. Calling it again with the same bootstrap returns
 * the same registration; with another identity it throws.
 */
export function registerWorkload(bootstrap: XdsBootstrap): Promise<Registration> {
  const json = JSON.stringify(bootstrap)
  if (registration) {
    return registration.then((r) => {
      if (JSON.stringify(r.bootstrap) !== json) {
        throw new Error(
          `this process is already the workload ${r.nodeId}; one process is one workload identity ` +
            `(grpc-js-xds reads its bootstrap once): start another process for ${bootstrap.node.id}`,
        )
      }
      return r
    })
  }
  registration = load(bootstrap, json)
  registration.then((r) => { registered = r }, () => { registration = undefined })
  return registration
}

/** The registration of this process; throws if registerWorkload has not completed. */
export function currentRegistration(): Registration {
  if (!registered) {
    throw new Error('grpc-js-xds is not registered in this process: await registerWorkload(makeBootstrap({…})) first')
  }
  return registered
}

async function load(bootstrap: XdsBootstrap, json: string): Promise<Registration> {
  // GRPC_XDS_BOOTSTRAP (a file) takes precedence over the inline config in grpc-js-xds: the
  // explicit bootstrap given here must win.
  delete process.env.GRPC_XDS_BOOTSTRAP
  process.env.GRPC_XDS_BOOTSTRAP_CONFIG = json
  for (const flag of XDS_FEATURE_FLAGS) process.env[flag.env] ??= 'true'

  const xds: Xds = await import('@grpc/grpc-js-xds')
  xds.register()
  await checkFlags()
  await checkBootstrap(bootstrap)
  return { bootstrap, nodeId: bootstrap.node.id, xds }
}

// If anything loaded grpc-js-xds before us, its flags were frozen from the old environment.
async function checkFlags(): Promise<void> {
  const environment: Record<string, unknown> = await import('@grpc/grpc-js-xds/build/src/environment.js')
  for (const flag of XDS_FEATURE_FLAGS) {
    const wanted = process.env[flag.env] === 'true'
    if (environment[flag.constant] !== wanted) {
      throw new Error(
        `grpc-js-xds was loaded before registerWorkload, so ${flag.env}=${process.env[flag.env]} is not in effect: ` +
          `register the workload before anything imports @grpc/grpc-js-xds, or set the flag in the process environment`,
      )
    }
  }
}

// Parse through grpc-js-xds's own loader now, so a bad bootstrap fails here and not at the first
// call; and catch a bootstrap that was already read (it is cached for the process's lifetime).
async function checkBootstrap(bootstrap: XdsBootstrap): Promise<void> {
  const { loadBootstrapInfo } = await import('@grpc/grpc-js-xds/build/src/xds-bootstrap.js')
  const loaded = loadBootstrapInfo()
  if (loaded.node.id !== bootstrap.node.id) {
    throw new Error(
      `grpc-js-xds had already read a bootstrap for ${loaded.node.id} before registerWorkload(${bootstrap.node.id}); ` +
        'one process is one workload identity: register before making any xds: channel or XdsServer',
    )
  }
}
