// Clusters `outbound|<port>|<subset>|<fqdn>`: EDS clusters whose load balancing, circuit breaking
// and outlier detection come from the DestinationRule that applies to the proxy's traffic.
import { MAX_RING_SIZE } from '../../../shared/routing/grpc.ts'
import type { Generator, Resource } from '../types.ts'
import { allClusterKeys, clusterName, namesOrAll, parseClusterName, resolveCluster } from './names.ts'
import { effectivePolicy, type LoadBalancer, type OutlierDetection, type PolicyFields } from './policy.ts'
import { protoDuration, wrapped } from './values.ts'

type Message = Record<string, unknown>

export const generateClusters: Generator = (snapshot, proxy, names) => {
  const out: Resource[] = []
  for (const name of namesOrAll(names, () => allClusterKeys(snapshot, proxy).map(clusterName))) {
    const key = parseClusterName(name)
    const target = key && resolveCluster(snapshot, proxy, key)
    if (!target) continue
    out.push({ name, message: cluster(name, effectivePolicy(target.rule, target.subset, target.port)) })
  }
  return out
}

function cluster(name: string, policy: PolicyFields): Message {
  const maxRequests = policy.connectionPool?.http?.http2MaxRequests
  // Not read by grpc-js (compat.ts warns), but it is what the rule says.
  const connectTimeout = protoDuration(policy.connectionPool?.tcp?.connectTimeout)
  return {
    name,
    type: 'EDS',
    edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' }, serviceName: name },
    ...(connectTimeout ? { connectTimeout } : {}),
    ...loadBalancing(policy.loadBalancer),
    ...(maxRequests ? { circuitBreakers: { thresholds: [{ maxRequests: wrapped(maxRequests) }] } } : {}),
    outlierDetection: policy.outlierDetection ? outlierDetection(policy.outlierDetection) : OUTLIER_DETECTION_OFF,
  }
}

/**
 * Any consistent hash is RING_HASH with XX_HASH (the one hash grpc-js accepts; MAGLEV is NACKed).
 * Everything else is ROUND_ROBIN: grpc-js NACKs LEAST_REQUEST and has no LEAST_CONN or RANDOM.
 */
function loadBalancing(lb: LoadBalancer | undefined): Message {
  const hash = lb?.consistentHash
  if (!hash) return { lbPolicy: 'ROUND_ROBIN' }
  const minimum = hash.ringHash?.minimumRingSize ?? hash.minimumRingSize
  return {
    lbPolicy: 'RING_HASH',
    ringHashLbConfig: {
      hashFunction: 'XX_HASH',
      ...(minimum ? { minimumRingSize: wrapped(Math.min(minimum, MAX_RING_SIZE)) } : {}),
    },
  }
}

/**
 * Sent when the rule has no outlier detection: every ejection off, for Envoy and for gRPC alike.
 * Leaving the field out would be the same, except that grpc-js-xds then parses it to an object
 * with no fields, and its one-sided update check (keys of the old resource only) would never see
 * outlier detection being added later.
 */
const OUTLIER_DETECTION_OFF = { enforcingConsecutive_5xx: wrapped(0), enforcingSuccessRate: wrapped(0) }

/** Envoy's default when a rule enables outlier detection without saying how many errors. */
const DEFAULT_CONSECUTIVE_ERRORS = 5
/** Share of a host's calls in an interval that must fail for it to be ejected. */
const FAILURE_THRESHOLD = 50

/**
 * Istio's fields as Istio writes them (consecutive 5xx / gateway failures, interval, ejection time
 * and percent, success-rate ejection off), plus what gRPC actually uses. grpc-js implements gRFC
 * A50, which ignores every consecutive-error counter and knows only success-rate and
 * failure-percentage ejection; so "eject after N consecutive errors" becomes failure-percentage
 * ejection: a host with at least N calls in the interval, more than half of them failed, is
 * ejected. The minimum of hosts is 1 (Envoy's default, 5, would never eject within a small subset);
 * maxEjectionPercent still keeps some hosts in.
 */
function outlierDetection(od: OutlierDetection): Message {
  const consecutive5xx = od.consecutive5xxErrors ?? (od.consecutiveErrors ? od.consecutiveErrors : undefined)
  const gateway = od.consecutiveGatewayErrors
  const explicit = [consecutive5xx, gateway].filter((n): n is number => n !== undefined)
  const enabled = explicit.filter((n) => n > 0)
  const volume = explicit.length ? (enabled.length ? Math.min(...enabled) : 0) : DEFAULT_CONSECUTIVE_ERRORS
  const interval = protoDuration(od.interval)
  const baseEjectionTime = protoDuration(od.baseEjectionTime)
  return {
    ...(consecutive5xx !== undefined
      ? { consecutive_5xx: wrapped(consecutive5xx), enforcingConsecutive_5xx: wrapped(consecutive5xx > 0 ? 100 : 0) }
      : {}),
    ...(interval ? { interval } : {}),
    ...(baseEjectionTime ? { baseEjectionTime } : {}),
    ...(od.maxEjectionPercent ? { maxEjectionPercent: wrapped(od.maxEjectionPercent) } : {}),
    enforcingSuccessRate: wrapped(0),
    ...(gateway !== undefined
      ? { consecutiveGatewayFailure: wrapped(gateway), enforcingConsecutiveGatewayFailure: wrapped(gateway > 0 ? 100 : 0) }
      : {}),
    ...(volume > 0
      ? {
          failurePercentageThreshold: wrapped(FAILURE_THRESHOLD),
          enforcingFailurePercentage: wrapped(100),
          failurePercentageMinimumHosts: wrapped(1),
          failurePercentageRequestVolume: wrapped(volume),
        }
      : {}),
  }
}
