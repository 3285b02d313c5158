// The graph page's view state, read from and written to the URL (web/app/url/graph.ts). A new
// graph type pushes a history entry (Back returns to the previous graph); display switches, the
// layout and find/hide replace it, as the list filters do.
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import { parseGraphView, writeGraphView, type GraphView } from '../../app/url/graph.ts'

export function useGraphView(): [GraphView, (patch: Partial<GraphView>) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const view = useMemo(() => parseGraphView(new URLSearchParams(key)), [key])
  const update = useCallback(
    (patch: Partial<GraphView>) =>
      setParams((prev) => writeGraphView(prev, { ...parseGraphView(prev), ...patch }), { replace: patch.graphType === undefined }),
    [setParams],
  )
  return [view, update]
}
