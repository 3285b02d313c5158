// React bindings of the URL state. Filter edits replace the history entry (typing a name filter
// should not leave one entry per keystroke); namespace changes push one, so Back undoes them.
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import { parseEntityFilters, writeEntityFilters, type EntityFilters } from './entities.ts'
import { parseIstioConfigFilters, writeIstioConfigFilters, type IstioConfigFilters } from './istioConfig.ts'
import { parseMetricsView, withTab, writeMetricsView, type MetricsTab, type MetricsView } from './metrics.ts'
import { NAMESPACES_PARAM, parseNamespaces, withNamespaces } from './namespaces.ts'
import { parseProxyFilters, writeProxyFilters, type ProxyFilters } from './proxies.ts'
import { parseTimeControls, writeTimeControls, type TimeControls } from './timeRange.ts'

export function useSelectedNamespaces(): [string[], (namespaces: readonly string[]) => void] {
  const [params, setParams] = useSearchParams()
  const raw = params.get(NAMESPACES_PARAM) ?? ''
  const namespaces = useMemo(() => parseNamespaces(new URLSearchParams({ [NAMESPACES_PARAM]: raw })), [raw])
  const set = useCallback(
    (next: readonly string[]) => setParams((prev) => withNamespaces(prev, next)),
    [setParams],
  )
  return [namespaces, set]
}

export function useIstioConfigFilters(): [IstioConfigFilters, (patch: Partial<IstioConfigFilters>) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const filters = useMemo(() => parseIstioConfigFilters(new URLSearchParams(key)), [key])
  const update = useCallback(
    (patch: Partial<IstioConfigFilters>) =>
      setParams((prev) => writeIstioConfigFilters(prev, { ...parseIstioConfigFilters(prev), ...patch }), { replace: true }),
    [setParams],
  )
  return [filters, update]
}

export function useProxyFilters(): [ProxyFilters, (patch: Partial<ProxyFilters>) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const filters = useMemo(() => parseProxyFilters(new URLSearchParams(key)), [key])
  const update = useCallback(
    (patch: Partial<ProxyFilters>) =>
      setParams((prev) => writeProxyFilters(prev, { ...parseProxyFilters(prev), ...patch }), { replace: true }),
    [setParams],
  )
  return [filters, update]
}

export function useEntityFilters(): [EntityFilters, (patch: Partial<EntityFilters>) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const filters = useMemo(() => parseEntityFilters(new URLSearchParams(key)), [key])
  const update = useCallback(
    (patch: Partial<EntityFilters>) =>
      setParams((prev) => writeEntityFilters(prev, { ...parseEntityFilters(prev), ...patch }), { replace: true }),
    [setParams],
  )
  return [filters, update]
}

/** A new time range pushes a history entry, like a namespace change: Back returns to the previous window. */
export function useTimeControls(): [TimeControls, (patch: Partial<TimeControls>) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const controls = useMemo(() => parseTimeControls(new URLSearchParams(key)), [key])
  const update = useCallback(
    (patch: Partial<TimeControls>) => setParams((prev) => writeTimeControls(prev, { ...parseTimeControls(prev), ...patch })),
    [setParams],
  )
  return [controls, update]
}

/** Tabs push a history entry (Back returns to the other direction); reporter and split replace it. */
export function useMetricsView(
  allowed: readonly MetricsTab[],
): [MetricsView, (patch: Partial<MetricsView>) => void, (tab: MetricsTab) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const view = useMemo(() => parseMetricsView(new URLSearchParams(key), allowed), [key, allowed])
  const update = useCallback(
    (patch: Partial<MetricsView>) =>
      setParams((prev) => writeMetricsView(prev, { ...parseMetricsView(prev, allowed), ...patch }), { replace: true }),
    [setParams, allowed],
  )
  const selectTab = useCallback(
    (tab: MetricsTab) => setParams((prev) => writeMetricsView(prev, withTab(parseMetricsView(prev, allowed), tab))),
    [setParams, allowed],
  )
  return [view, update, selectTab]
}
