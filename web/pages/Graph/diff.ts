// What turns the drawn graph into the next one: the elements to add, remove, move to another box
// and update, in an order cytoscape accepts inside one cy.batch() — new boxes first (a node may move
// into one), then moves out of boxes about to go (removing a box removes what is still inside),
// then removals (edges, nodes, boxes innermost first), then new nodes and edges, then data and
// class changes. Kept elements keep their position; nothing is redrawn from scratch.
// Pure: tested in test/unit/web/graph-diff.test.ts.
import type { EdgeDef, ElementDef, NodeDef } from './elements.ts'

export interface ElementUpdate {
  id: string
  /** The data fields that changed (the label), with their new values. */
  data?: Record<string, unknown>
  /** The new class list, when it changed. */
  classes?: string
}

export interface ElementDiff {
  /** New boxes, outermost first. */
  addBoxes: NodeDef[]
  /** Kept nodes whose box changed; null: out of any box. */
  moves: { id: string; parent: string | null }[]
  /** Edges, then nodes, then boxes innermost first. */
  remove: string[]
  /** New nodes (not boxes), then new edges. */
  add: ElementDef[]
  update: ElementUpdate[]
}

/** The parent is not data to cytoscape once added (a move changes it), nor are the ends of an edge. */
const FIXED = new Set(['id', 'parent', 'source', 'target'])

function changedData(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  let out: Record<string, unknown> | undefined
  for (const k of keys) if (!FIXED.has(k) && !Object.is(a[k], b[k])) (out ??= {})[k] = b[k]
  return out
}

function isBox(d: ElementDef, children: ReadonlySet<string>): boolean {
  return d.group === 'nodes' && (d.classes.split(' ').includes('kind-box') || children.has(d.data.id))
}

function parentsOf(defs: Iterable<ElementDef>): Set<string> {
  const out = new Set<string>()
  for (const d of defs) if (d.group === 'nodes' && d.data.parent !== undefined) out.add(d.data.parent)
  return out
}

function depthIn(byId: ReadonlyMap<string, ElementDef>, id: string): number {
  let k = 0
  for (let p = (byId.get(id) as NodeDef | undefined)?.data.parent; p !== undefined && k < 16; k++) {
    p = (byId.get(p) as NodeDef | undefined)?.data.parent
  }
  return k
}

/** An edge cannot change ends in cytoscape: one that did is removed and added again. */
function sameEnds(a: EdgeDef, b: EdgeDef): boolean {
  return a.data.source === b.data.source && a.data.target === b.data.target
}

export function diffElements(current: ReadonlyMap<string, ElementDef>, next: readonly ElementDef[]): ElementDiff {
  const nextById = new Map(next.map((d) => [d.data.id, d]))
  const currentParents = parentsOf(current.values())
  const nextParents = parentsOf(next)

  const addBoxes: NodeDef[] = []
  const add: ElementDef[] = []
  const moves: ElementDiff['moves'] = []
  const update: ElementUpdate[] = []
  const replaced = new Set<string>()

  for (const d of next) {
    const old = current.get(d.data.id)
    if (!old || old.group !== d.group || (d.group === 'edges' && !sameEnds(old as EdgeDef, d))) {
      if (old) replaced.add(d.data.id)
      if (d.group === 'nodes' && isBox(d, nextParents)) addBoxes.push(d)
      else add.push(d)
      continue
    }
    if (d.group === 'nodes') {
      const before = (old as NodeDef).data.parent ?? null
      const after = d.data.parent ?? null
      if (before !== after) moves.push({ id: d.data.id, parent: after })
    }
    const u: ElementUpdate = { id: d.data.id }
    const data = changedData(old.data, d.data)
    if (data) u.data = data
    if (old.classes !== d.classes) u.classes = d.classes
    if (u.data || u.classes) update.push(u)
  }

  const gone = [...current.values()].filter((d) => !nextById.has(d.data.id) || replaced.has(d.data.id))
  const rank = (d: ElementDef) => (d.group === 'edges' ? 0 : isBox(d, currentParents) ? 2 : 1)
  gone.sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? depthIn(current, b.data.id) - depthIn(current, a.data.id) : 0))
  addBoxes.sort((a, b) => depthIn(nextById, a.data.id) - depthIn(nextById, b.data.id))
  add.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1))

  return { addBoxes, moves, remove: gone.map((d) => d.data.id), add, update }
}

/** Nothing to do: the refresh brought the same graph. */
export function isEmptyDiff(d: ElementDiff): boolean {
  return d.addBoxes.length + d.moves.length + d.remove.length + d.add.length + d.update.length === 0
}
