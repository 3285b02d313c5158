// One EventSource for the whole app: server-sent config, validation, proxy and push events
// invalidate the react-query caches they affect, batched so a burst (a file with fifty objects, a
// push ACKed by a hundred proxies) refetches once.
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Check } from 'typebox/value'
import { ConfigEvent, ValidationsEvent } from '../../shared/api.ts'
import { PushProgress } from '../../shared/xds.ts'
import { collapseKeys, invalidationsFor, type LiveEvent } from './events.ts'
import { apiPaths } from './paths.ts'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

type LiveListener = (event: LiveEvent) => void
const listeners = new Set<LiveListener>()

/**
 * Hears every event the app's one EventSource receives (for views that follow a push as it
 * lands, not just refetch); returns the unsubscribe function.
 */
export function subscribeLiveEvents(listener: LiveListener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

const FLUSH_MS = 150
const RECONNECT_MS = 5_000

export function useLiveEvents(): LiveStatus {
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<LiveStatus>('connecting')

  useEffect(() => {
    let source: EventSource | undefined
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined
    let flushTimer: ReturnType<typeof setTimeout> | undefined
    let pending: QueryKey[] = []
    let hadError = false

    const flush = () => {
      flushTimer = undefined
      const keys = collapseKeys(pending)
      pending = []
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey })
    }
    const enqueue = (event: LiveEvent) => {
      for (const listener of listeners) listener(event)
      pending.push(...invalidationsFor(event))
      flushTimer ??= setTimeout(flush, FLUSH_MS)
    }
    const parse = (raw: string): unknown => {
      try {
        return JSON.parse(raw) as unknown
      } catch {
        return undefined
      }
    }

    const connect = () => {
      source = new EventSource(apiPaths.events())
      source.addEventListener('open', () => {
        setStatus('live')
        // Events may have been missed while disconnected: everything could be stale.
        if (hadError) void queryClient.invalidateQueries()
        hadError = false
      })
      source.addEventListener('error', () => {
        hadError = true
        setStatus('reconnecting')
        // CLOSED means the browser gave up (a non-200 answer); CONNECTING means it retries itself.
        if (source?.readyState === EventSource.CLOSED) {
          source.close()
          reconnectTimer = setTimeout(connect, RECONNECT_MS)
        }
      })
      const on = (name: LiveEvent['type'], accept: (data: unknown) => LiveEvent | undefined) => {
        source?.addEventListener(name, (e: MessageEvent<string>) => {
          const event = accept(parse(e.data))
          if (event) enqueue(event)
          else console.warn(`Ignoring a malformed ${name} event`, e.data)
        })
      }
      on('config', (data) => (Check(ConfigEvent, data) ? { type: 'config', data } : undefined))
      on('validations', (data) => (Check(ValidationsEvent, data) ? { type: 'validations', data } : undefined))
      // Its data is `{}`: the event itself says the proxy list changed.
      on('proxies', () => ({ type: 'proxies' }))
      on('xds-push', (data) => (Check(PushProgress, data) ? { type: 'xds-push', data } : undefined))
    }

    connect()
    return () => {
      source?.close()
      clearTimeout(reconnectTimer)
      clearTimeout(flushTimer)
    }
  }, [queryClient])

  return status
}
