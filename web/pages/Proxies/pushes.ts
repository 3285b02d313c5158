// The "Recent pushes" panel's text: what each push did, in words. Pure.
import type { PushProgress } from '../../../shared/xds.ts'
import { formatDuration } from '../../components/time.ts'

/** Newest first. */
export function recentPushes(list: readonly PushProgress[], limit: number): PushProgress[] {
  return [...list].sort((a, b) => b.push - a.push).slice(0, limit)
}

function proxies(n: number): string {
  return n === 1 ? '1 proxy' : `${n} proxies`
}

/** "pushed to 3 proxies, ACKed by 3 in 12 ms"; while it runs, "… ACKed by 1 so far (12 ms)". */
export function pushSummary(p: PushProgress): string {
  if (p.pushed === 0) return p.done ? 'no connected proxy needed this change' : 'pushing…'
  const nacked = p.nacked ? `, NACKed by ${p.nacked}` : ''
  const took = formatDuration(p.elapsedMs)
  if (p.done) return `pushed to ${proxies(p.pushed)}, ACKed by ${p.acked}${nacked} in ${took}`
  return `pushed to ${proxies(p.pushed)}, ACKed by ${p.acked}${nacked} so far (${took})`
}

/** The first `max` causes, and how many more there are (a big config change names many objects). */
export function shownCauses(causes: readonly string[], max: number): { shown: string[]; more: number } {
  return { shown: causes.slice(0, max), more: Math.max(0, causes.length - max) }
}
