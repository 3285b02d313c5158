// Route destinations and their weights, shared by http, tcp and tls routes.
import type { Destination } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { ISTIO_LABEL_RULE, hostProblem, isIstioLabel } from './hosts.ts'
import type { Path } from './path.ts'

export function checkDestination(d: Destination, path: Path, out: IstioCheck[]): void {
  if (d.host === '') {
    out.push(check('invalidField', [...path, 'host'],
      'destination host is empty; name a service, e.g. reviews or reviews.bookinfo.svc.cluster.local'))
  } else if (d.host === '*') {
    out.push(check('invalidField', [...path, 'host'], 'destination host * is not allowed; name one service'))
  } else {
    const problem = hostProblem(d.host)
    if (problem) out.push(check('invalidField', [...path, 'host'], `destination host ${JSON.stringify(d.host)} is invalid: ${problem}`))
  }
  if (d.subset !== undefined && !isIstioLabel(d.subset)) {
    out.push(check('invalidField', [...path, 'subset'],
      `subset ${JSON.stringify(d.subset)} is not a valid subset name; use ${ISTIO_LABEL_RULE}`))
  }
  const port = d.port?.number
  if (port !== undefined && port < 1) {
    out.push(check('invalidField', [...path, 'port', 'number'], `port ${port} is out of range; allowed 1–65535`))
  }
}

/**
 * Istio's rule: weights are integers ≥ 0 and, when a route has several destinations, not all 0
 * (an unset weight counts as 0). That they add up to 100 is an analyzer's warning, not a rejection.
 */
export function checkWeightedDestinations(
  routes: readonly { destination: Destination; weight?: number }[], path: Path, out: IstioCheck[],
): void {
  let total = 0
  routes.forEach((r, i) => {
    checkDestination(r.destination, [...path, i, 'destination'], out)
    const weight = r.weight ?? 0
    if (weight < 0) {
      out.push(check('invalidWeight', [...path, i, 'weight'], `weight ${weight} is negative; weights must be integers ≥ 0`))
    }
    total += Math.max(weight, 0)
  })
  if (routes.length > 1 && total === 0) {
    out.push(check('invalidWeight', path, `all ${routes.length} destinations have weight 0 (unset counts as 0); give at least one a weight > 0`))
  }
}
