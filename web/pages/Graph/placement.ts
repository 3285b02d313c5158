// Where a node that appears on a refresh goes, without moving the others: one step right of the
// nodes that call it (the graph flows left to right), or one step left of those it calls, or, with
// no placed neighbour, in a row under the graph; nudged down until it overlaps nothing. A node
// that comes back (shown again after a hide) returns where it was. Pure: tested in
// test/unit/web/graph-placement.test.ts.

export interface Point {
  x: number
  y: number
}

export interface PlacementInput {
  /** The nodes to place (not boxes), in a stable order. */
  newNodes: readonly string[]
  /** Positions of the nodes already drawn. */
  placed: ReadonlyMap<string, Point>
  /** Where nodes that left were last: reused when they come back and the spot is free. */
  remembered?: ReadonlyMap<string, Point>
  /** Edges of the next graph, as [source, target]. */
  edges: readonly (readonly [string, string])[]
  /** Distance between layers (x) and between nodes of a layer (y). */
  rankSep?: number
  nodeSep?: number
}

const DEFAULT_RANK_SEP = 180
const DEFAULT_NODE_SEP = 70

/** A coarse grid of occupied cells, so that overlap checks stay cheap on big graphs. */
class Occupancy {
  private readonly cells = new Map<string, Point[]>()
  constructor(private readonly size: number) {}

  private key(x: number, y: number): string {
    return `${Math.floor(x / this.size)},${Math.floor(y / this.size)}`
  }

  add(p: Point): void {
    const k = this.key(p.x, p.y)
    const list = this.cells.get(k)
    if (list) list.push(p)
    else this.cells.set(k, [p])
  }

  /** Some placed point closer than the grid size. */
  isTaken(p: Point): boolean {
    const cx = Math.floor(p.x / this.size)
    const cy = Math.floor(p.y / this.size)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (Math.abs(q.x - p.x) < this.size && Math.abs(q.y - p.y) < this.size) return true
        }
      }
    }
    return false
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

export function placeNewNodes(input: PlacementInput): Map<string, Point> {
  const rankSep = input.rankSep ?? DEFAULT_RANK_SEP
  const nodeSep = input.nodeSep ?? DEFAULT_NODE_SEP
  const positions = new Map(input.placed)
  const occupied = new Occupancy(nodeSep * 0.8)
  for (const p of positions.values()) occupied.add(p)

  const callers = new Map<string, string[]>()
  const callees = new Map<string, string[]>()
  for (const [s, t] of input.edges) {
    if (s === t) continue
    ;(callers.get(t) ?? callers.set(t, []).get(t)!).push(s)
    ;(callees.get(s) ?? callees.set(s, []).get(s)!).push(t)
  }

  let x1 = Infinity
  let x2 = -Infinity
  let y2 = -Infinity
  for (const p of positions.values()) {
    x1 = Math.min(x1, p.x)
    x2 = Math.max(x2, p.x)
    y2 = Math.max(y2, p.y)
  }
  if (!Number.isFinite(x1)) {
    x1 = 0
    x2 = 0
    y2 = -rankSep
  }
  let orphanX = x1
  const orphanY = y2 + rankSep

  const out = new Map<string, Point>()
  const settle = (id: string, p: Point) => {
    let q = p
    while (occupied.isTaken(q)) q = { x: q.x, y: q.y + nodeSep }
    positions.set(id, q)
    occupied.add(q)
    out.set(id, q)
  }

  // Nodes next to placed ones first, so that a chain of new nodes grows out of the graph.
  const pending = new Set(input.newNodes)
  while (pending.size > 0) {
    let progressed = false
    for (const id of pending) {
      const back = input.remembered?.get(id)
      if (back && !occupied.isTaken(back)) {
        settle(id, back)
        pending.delete(id)
        progressed = true
        continue
      }
      const from = (callers.get(id) ?? []).map((n) => positions.get(n)).filter((p): p is Point => p !== undefined)
      const to = (callees.get(id) ?? []).map((n) => positions.get(n)).filter((p): p is Point => p !== undefined)
      if (from.length === 0 && to.length === 0) continue
      settle(
        id,
        from.length > 0
          ? { x: Math.max(...from.map((p) => p.x)) + rankSep, y: mean(from.map((p) => p.y)) }
          : { x: Math.min(...to.map((p) => p.x)) - rankSep, y: mean(to.map((p) => p.y)) },
      )
      pending.delete(id)
      progressed = true
    }
    if (progressed) continue
    // What is left has no placed neighbour: a row under the graph, then its neighbours grow from it.
    const [first] = pending
    settle(first, { x: orphanX, y: orphanY })
    orphanX += nodeSep * 1.5
    if (orphanX > Math.max(x2, x1 + 10 * nodeSep)) orphanX = x1
    pending.delete(first)
  }
  return out
}

/** Too much is new to fit in around the old: lay the whole graph out again. */
export function needsFullLayout(newCount: number, keptCount: number): boolean {
  return keptCount === 0 || newCount > Math.max(10, keptCount * 0.5)
}
