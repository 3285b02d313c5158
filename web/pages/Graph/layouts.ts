// The layouts the page offers, as cytoscape layout options. dagre (layered, left to right, as
// Kiali draws) is the default, but dagre's cost grows steeply with edges: on this 2-core machine
// about 0.2 s for 50 nodes and 100 edges, 0.6 s for 100 and 300, 3.4 s for 200 and 600 (the
// benchmark's mesh), minutes for 1,000 and 5,000. Above DAGRE_LIMIT the page draws the same kind
// of picture with its own linear-time layered layout (layered.ts) and says so.
import cytoscape, { type Core, type LayoutOptions } from 'cytoscape'
import dagre from 'cytoscape-dagre'
import fcose from 'cytoscape-fcose'
import type { GraphLayout } from '../../app/url/graph.ts'

export const DAGRE_LIMIT = { nodes: 120, edges: 300 }

let registered = false

/** cytoscape extensions register globally, once. */
export function registerLayouts(): void {
  if (registered) return
  cytoscape.use(dagre)
  cytoscape.use(fcose)
  registered = true
}

/** What actually lays the graph out: the chosen layout, or the layered stand-in for dagre. */
export type LayoutEngine = GraphLayout | 'layered'

export function layoutEngine(layout: GraphLayout, nodes: number, edges: number): LayoutEngine {
  if (layout === 'dagre' && (nodes > DAGRE_LIMIT.nodes || edges > DAGRE_LIMIT.edges)) return 'layered'
  return layout
}

const COMMON = { fit: true, padding: 30, animate: false } as const

/**
 * Runs a cytoscape layout on every node, synchronously (no animation: refreshes must not wobble).
 * The layered stand-in needs no cytoscape: its positions go in with the elements (controller.ts).
 */
export function runLayout(cy: Core, layout: GraphLayout): void {
  const nodes = cy.nodes().filter((n) => !n.isParent()) as unknown as cytoscape.NodeCollection
  let options: LayoutOptions
  switch (layout) {
    case 'dagre':
      options = { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 110, edgeSep: 10, nodeDimensionsIncludeLabels: true, ...COMMON } as LayoutOptions
      break
    case 'fcose':
      options = {
        name: 'fcose',
        quality: nodes.length > 300 ? 'draft' : 'default',
        randomize: true,
        nodeDimensionsIncludeLabels: true,
        idealEdgeLength: 110,
        nodeRepulsion: 9000,
        ...COMMON,
      } as LayoutOptions
      break
    case 'concentric':
      options = {
        name: 'concentric',
        concentric: (n: cytoscape.NodeSingular) => n.degree(false),
        levelWidth: () => 2,
        minNodeSpacing: 40,
        ...COMMON,
      }
      break
    case 'grid':
      options = { name: 'grid', avoidOverlapPadding: 30, condense: false, ...COMMON }
      break
  }
  // dagre and fcose understand boxes (compound nodes); the others would place a box like a node.
  const eles = layout === 'dagre' || layout === 'fcose' ? cy.elements() : nodes
  eles.layout(options).run()
}
