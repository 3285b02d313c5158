// One EventSource for the whole app: server-sent config and validation events invalidate the
// react-query caches they affect, batched so a burst (a file with fifty objects) refetches once.
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Check } from 'typebox/value'
import { ConfigEvent, ValidationsEvent } from '../../shared/api.ts'
import { collapseKeys, invalidationsFor, type LiveEvent } from './events.ts'
import { apiPaths } from './paths.ts'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

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
      source.addEventListener('config', (e: MessageEvent<string>) => {
        const data = parse(e.data)
        if (Check(ConfigEvent, data)) enqueue({ type: 'config', data })
        else console.warn('Ignoring a malformed config event', e.data)
      })
      source.addEventListener('validations', (e: MessageEvent<string>) => {
        const data = parse(e.data)
        if (Check(ValidationsEvent, data)) enqueue({ type: 'validations', data })
        else console.warn('Ignoring a malformed validations event', e.data)
      })
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
