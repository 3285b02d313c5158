import { describe, expect, it } from 'vitest'
import { layeredLayout } from '../../../web/pages/Graph/layered.ts'
import { needsFullLayout, placeNewNodes, type Point } from '../../../web/pages/Graph/placement.ts'

function overlaps(positions: Map<string, Point>, minDistance: number): [string, string][] {
  const list = [...positions]
  const out: [string, string][] = []
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, p] = list[i]
      const [b, q] = list[j]
      if (Math.abs(p.x - q.x) < minDistance && Math.abs(p.y - q.y) < minDistance) out.push([a, b])
    }
  }
  return out
}

function bounds(positions: Map<string, Point>, ids: string[]) {
  const ps = ids.map((id) => positions.get(id)!)
  return { x1: Math.min(...ps.map((p) => p.x)), x2: Math.max(...ps.map((p) => p.x)), y1: Math.min(...ps.map((p) => p.y)), y2: Math.max(...ps.map((p) => p.y)) }
}

describe('the layered layout (dagre’s stand-in for big graphs)', () => {
  const bookinfo = {
    nodes: ['ingress', 'productpage', 'details', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings'].map((id) => ({ id, group: '' })),
    edges: [
      ['ingress', 'productpage'],
      ['productpage', 'details'],
      ['productpage', 'reviews-v1'],
      ['productpage', 'reviews-v2'],
      ['productpage', 'reviews-v3'],
      ['reviews-v2', 'ratings'],
      ['reviews-v3', 'ratings'],
    ] as [string, string][],
  }

  it('lays traffic out left to right by longest path from the sources', () => {
    const p = layeredLayout(bookinfo)
    const x = (id: string) => p.get(id)!.x
    expect(x('ingress')).toBeLessThan(x('productpage'))
    expect(x('productpage')).toBeLessThan(x('details'))
    expect(x('details')).toBe(x('reviews-v2'))
    expect(x('reviews-v2')).toBeLessThan(x('ratings'))
    expect(overlaps(p, 40)).toEqual([])
  })

  it('is deterministic', () => {
    expect([...layeredLayout(bookinfo)]).toEqual([...layeredLayout({ ...bookinfo, nodes: [...bookinfo.nodes].reverse() })])
  })

  it('survives cycles and self loops, placing every node', () => {
    const p = layeredLayout({
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, group: '' })),
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'c'],
        ['c', 'd'],
        ['x', 'a'],
      ],
    })
    expect(p.size).toBe(4)
    expect(overlaps(p, 40)).toEqual([])
  })

  it('gives every box a region of its own: no two boxes overlap', () => {
    const nodes: { id: string; group: string }[] = []
    const edges: [string, string][] = []
    for (let g = 0; g < 5; g++) for (let i = 0; i < 30; i++) nodes.push({ id: `g${g}-${i}`, group: `ns-${g}` })
    for (let k = 0; k < 400; k++) {
      const a = nodes[(k * 7) % nodes.length].id
      const b = nodes[(k * 13 + 5) % nodes.length].id
      if (a !== b) edges.push([a, b])
    }
    const p = layeredLayout({ nodes, edges })
    expect(p.size).toBe(150)
    expect(overlaps(p, 40)).toEqual([])
    const boxes = Array.from({ length: 5 }, (_, g) => bounds(p, nodes.filter((n) => n.group === `ns-${g}`).map((n) => n.id)))
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]
        const b = boxes[j]
        const apart = a.x2 < b.x1 || b.x2 < a.x1 || a.y2 < b.y1 || b.y2 < a.y1
        expect(apart, `ns-${i} and ns-${j} overlap`).toBe(true)
      }
    }
  })

  it('wraps a tall rank into columns so a big graph comes out about screen-shaped', () => {
    const nodes = [{ id: 'root', group: '' }, ...Array.from({ length: 400 }, (_, i) => ({ id: `leaf-${i}`, group: '' }))]
    const p = layeredLayout({ nodes, edges: nodes.slice(1).map((n) => ['root', n.id] as [string, string]) })
    const b = bounds(p, nodes.map((n) => n.id))
    const aspect = (b.x2 - b.x1) / (b.y2 - b.y1)
    expect(aspect).toBeGreaterThan(0.5)
    expect(aspect).toBeLessThan(3)
    expect(overlaps(p, 40)).toEqual([])
    // Still layered: the root left of every leaf.
    expect(Math.min(...nodes.slice(1).map((n) => p.get(n.id)!.x))).toBeGreaterThan(p.get('root')!.x)
  })

  it('takes milliseconds for 1,000 nodes and 5,000 edges', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, group: `ns-${i % 10}` }))
    const edges: [string, string][] = []
    for (let k = 0; edges.length < 5000; k++) edges.push([`n${(k * 31) % 1000}`, `n${(k * 17 + 3) % 1000}`])
    const t = performance.now()
    const p = layeredLayout({ nodes, edges })
    expect(p.size).toBe(1000)
    // Generous: the machine is shared; dagre takes minutes here.
    expect(performance.now() - t).toBeLessThan(2000)
  })
})

describe('placing new nodes without moving the others', () => {
  const placed = new Map<string, Point>([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 200, y: 0 }],
    ['c', { x: 200, y: 100 }],
  ])

  it('a new callee goes one step right of its callers, at their mean height', () => {
    const p = placeNewNodes({ newNodes: ['d'], placed, edges: [['b', 'd'], ['c', 'd']], rankSep: 180, nodeSep: 70 })
    expect(p.get('d')).toEqual({ x: 380, y: 50 })
  })

  it('a new caller goes one step left of what it calls', () => {
    const p = placeNewNodes({ newNodes: ['z'], placed, edges: [['z', 'a']], rankSep: 180, nodeSep: 70 })
    expect(p.get('z')).toEqual({ x: -180, y: 0 })
  })

  it('is nudged down until it overlaps nothing', () => {
    const p = placeNewNodes({ newNodes: ['d', 'e'], placed, edges: [['a', 'd'], ['a', 'e']], rankSep: 200, nodeSep: 70 })
    // (200, 0) is b's; 70 and 140 are too close to c at 100.
    expect(p.get('d')).toEqual({ x: 200, y: 210 })
    expect(p.get('e')).toEqual({ x: 200, y: 280 })
  })

  it('a chain of new nodes grows out of the graph; an isolated one goes in a row under it', () => {
    const p = placeNewNodes({ newNodes: ['f', 'e', 'lonely'], placed, edges: [['b', 'e'], ['e', 'f']], rankSep: 180, nodeSep: 70 })
    expect(p.get('e')).toEqual({ x: 380, y: 0 })
    expect(p.get('f')).toEqual({ x: 560, y: 0 })
    expect(p.get('lonely')!.y).toBeGreaterThan(100)
  })

  it('a node that comes back returns where it was, when the spot is free', () => {
    const p = placeNewNodes({ newNodes: ['x'], placed, remembered: new Map([['x', { x: 500, y: 500 }]]), edges: [['a', 'x']] })
    expect(p.get('x')).toEqual({ x: 500, y: 500 })
  })

  it('places into an empty graph too', () => {
    const p = placeNewNodes({ newNodes: ['a', 'b'], placed: new Map(), edges: [['a', 'b']], rankSep: 100, nodeSep: 50 })
    expect(p.get('b')!.x - p.get('a')!.x).toBe(100)
  })

  it('lays out again when too much is new', () => {
    expect(needsFullLayout(1, 0)).toBe(true)
    expect(needsFullLayout(3, 10)).toBe(false)
    expect(needsFullLayout(10, 10)).toBe(false)
    expect(needsFullLayout(60, 100)).toBe(true)
  })
})
