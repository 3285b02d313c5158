import { useCallback, useEffect, useRef, useState } from 'react'
import type { PushProgress } from '../../../shared/xds.ts'
import { subscribeLiveEvents } from '../../api/useLiveEvents.ts'
import { summarize, trackPush, type PropagationSummary } from './propagation.ts'

/**
 * The pushes some objects cause, as their progress events arrive on /api/events. `follow` starts
 * listening at once (call it before the first write, so no event can be missed) and forgets
 * what an earlier follow heard.
 */
export function usePropagation(): { summary: PropagationSummary | undefined; follow: (causes: readonly string[], since: number) => void } {
  const [pushes, setPushes] = useState<Map<number, PushProgress>>(() => new Map())
  const unsubscribe = useRef<(() => void) | undefined>(undefined)
  const follow = useCallback((causes: readonly string[], since: number) => {
    unsubscribe.current?.()
    setPushes(new Map())
    const list = [...causes]
    unsubscribe.current = subscribeLiveEvents((e) => {
      if (e.type === 'xds-push') setPushes((prev) => trackPush(prev, e.data, list, since))
    })
  }, [])
  useEffect(() => () => unsubscribe.current?.(), [])
  return { summary: summarize(pushes), follow }
}
