import { describe, expect, it } from 'vitest'
import { checkBudget, EDGE_BUDGET, isLargeGraph, NODE_BUDGET } from '../../../web/pages/Graph/budget.ts'
import { buildElements, nodeGroups, type EdgeDef, type NodeDef } from '../../../web/pages/Graph/elements.ts'
import { parseFind } from '../../../web/pages/Graph/find/evaluate.ts'
import { buildModel } from '../../../web/pages/Graph/model.ts'
import { computeVisibility, findMatches, type DisplayFilter } from '../../../web/pages/Graph/visibility.ts'
import { BOX, bookinfo, edge, node } from '../../fixtures/graph/bookinfo.ts'

const model = buildModel(bookinfo())
const ALL: DisplayFilter = { idleNodes: true, deadNodes: true, boxes: true }

function hide(expr: string) {
  const r = parseFind(expr)
  if (!r.ok || !r.matcher) throw new Error(`bad expression ${expr}`)
  return r.matcher
}

const sorted = (s: Iterable<string>) => [...s].sort()

describe('the graph model', () => {
  it('parses rates once, sums them per node over protocols, and indexes edges by node', () => {
    expect(model.nodes.get('reviews-v2')!.rates).toEqual({ httpIn: 3, httpIn5xx: 0.75, grpcOut: 3 })
    expect(model.edges.get('e-ratings2')!.total).toBe(3)
    expect(model.edges.get('e-mongo')!.total).toBe(1500)
    expect(model.outEdges.get('reviews')).toEqual(['e-rv1', 'e-rv2', 'e-rv3'])
    expect(model.inEdges.get('ratings-v1')).toEqual(['e-ratings2', 'e-ratings3'])
    expect(model.children.get(BOX)).toHaveLength(9)
    expect(model.nodes.get(BOX)!.isBox).toBe(true)
  })

  it('drops an edge whose end the server did not send', () => {
    const g = bookinfo()
    g.elements.edges.push({ data: edge('dangling', 'reviews-v1', 'nowhere', 'http', { http: '1' }) })
    expect(buildModel(g).edges.has('dangling')).toBe(false)
  })
})

describe('what is drawn: the display switches', () => {
  it('everything on: every node and edge, and the box', () => {
    const v = computeVisibility(model, ALL)
    expect(v.nodes.size).toBe(12)
    expect(v.nodeCount).toBe(11)
    expect(v.edges.size).toBe(9)
    expect(v.hidden).toEqual({ nodes: 0, edges: 0 })
  })

  it('idle nodes off hides details v2', () => {
    const v = computeVisibility(model, { ...ALL, idleNodes: false })
    expect(v.nodes.has('details-v2')).toBe(false)
    expect(v.nodeCount).toBe(10)
  })

  it('dead nodes off hides a dead node without traffic, never one with traffic (the broken edge to see)', () => {
    expect(computeVisibility(model, { ...ALL, deadNodes: false }).nodes.has('ratings-v2')).toBe(false)
    const g = bookinfo()
    g.elements.edges.push({ data: edge('to-dead', 'reviews-v3', 'ratings-v2', 'grpc', { grpc: '1.00', grpcErr: '1.00', grpcPercentErr: '100.0' }) })
    const v = computeVisibility(buildModel(g), { ...ALL, deadNodes: false })
    expect(v.nodes.has('ratings-v2')).toBe(true)
    expect(v.edges.has('to-dead')).toBe(true)
  })

  it('boxes off drops the box; a box with nothing drawn inside is not drawn either', () => {
    expect(computeVisibility(model, { ...ALL, boxes: false }).nodes.has(BOX)).toBe(false)
    const v = computeVisibility(model, ALL, hide('ns = bookinfo'))
    expect(v.nodes.has(BOX)).toBe(false)
    expect(sorted(v.nodes)).toEqual(['mongodb', 'unknown'])
  })
})

describe('what is drawn: hide, with Kiali’s rules', () => {
  it('hiding nodes hides their edges', () => {
    const v = computeVisibility(model, ALL, hide('app = reviews'))
    expect(sorted(v.nodes)).toEqual([BOX, 'details-v1', 'details-v2', 'mongodb', 'productpage-v1', 'ratings-v1', 'ratings-v2', 'unknown'])
    expect(sorted(v.edges)).toEqual(['e-details', 'e-ingress', 'e-mongo'])
    expect(v.hidden).toEqual({ nodes: 4, edges: 6 })
  })

  it('hiding edges hides the nodes left without any, but not idle ones or those never connected', () => {
    const v = computeVisibility(model, ALL, hide('protocol = grpc or protocol = tcp'))
    // ratings-v1 had only gRPC and TCP edges; mongodb only TCP: both go. details-v2 (idle) and ratings-v2 (no edges) stay.
    expect(v.nodes.has('ratings-v1')).toBe(false)
    expect(v.nodes.has('mongodb')).toBe(false)
    expect(v.nodes.has('details-v2')).toBe(true)
    expect(v.nodes.has('ratings-v2')).toBe(true)
    // reviews-v2 keeps its HTTP edge in.
    expect(v.nodes.has('reviews-v2')).toBe(true)
    expect(sorted(v.edges)).toEqual(['e-details', 'e-ingress', 'e-reviews', 'e-rv1', 'e-rv2', 'e-rv3'])
  })

  it('hide and the toggles combine; hidden counts only what the expression took', () => {
    const v = computeVisibility(model, { ...ALL, idleNodes: false, deadNodes: false }, hide('healthy'))
    expect(v.nodes.has('details-v2')).toBe(false)
    // The 4 healthy nodes, and the ingress and mongodb, whose only (healthy) edges went.
    expect(v.hidden.nodes).toBe(6)
    expect(v.nodes.has('unknown')).toBe(false)
    expect(v.nodes.has('mongodb')).toBe(false)
    // productpage (healthy) went, and with it its degraded edge to reviews.
    expect(sorted(v.edges)).toEqual(['e-ratings2', 'e-rv2'])
  })

  it('find marks what matches among what is drawn, never boxes or hidden elements', () => {
    const find = parseFind('failure or ns = bookinfo')
    if (!find.ok) throw find.error
    const v = computeVisibility(model, ALL, hide('app = ratings'))
    const hits = findMatches(model, v, find.matcher)
    expect(hits.has(BOX)).toBe(false)
    expect(hits.has('ratings-v1')).toBe(false)
    expect(hits.has('e-rv2')).toBe(true)
    expect(hits.has('e-ratings2')).toBe(false)
    expect(hits.has('reviews-v2')).toBe(true)
    expect(findMatches(model, v, undefined).size).toBe(0)
  })
})

describe('elements for cytoscape', () => {
  it('nodes carry label, parent and classes for shape, health and flags; edges carry label and classes', () => {
    const v = computeVisibility(model, ALL)
    const defs = buildElements(model, v, { edgeLabels: ['trafficRate'], boxes: true, findHits: new Set(['reviews-v2']) })
    const byId = new Map(defs.map((d) => [d.data.id, d]))
    expect(defs[0].data.id).toBe(BOX)
    expect(defs.findIndex((d) => d.group === 'edges')).toBe(12)
    expect(byId.get(BOX)!.classes).toBe('kind-box')
    expect(byId.get('reviews-v2')).toEqual({
      group: 'nodes',
      data: {
        id: 'reviews-v2', parent: BOX, label: 'reviews\nv2', nodeType: 'app', namespace: 'bookinfo', app: 'reviews', version: 'v2',
        workload: 'reviews-v2', service: '', healthStatus: 'Failure',
        hasCB: false, hasFaultInjection: false, hasMirroring: false, hasRequestRouting: false, hasRequestTimeout: false,
        hasTCPTrafficShifting: false, hasTrafficShifting: false, hasVS: false, isDead: false, isIdle: false, isOutOfMesh: false,
        isOutside: false, isRoot: false, isServiceEntry: false,
      },
      classes: 'kind-vapp health-Failure find-hit',
    })
    expect((byId.get('reviews') as NodeDef).classes).toBe('kind-service health-Degraded')
    expect((byId.get('reviews') as NodeDef).data).toMatchObject({ service: 'reviews', hasVS: true, hasCB: true, hasTrafficShifting: true })
    expect((byId.get('mongodb') as NodeDef).data).toMatchObject({ id: 'mongodb', label: 'mongodb-v1\n(db)', isOutside: true })
    expect('parent' in byId.get('mongodb')!.data).toBe(false)
    expect(byId.get('mongodb')!.classes).toBe('kind-workload outside')
    expect(byId.get('ratings-v2')!.classes).toBe('kind-vapp dead')
    expect(byId.get('details-v2')!.classes).toBe('kind-vapp idle')
    expect(byId.get('unknown')!.classes).toBe('kind-unknown root')
    const ratings = byId.get('e-ratings2') as EdgeDef
    expect(ratings.classes).toBe('proto-grpc health-Failure mtls')
    expect(ratings.data).toEqual({ id: 'e-ratings2', source: 'reviews-v2', target: 'ratings-v1', label: '3 req/s · 50% err', protocol: 'grpc', healthStatus: 'Failure' })
    expect(byId.get('e-mongo')!.classes).toBe('proto-tcp health-Healthy')
  })

  it('without boxes no node has a parent and no box is drawn', () => {
    const v = computeVisibility(model, ALL)
    const defs = buildElements(model, v, { edgeLabels: [], boxes: false, findHits: new Set() })
    expect(defs.some((d) => d.classes.includes('kind-box'))).toBe(false)
    expect(defs.some((d) => d.group === 'nodes' && d.data.parent !== undefined)).toBe(false)
  })

  it('an edge without traffic is drawn as such, whatever its health says', () => {
    const g = bookinfo()
    g.elements.edges.push({ data: edge('quiet', 'reviews-v1', 'ratings-v1', 'grpc', { grpc: '0.00' }, { healthStatus: 'Healthy' }) })
    const m = buildModel(g)
    const defs = buildElements(m, computeVisibility(m, ALL), { edgeLabels: ['trafficRate'], boxes: true, findHits: new Set() })
    expect(defs.find((d) => d.data.id === 'quiet')).toMatchObject({ classes: 'proto-grpc no-traffic', data: { label: '' } })
  })

  it('groups nodes by their box, or by namespace without one', () => {
    const groups = nodeGroups(model, computeVisibility(model, ALL))
    expect(groups.get('reviews-v1')).toBe('bookinfo')
    expect(groups.get('mongodb')).toBe('db')
    expect(groups.has(BOX)).toBe(false)
  })
})

describe('the node budget', () => {
  it('is over when nodes or edges exceed it', () => {
    expect(checkBudget(NODE_BUDGET, EDGE_BUDGET).over).toBe(false)
    expect(checkBudget(NODE_BUDGET + 1, 0).over).toBe(true)
    expect(checkBudget(10, EDGE_BUDGET + 1).over).toBe(true)
  })

  it('hide brings a graph back under it', () => {
    const g = bookinfo()
    for (let i = 0; i < NODE_BUDGET; i++) g.elements.nodes.push({ data: node({ id: `extra-${i}`, nodeType: 'workload', workload: `extra-${i}`, namespace: 'extra', parent: undefined }) })
    const m = buildModel(g)
    expect(checkBudget(computeVisibility(m, ALL).nodeCount, 0).over).toBe(true)
    expect(checkBudget(computeVisibility(m, ALL, hide('ns = extra')).nodeCount, 0).over).toBe(false)
  })

  it('a large graph is drawn the cheap way', () => {
    expect(isLargeGraph(100, 300)).toBe(false)
    expect(isLargeGraph(1000, 300)).toBe(true)
    expect(isLargeGraph(100, 5000)).toBe(true)
  })
})
