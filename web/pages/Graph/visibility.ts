// Which nodes and edges are drawn: the display toggles (idle nodes, dead nodes, namespace boxes)
// and then the hide expression, with Kiali's rules — hiding a node hides its edges, hiding edges
// hides the nodes they leave with none (idle nodes excepted: showing them was asked for), and a
// box is drawn while something inside it is. Find then marks what matches among what is drawn.
// Pure: tested in test/unit/web/graph-visibility.test.ts.
import type { Matcher } from './find/evaluate.ts'
import { hasTraffic, type GraphModel, type GraphNode } from './model.ts'

export interface DisplayFilter {
  idleNodes: boolean
  deadNodes: boolean
  boxes: boolean
}

export interface Visibility {
  /** Drawn nodes, boxes included. */
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
  /** Drawn nodes that are not boxes: what the node budget counts. */
  nodeCount: number
  /** What the hide expression took away (after the toggles). */
  hidden: { nodes: number; edges: number }
}

/** A dead node with traffic stays: requests to a service with no instance are the broken edge to see. */
function shownByToggles(n: GraphNode, model: GraphModel, filter: DisplayFilter): boolean {
  if (n.isBox) return false
  if (!filter.idleNodes && n.data.isIdle === true) return false
  if (!filter.deadNodes && n.data.isDead === true && !hasTraffic(n)) {
    const edgeIds = [...(model.inEdges.get(n.id) ?? []), ...(model.outEdges.get(n.id) ?? [])]
    if (!edgeIds.some((id) => (model.edges.get(id)?.total ?? 0) > 0)) return false
  }
  return true
}

export function computeVisibility(model: GraphModel, filter: DisplayFilter, hide?: Matcher): Visibility {
  const nodes = new Set<string>()
  for (const n of model.nodes.values()) if (shownByToggles(n, model, filter)) nodes.add(n.id)
  const edges = new Set<string>()
  for (const e of model.edges.values()) if (nodes.has(e.source) && nodes.has(e.target)) edges.add(e.id)
  const shownNodes = nodes.size
  const shownEdges = edges.size

  if (hide) {
    if (hide.node) for (const id of [...nodes]) if (hide.node(model.nodes.get(id)!)) nodes.delete(id)
    const matchedEdges = new Set<string>()
    if (hide.edge) {
      for (const id of edges) if (hide.edge(model.edges.get(id)!)) matchedEdges.add(id)
      for (const id of matchedEdges) edges.delete(id)
    }
    if (matchedEdges.size > 0) {
      for (const id of [...nodes]) {
        if (model.nodes.get(id)!.data.isIdle === true) continue
        // The node's drawn edges before hiding: those still drawn and those the expression took.
        const own = [...(model.inEdges.get(id) ?? []), ...(model.outEdges.get(id) ?? [])].filter(
          (e) => edges.has(e) || matchedEdges.has(e),
        )
        if (own.length > 0 && own.every((e) => matchedEdges.has(e))) nodes.delete(id)
      }
    }
    for (const id of [...edges]) {
      const e = model.edges.get(id)!
      if (!nodes.has(e.source) || !nodes.has(e.target)) edges.delete(id)
    }
  }

  const nodeCount = nodes.size
  if (filter.boxes) addBoxes(model, nodes)
  return { nodes, edges, nodeCount, hidden: { nodes: shownNodes - nodeCount, edges: shownEdges - edges.size } }
}

/** Every box with a drawn node somewhere inside, up to the outermost. */
function addBoxes(model: GraphModel, nodes: Set<string>): void {
  for (const id of [...nodes]) {
    let parent = model.nodes.get(id)?.data.parent
    while (parent !== undefined && !nodes.has(parent)) {
      const box = model.nodes.get(parent)
      if (!box) break
      nodes.add(parent)
      parent = box.data.parent
    }
  }
}

/** The drawn elements that match the find expression; boxes are never found. */
export function findMatches(model: GraphModel, visible: Visibility, find: Matcher | undefined): Set<string> {
  const hits = new Set<string>()
  if (!find) return hits
  if (find.node) {
    for (const id of visible.nodes) {
      const n = model.nodes.get(id)!
      if (!n.isBox && find.node(n)) hits.add(id)
    }
  }
  if (find.edge) for (const id of visible.edges) if (find.edge(model.edges.get(id)!)) hits.add(id)
  return hits
}
