// The drawn graph as cytoscape element definitions: for each visible node and edge, the data the
// stylesheet needs (label, parent box), classes for the rest of the drawing (shape, health,
// protocol, mTLS, find hits), and the server's identity, health and flags of each element under
// Kiali's names, for whoever reads the drawn graph (scripts, tests). Every field is always present
// and a primitive, so that comparing two definitions is a shallow compare (diff.ts).
// Pure: tested in test/unit/web/graph-visibility.test.ts.
import type { EdgeLabel } from '../../app/url/graph.ts'
import { edgeLabel, nodeLabel } from './labels.ts'
import { isVersionedApp, nodeName, type GraphEdge, type GraphModel, type GraphNode } from './model.ts'
import type { Visibility } from './visibility.ts'

/** Kiali's node flags, mirrored as booleans. */
const NODE_FLAGS = [
  'hasCB', 'hasFaultInjection', 'hasMirroring', 'hasRequestRouting', 'hasRequestTimeout', 'hasTCPTrafficShifting',
  'hasTrafficShifting', 'hasVS', 'isDead', 'isIdle', 'isOutOfMesh', 'isOutside', 'isRoot', 'isServiceEntry',
] as const

export interface NodeDef {
  group: 'nodes'
  data: {
    id: string
    parent?: string
    label: string
    nodeType: string
    namespace: string
    app: string
    version: string
    workload: string
    service: string
    healthStatus: string
  } & Record<(typeof NODE_FLAGS)[number], boolean>
  classes: string
}

export interface EdgeDef {
  group: 'edges'
  data: { id: string; source: string; target: string; label: string; protocol: string; healthStatus: string }
  classes: string
}

export type ElementDef = NodeDef | EdgeDef

export interface ElementOptions {
  edgeLabels: readonly EdgeLabel[]
  boxes: boolean
  findHits: ReadonlySet<string>
}

/** The shape family of a node; the stylesheet maps each to a shape. */
export function nodeKind(n: GraphNode): string {
  const d = n.data
  if (n.isBox) return 'box'
  if (d.nodeType === 'service') return d.isServiceEntry ? 'serviceentry' : 'service'
  if (isVersionedApp(d)) return 'vapp'
  if (d.nodeType === 'app' || d.nodeType === 'workload' || d.nodeType === 'aggregate') return d.nodeType
  return 'unknown'
}

const HEALTH_CLASSES = new Set(['Healthy', 'Degraded', 'Failure'])

function nodeClasses(n: GraphNode, hit: boolean): string {
  const d = n.data
  const c = [`kind-${nodeKind(n)}`]
  if (d.healthStatus && HEALTH_CLASSES.has(d.healthStatus)) c.push(`health-${d.healthStatus}`)
  if (d.isDead) c.push('dead')
  if (d.isIdle) c.push('idle')
  if (d.isOutside) c.push('outside')
  if (d.isRoot) c.push('root')
  if (hit) c.push('find-hit')
  return c.join(' ')
}

function edgeClasses(e: GraphEdge, hit: boolean): string {
  const c = [`proto-${e.protocol}`]
  if (e.total <= 0) c.push('no-traffic')
  else if (e.data.healthStatus && HEALTH_CLASSES.has(e.data.healthStatus)) c.push(`health-${e.data.healthStatus}`)
  if (Number(e.data.isMTLS ?? 0) > 0) c.push('mtls')
  if (hit) c.push('find-hit')
  return c.join(' ')
}

export function nodeDef(n: GraphNode, opts: ElementOptions, visible: Visibility): NodeDef {
  const d = n.data
  const parent = opts.boxes && d.parent !== undefined && visible.nodes.has(d.parent) ? d.parent : undefined
  const flags = Object.fromEntries(NODE_FLAGS.map((f) => [f, d[f] !== undefined && d[f] !== false])) as Record<(typeof NODE_FLAGS)[number], boolean>
  return {
    group: 'nodes',
    data: {
      id: n.id,
      ...(parent === undefined ? {} : { parent }),
      label: nodeLabel(n),
      nodeType: d.nodeType,
      namespace: d.namespace,
      app: d.app ?? '',
      version: d.version ?? '',
      workload: d.workload ?? '',
      service: d.service ?? '',
      healthStatus: d.healthStatus ?? '',
      ...flags,
    },
    classes: nodeClasses(n, opts.findHits.has(n.id)),
  }
}

export function edgeDef(e: GraphEdge, opts: ElementOptions): EdgeDef {
  return {
    group: 'edges',
    data: {
      id: e.id,
      source: e.source,
      target: e.target,
      label: edgeLabel(e, opts.edgeLabels),
      protocol: e.protocol,
      healthStatus: e.data.healthStatus ?? '',
    },
    classes: edgeClasses(e, opts.findHits.has(e.id)),
  }
}

/** Boxes first (parents before children), then nodes, then edges: an order cytoscape can add in. */
export function buildElements(model: GraphModel, visible: Visibility, opts: ElementOptions): ElementDef[] {
  const boxes: NodeDef[] = []
  const nodes: NodeDef[] = []
  for (const id of visible.nodes) {
    const n = model.nodes.get(id)!
    if (n.isBox && !opts.boxes) continue
    ;(n.isBox ? boxes : nodes).push(nodeDef(n, opts, visible))
  }
  const depth = (d: NodeDef) => {
    // Bounded: a parent cycle in a bad answer must not hang the page.
    let k = 0
    for (let p = d.data.parent; p !== undefined && k < 16; p = model.nodes.get(p)?.data.parent) k++
    return k
  }
  boxes.sort((a, b) => depth(a) - depth(b))
  const edges = [...visible.edges].map((id) => edgeDef(model.edges.get(id)!, opts))
  return [...boxes, ...nodes, ...edges]
}

/** Each drawn node's box label (its namespace, without boxes from the server): what big graphs frame. */
export function nodeGroups(model: GraphModel, visible: Visibility): Map<string, string> {
  const out = new Map<string, string>()
  for (const id of visible.nodes) {
    const n = model.nodes.get(id)!
    if (n.isBox) continue
    const box = n.data.parent === undefined ? undefined : model.nodes.get(n.data.parent)
    out.set(id, box ? nodeName(box.data) : n.data.namespace)
  }
  return out
}
