// DestinationRule traffic policies (top level, per subset, per port): one hash key per
// consistent-hash policy, and Istio's duration bounds.
import type { TrafficPolicy } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkMinDuration } from './duration.ts'
import type { Path } from './path.ts'

type PolicyCore = Pick<TrafficPolicy, 'loadBalancer' | 'connectionPool' | 'outlierDetection'>

const HASH_KEYS = ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const
const RING_SETTINGS = ['ringHash', 'maglev', 'minimumRingSize'] as const

export function checkTrafficPolicy(policy: TrafficPolicy, path: Path, out: IstioCheck[]): void {
  checkPolicyCore(policy, path, out)
  policy.portLevelSettings?.forEach((settings, i) => {
    const at = [...path, 'portLevelSettings', i]
    if (settings.port?.number === undefined) {
      out.push(check('invalidField', [...at, 'port'], 'a port-level setting needs port.number, the service port it applies to'))
    }
    checkPolicyCore(settings, at, out)
  })
}

function checkPolicyCore(policy: PolicyCore, path: Path, out: IstioCheck[]): void {
  const lb = policy.loadBalancer
  if (lb) {
    const at = [...path, 'loadBalancer']
    if (lb.simple !== undefined && lb.consistentHash) {
      out.push(check('invalidField', at, 'simple and consistentHash are exclusive; set one'))
    }
    const hash = lb.consistentHash
    if (hash) {
      const keys = HASH_KEYS.filter((k) => hash[k] !== undefined)
      if (keys.length !== 1) {
        const found = keys.length === 0 ? 'none is set' : `${keys.join(' and ')} are set`
        out.push(check('invalidField', [...at, 'consistentHash'], `consistentHash needs exactly one hash key (${HASH_KEYS.join(', ')}); ${found}`))
      }
      const rings = RING_SETTINGS.filter((k) => hash[k] !== undefined)
      if (rings.length > 1) {
        out.push(check('invalidField', [...at, 'consistentHash'], `${rings.join(' and ')} are exclusive; set one`))
      }
    }
    checkMinDuration(lb.warmupDurationSecs, [...at, 'warmupDurationSecs'], out)
  }
  const tcp = policy.connectionPool?.tcp
  if (tcp) {
    const at = [...path, 'connectionPool', 'tcp']
    checkMinDuration(tcp.connectTimeout, [...at, 'connectTimeout'], out)
    checkMinDuration(tcp.maxConnectionDuration, [...at, 'maxConnectionDuration'], out)
    // Istio accepts 0s here: it turns the idle timeout off.
    checkMinDuration(tcp.idleTimeout, [...at, 'idleTimeout'], out, { allowZero: true })
  }
  checkMinDuration(policy.connectionPool?.http?.idleTimeout, [...path, 'connectionPool', 'http', 'idleTimeout'], out)
  const outlier = policy.outlierDetection
  if (outlier) {
    checkMinDuration(outlier.interval, [...path, 'outlierDetection', 'interval'], out)
    checkMinDuration(outlier.baseEjectionTime, [...path, 'outlierDetection', 'baseEjectionTime'], out)
  }
}
