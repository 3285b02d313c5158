// How much the page draws at once. On this shared 2-core machine cytoscape draws 1,000 nodes and
// 5,000 edges in 3 to 4 s from navigation and pans them at 60 frames a second; 5,000 and 25,000
// take over 5 s more after the click and pan at 3 frames a second (test/bench/graph-render.bench.ts).
// Above the budget the page asks the user to narrow the graph first — fewer namespaces, or a hide
// expression — and offers to draw it anyway. Pure: tested in test/unit/web/graph-visibility.test.ts.

export const NODE_BUDGET = 2_000
export const EDGE_BUDGET = 10_000

/**
 * From here on a graph is drawn the cheap way: namespaces as frames rather than compound nodes
 * (cytoscape's compound bookkeeping more than doubles the first draw of 1,000 nodes), straight
 * edges, and a bitmap while panning.
 */
export const LARGE_GRAPH = { nodes: 400, edges: 1_200 }

export function isLargeGraph(nodes: number, edges: number): boolean {
  return nodes > LARGE_GRAPH.nodes || edges > LARGE_GRAPH.edges
}

export interface BudgetCheck {
  over: boolean
  nodes: number
  edges: number
}

export function checkBudget(nodes: number, edges: number): BudgetCheck {
  return { over: nodes > NODE_BUDGET || edges > EDGE_BUDGET, nodes, edges }
}
