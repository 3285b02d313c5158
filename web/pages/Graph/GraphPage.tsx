import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useLocation, useParams } from 'react-router-dom'
import { ApiError } from '../../api/errors.ts'
import type { GraphRequest } from '../../api/paths.ts'
import { useGraphQuery } from '../../api/useGraphQuery.ts'
import { useNamespacesQuery } from '../../api/useNamespacesQuery.ts'
import { GRAPH_TYPE_LABEL, nodeGraphTarget, type NodeGraphTarget } from '../../app/url/graph.ts'
import { useSelectedNamespaces, useTimeControls } from '../../app/url/hooks.ts'
import { searchString } from '../../app/url/params.ts'
import { formatSpan, telemetryParamsOnly } from '../../app/url/timeRange.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorBanner } from '../../components/ErrorBanner.tsx'
import { Loading } from '../../components/Loading.tsx'
import { StaleNotice } from '../../components/StaleNotice.tsx'
import { TimeControls } from '../../components/TimeControls.tsx'
import { nodeBadges } from './badges.ts'
import { checkBudget, isLargeGraph } from './budget.ts'
import type { GraphUpdate, Selection, UpdateResult } from './controller.ts'
import { buildElements, nodeGroups } from './elements.ts'
import { downloadBlob, exportFileName, graphJson } from './exporting.ts'
import { parseFind } from './find/evaluate.ts'
import { FindHideBar } from './FindHideBar.tsx'
import { GraphCanvas, type GraphCanvasHandle } from './GraphCanvas.tsx'
import { GraphToolbar } from './GraphToolbar.tsx'
import { Legend } from './Legend.tsx'
import { nodeEntity } from './entities.ts'
import { buildModel, type GraphModel } from './model.ts'
import { SidePanel } from './SidePanel.tsx'
import { readTheme } from './stylesheet.ts'
import { useGraphView } from './useGraphView.ts'
import { computeVisibility, findMatches } from './visibility.ts'
import './graph.css'

/** The over-budget notice is on screen: the benchmark's "first paint" for a graph too big to draw. */
const BUDGET_MARK = 'trellis:graph:budget'

const KIND_OF: Record<NodeGraphTarget['collection'], 'app' | 'workload' | 'service'> = {
  applications: 'app',
  workloads: 'workload',
  services: 'service',
}

/** The node a node graph is about: the one that stands for its app, workload or service. */
function focusNode(model: GraphModel, target: NodeGraphTarget): string | undefined {
  for (const n of model.nodes.values()) {
    const e = nodeEntity(n.data)
    if (e && e.kind === KIND_OF[target.collection] && e.namespace === target.namespace && e.name === target.name && !n.data.version) return n.id
  }
  for (const n of model.nodes.values()) {
    const e = nodeEntity(n.data)
    if (e && e.kind === KIND_OF[target.collection] && e.namespace === target.namespace && e.name === target.name) return n.id
  }
  return undefined
}

/**
 * Who talks to whom, how much, how fast and how well: the traffic graph of the selected namespaces,
 * or (at /graph/namespaces/{ns}/{kind}/{name}) the graph around one app, workload or service.
 */
export function GraphPage() {
  const params = useParams()
  const target = useMemo(
    () => nodeGraphTarget({ namespace: params.namespace, collection: params.collection, name: params.name }),
    [params.namespace, params.collection, params.name],
  )
  const [selected] = useSelectedNamespaces()
  const [time, setTime] = useTimeControls()
  const [view, setView] = useGraphView()
  const location = useLocation()
  const allNamespaces = useNamespacesQuery()
  // None selected means all, as on the lists: every namespace the mesh knows.
  const namespaces = useMemo(
    () => (selected.length ? selected : (allNamespaces.data ?? []).map((n) => n.name).sort()),
    [selected, allNamespaces.data],
  )
  const targetKey = target && `${target.collection}/${target.namespace}/${target.name}`
  const req = useMemo<GraphRequest | undefined>(() => {
    const common = { graphType: view.graphType, duration: time.duration, injectServiceNodes: view.serviceNodes }
    if (target) return { namespaces: [], ...common, node: target }
    return namespaces.length ? { namespaces, ...common } : undefined
  }, [namespaces, view.graphType, time.duration, view.serviceNodes, target])
  const query = useGraphQuery(req, time.refresh)
  const graph = query.data

  const model = useMemo(() => (graph ? buildModel(graph) : undefined), [graph])
  const findResult = useMemo(() => parseFind(view.find), [view.find])
  const hideResult = useMemo(() => parseFind(view.hide), [view.hide])
  const visible = useMemo(
    () =>
      model &&
      computeVisibility(model, { idleNodes: view.idleNodes, deadNodes: view.deadNodes, boxes: view.boxes }, hideResult.ok ? hideResult.matcher : undefined),
    [model, view.idleNodes, view.deadNodes, view.boxes, hideResult],
  )
  const hits = useMemo(
    () => (model && visible ? findMatches(model, visible, findResult.ok ? findResult.matcher : undefined) : new Set<string>()),
    [model, visible, findResult],
  )

  const [drawAnyway, setDrawAnyway] = useState(false)
  useEffect(() => setDrawAnyway(false), [req])
  const budget = visible ? checkBudget(visible.nodeCount, visible.edges.size) : undefined
  const draw = budget !== undefined && (!budget.over || drawAnyway)
  useEffect(() => {
    if (budget?.over && !drawAnyway) performance.mark(BUDGET_MARK)
  }, [budget?.over, drawAnyway])

  const update = useMemo<GraphUpdate | undefined>(() => {
    if (!model || !visible || !draw) return undefined
    const large = isLargeGraph(visible.nodeCount, visible.edges.size)
    const elements = buildElements(model, visible, { edgeLabels: view.edgeLabels, boxes: view.boxes && !large, findHits: hits })
    let badges: Map<string, string[]> | undefined
    if (view.badges) {
      badges = new Map()
      for (const id of visible.nodes) {
        const codes = nodeBadges(model.nodes.get(id)!.data).map((b) => b.code)
        if (codes.length) badges.set(id, codes)
      }
    }
    const groups = view.boxes ? nodeGroups(model, visible) : undefined
    return { elements, layout: view.layout, badges, showLocks: view.badges, groups, frames: view.boxes && large, large }
  }, [model, visible, draw, hits, view.edgeLabels, view.boxes, view.badges, view.layout])

  const [selection, setSelection] = useState<Selection>()
  // A node graph opens with its node selected: the side panel shows it.
  const [focused, setFocused] = useState<string>()
  useEffect(() => {
    if (!target || !model || focused === targetKey) return
    const id = focusNode(model, target)
    if (id) setSelection({ kind: 'node', id })
    setFocused(targetKey)
  }, [target, targetKey, model, focused])
  // What was selected may be gone (hidden, or absent from the new graph): back to the whole graph.
  useEffect(() => {
    if (!selection || !visible) return
    if (!(selection.kind === 'node' ? visible.nodes : visible.edges).has(selection.id)) setSelection(undefined)
  }, [selection, visible])

  const [layoutInfo, setLayoutInfo] = useState<UpdateResult>()
  const canvasRef = useRef<GraphCanvasHandle>(null)
  const onUpdated = useCallback((r: UpdateResult) => setLayoutInfo(r), [])

  const exportPng = async () => {
    if (!graph) return
    const blob = await canvasRef.current?.exportPng(readTheme().bg)
    if (blob) downloadBlob(blob, exportFileName(graph, selected, 'png'))
  }
  const exportJson = () => {
    if (graph) downloadBlob(graphJson(graph), exportFileName(graph, selected, 'json'))
  }

  const linkSearch = searchString(telemetryParamsOnly(new URLSearchParams(location.search)))
  const scope =
    (target
      ? `${KIND_OF[target.collection]} ${target.name} in ${target.namespace}`
      : selected.length
        ? selected.join(', ')
        : 'all namespaces') + `, last ${formatSpan(time.duration)}`
  const stale = query.isError && graph !== undefined
  const waitingForNamespaces = !target && !selected.length && allNamespaces.isPending

  return (
    <div className="page graph-page">
      <header className="page-header page-header-row">
        <div>
          <h1>
            {GRAPH_TYPE_LABEL[view.graphType]}
            {target && ` of ${KIND_OF[target.collection]} ${target.name}`}
          </h1>
          {target && (
            <Link to={`/graph${location.search}`} className="graph-back-link">
              ← The namespaces' graph
            </Link>
          )}
          <p className="muted" aria-live="polite" data-testid="graph-summary-line">
            {visible && `${visible.nodeCount} nodes and ${visible.edges.size} edges in ${scope}`}
            {graph && !query.isPlaceholderData && ` · as of ${new Date(graph.timestamp * 1000).toLocaleTimeString()}`}
          </p>
        </div>
        <TimeControls value={time} onChange={setTime} />
      </header>
      <GraphToolbar
        view={view}
        onChange={setView}
        onFit={() => canvasRef.current?.fit()}
        onExportPng={() => void exportPng()}
        onExportJson={exportJson}
        canExport={graph !== undefined}
      />
      <FindHideBar
        find={view.find}
        hide={view.hide}
        findResult={findResult}
        hideResult={hideResult}
        findCount={view.find.trim() && visible ? hits.size : undefined}
        hiddenCount={view.hide.trim() && visible ? visible.hidden.nodes + visible.hidden.edges : undefined}
        onChange={setView}
      />
      {stale && <StaleNotice what="The graph" error={query.error} updatedAt={query.dataUpdatedAt} />}
      {graph?.truncated && (
        <div className="banner banner-warning" role="status" data-testid="graph-truncated">
          <div className="banner-body">
            <strong>{graph.truncated.message}</strong>
            <p>
              The server drew {graph.truncated.budget} of {graph.truncated.nodes} nodes. Pick fewer namespaces above, or hide
              part of the graph (for example <code>idle</code> or <code>httpin &lt; 1</code>) to see all of what remains.
            </p>
          </div>
        </div>
      )}
      {!target && !selected.length && allNamespaces.isError ? (
        <ErrorBanner title="Namespaces could not be loaded" error={allNamespaces.error} onRetry={() => void allNamespaces.refetch()} />
      ) : waitingForNamespaces || (req && query.isPending) ? (
        <Loading label="Loading the graph…" />
      ) : !req ? (
        <EmptyState title="No namespaces yet">
          <p>The graph shows the traffic between the workloads of the mesh's namespaces; none exists yet.</p>
        </EmptyState>
      ) : graph === undefined || !model || !visible ? (
        <ErrorBanner
          title={query.error instanceof ApiError && query.error.isRejected ? 'The graph request was rejected' : 'The graph could not be loaded'}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <div className="graph-layout">
          <div
            className={stale ? 'graph-stage is-stale' : 'graph-stage'}
            data-testid="graph-stage"
            data-state={stale ? 'stale' : query.isPlaceholderData || query.isFetching ? 'loading' : 'ready'}
            data-nodes={draw ? visible.nodes.size : 0}
            data-edges={draw ? visible.edges.size : 0}
            data-layout={layoutInfo?.engine}
          >
            {update ? (
              <GraphCanvas
                ref={canvasRef}
                update={update}
                selection={selection}
                onSelect={setSelection}
                onUpdated={onUpdated}
                renderer={view.renderer}
                label={`Traffic graph of ${scope}: ${visible.nodeCount} nodes, ${visible.edges.size} edges. The panel beside it lists them.`}
              />
            ) : budget?.over ? (
              <div className="graph-budget" role="status" data-testid="graph-budget">
                <h2>
                  {budget.nodes.toLocaleString()} nodes and {budget.edges.toLocaleString()} edges are more than this page draws at once
                </h2>
                <p>
                  Drawing that many makes the page slow to appear and to move. Narrow the graph: pick fewer namespaces in the
                  selector above, or hide part of it with an expression such as <code>idle</code>,{' '}
                  <code>httpin &lt; 1</code> or <code>ns = some-namespace</code>. The summary beside still covers all of it.
                </p>
                <button type="button" className="btn" onClick={() => setDrawAnyway(true)}>
                  Draw it anyway
                </button>
              </div>
            ) : null}
            {update && visible.nodeCount === 0 && (
              <div className="graph-empty" data-testid="graph-empty">
                <EmptyState title={model.nodes.size === 0 ? `No traffic in ${scope}` : 'Everything is hidden'}>
                  <p>
                    {model.nodes.size === 0
                      ? 'No requests were recorded in this window. Pick a longer time range, or show idle nodes to see the workloads without traffic.'
                      : 'The display options or the hide expression leave nothing to draw.'}
                  </p>
                </EmptyState>
              </div>
            )}
            {layoutInfo?.engine === 'layered' && view.layout === 'dagre' && (
              <p className="graph-layout-note muted" data-testid="graph-layout-note">
                Laid out with the fast layered layout: dagre takes too long for a graph this size.
              </p>
            )}
            {query.isPlaceholderData && (
              <div className="graph-loading">
                <Loading label="Loading the graph…" />
              </div>
            )}
            <Legend />
          </div>
          <SidePanel
            model={model}
            visible={visible}
            selection={selection}
            duration={time.duration}
            refresh={time.refresh}
            search={linkSearch}
            scope={scope}
            onSelect={setSelection}
          />
        </div>
      )}
    </div>
  )
}
