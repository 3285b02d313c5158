// Node badges: the config that shapes a node's traffic (VirtualService, circuit breaker, fault
// injection, …) and what it is (out of mesh, traffic source, dead, idle, service entry), as short
// codes drawn in pills beside the node and spelled out in the legend and the side panel. Codes
// follow Kiali's find abbreviations, so the badge is also the word to find it with. Pure.
import type { NodeData } from '../../../shared/graph.ts'

export interface Badge {
  code: string
  /** What it means, for the legend, the side panel and tooltips. */
  title: string
  /** The find expression that finds nodes with this badge. */
  find: string
}

export const BADGES = {
  vs: { code: 'VS', title: 'VirtualService', find: 'vs' },
  ts: { code: 'TS', title: 'Traffic shifting', find: 'ts' },
  rr: { code: 'RR', title: 'Request routing', find: 'rr' },
  fi: { code: 'FI', title: 'Fault injection', find: 'fi' },
  rto: { code: 'TO', title: 'Request timeout', find: 'rto' },
  mi: { code: 'MI', title: 'Mirroring', find: 'mi' },
  cb: { code: 'CB', title: 'Circuit breaker', find: 'cb' },
  se: { code: 'SE', title: 'Service entry', find: 'se' },
  om: { code: 'OM', title: 'Out of mesh', find: 'om' },
  root: { code: 'SRC', title: 'Traffic source', find: 'root' },
  dead: { code: 'DEAD', title: 'No running instance', find: 'dead' },
  idle: { code: 'IDLE', title: 'No traffic in the window', find: 'idle' },
  canary: { code: 'CANARY', title: 'Canary ramp in progress', find: 'canary' },
} as const satisfies Record<string, Badge>

/** A ramp's pill carries its live weight: `CANARY 25%`, spelled out with its phase and step. */
export function canaryBadge(c: NonNullable<NodeData['canary']>): Badge {
  return {
    code: `${BADGES.canary.code} ${c.weight}%`,
    title: `Canary ramp ${c.ramp}: ${c.phase}, ${c.canary} at ${c.weight}% (step ${c.step} of ${c.steps}), the rest to ${c.stable}`,
    find: BADGES.canary.find,
  }
}

/** In a fixed order, so that the pills of two nodes line up alike. */
export function nodeBadges(d: NodeData): Badge[] {
  const out: Badge[] = []
  if (d.hasVS) out.push(BADGES.vs)
  if (d.hasTrafficShifting || d.hasTCPTrafficShifting) out.push(BADGES.ts)
  if (d.hasRequestRouting) out.push(BADGES.rr)
  if (d.hasFaultInjection) out.push(BADGES.fi)
  if (d.hasRequestTimeout) out.push(BADGES.rto)
  if (d.hasMirroring) out.push(BADGES.mi)
  if (d.hasCB) out.push(BADGES.cb)
  if (d.isServiceEntry) out.push(BADGES.se)
  if (d.isOutOfMesh) out.push(BADGES.om)
  if (d.isRoot) out.push(BADGES.root)
  if (d.isDead) out.push(BADGES.dead)
  if (d.isIdle) out.push(BADGES.idle)
  if (d.canary) out.push(canaryBadge(d.canary))
  return out
}
