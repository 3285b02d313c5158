// React bindings of the URL state. Filter edits replace the history entry (typing a name filter
// should not leave one entry per keystroke); namespace changes push one, so Back undoes them.
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import { parseIstioConfigFilters, writeIstioConfigFilters, type IstioConfigFilters } from './istioConfig.ts'
import { NAMESPACES_PARAM, parseNamespaces, withNamespaces } from './namespaces.ts'
import { parseProxyFilters, writeProxyFilters, type ProxyFilters } from './proxies.ts'

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
