import { describe, expect, it } from 'vitest'
import { diffElements, isEmptyDiff } from '../../../web/pages/Graph/diff.ts'
import type { EdgeDef, ElementDef, NodeDef } from '../../../web/pages/Graph/elements.ts'

const FLAGS = {
  hasCB: false, hasFaultInjection: false, hasMirroring: false, hasRequestRouting: false, hasRequestTimeout: false, hasTCPTrafficShifting: false,
  hasTrafficShifting: false, hasVS: false, isDead: false, isIdle: false, isOutOfMesh: false, isOutside: false, isRoot: false, isServiceEntry: false,
}
const n = (id: string, opts: { parent?: string; label?: string; classes?: string } = {}): NodeDef => ({
  group: 'nodes',
  data: {
    id,
    ...(opts.parent === undefined ? {} : { parent: opts.parent }),
    label: opts.label ?? id,
    nodeType: 'app', namespace: 'ns', app: id, version: '', workload: '', service: '', healthStatus: 'Healthy',
    ...FLAGS,
  },
  classes: opts.classes ?? 'kind-app',
})
const box = (id: string, parent?: string): NodeDef => n(id, { parent, classes: 'kind-box' })
const e = (id: string, source: string, target: string, opts: { label?: string; classes?: string } = {}): EdgeDef => ({
  group: 'edges',
  data: { id, source, target, label: opts.label ?? '', protocol: 'http', healthStatus: 'Healthy' },
  classes: opts.classes ?? 'proto-http health-Healthy',
})

const byId = (defs: ElementDef[]) => new Map(defs.map((d) => [d.data.id, d]))

describe('graph element diff', () => {
  it('the same graph again is nothing to do, whatever the order', () => {
    const g = [box('ns'), n('a', { parent: 'ns' }), n('b', { parent: 'ns' }), e('ab', 'a', 'b')]
    const d = diffElements(byId(g), [...g].reverse())
    expect(isEmptyDiff(d)).toBe(true)
  })

  it('a first graph is all additions: boxes outermost first, then nodes, then edges', () => {
    const g = [e('ab', 'a', 'b'), n('a', { parent: 'inner' }), box('inner', 'outer'), n('b'), box('outer')]
    const d = diffElements(new Map(), g)
    expect(d.addBoxes.map((x) => x.data.id)).toEqual(['outer', 'inner'])
    expect(d.add.map((x) => x.data.id)).toEqual(['a', 'b', 'ab'])
    expect(d.remove).toEqual([])
  })

  it('keeps what stays, adds what is new, removes what is gone: edges, then nodes, then boxes innermost first', () => {
    const before = [box('outer'), box('inner', 'outer'), n('a', { parent: 'inner' }), n('b', { parent: 'outer' }), n('c'), e('ab', 'a', 'b'), e('bc', 'b', 'c')]
    const after = [n('c'), n('d'), e('cd', 'c', 'd')]
    const d = diffElements(byId(before), after)
    expect(d.remove).toEqual(['ab', 'bc', 'a', 'b', 'inner', 'outer'])
    expect(d.add.map((x) => x.data.id)).toEqual(['d', 'cd'])
    expect(d.update).toEqual([])
    expect(d.moves).toEqual([])
  })

  it('updates the data and classes of kept elements, only when they changed', () => {
    const before = [n('a'), n('b'), e('ab', 'a', 'b', { label: '1 req/s' })]
    const after = [n('a', { classes: 'kind-app health-Failure' }), n('b'), e('ab', 'a', 'b', { label: '2 req/s', classes: 'proto-http health-Failure' })]
    const d = diffElements(byId(before), after)
    expect(d.update).toEqual([
      { id: 'a', classes: 'kind-app health-Failure' },
      { id: 'ab', data: { label: '2 req/s' }, classes: 'proto-http health-Failure' },
    ])
    expect(d.add).toEqual([])
    expect(d.remove).toEqual([])
  })

  it('moves a kept node between boxes and out of them; a new box is added before the move', () => {
    const before = [box('ns1'), n('a', { parent: 'ns1' }), n('b', { parent: 'ns1' })]
    const after = [box('ns2'), n('a', { parent: 'ns2' }), n('b')]
    const d = diffElements(byId(before), after)
    expect(d.addBoxes.map((x) => x.data.id)).toEqual(['ns2'])
    expect(d.moves).toEqual([
      { id: 'a', parent: 'ns2' },
      { id: 'b', parent: null },
    ])
    // ns1 goes after its nodes moved out: removing a box removes what is inside it.
    expect(d.remove).toEqual(['ns1'])
    expect(d.update).toEqual([])
  })

  it('turning boxes off moves every node out and removes the boxes', () => {
    const before = [box('ns'), n('a', { parent: 'ns' }), n('b', { parent: 'ns' }), e('ab', 'a', 'b')]
    const after = [n('a'), n('b'), e('ab', 'a', 'b')]
    const d = diffElements(byId(before), after)
    expect(d.moves).toEqual([
      { id: 'a', parent: null },
      { id: 'b', parent: null },
    ])
    expect(d.remove).toEqual(['ns'])
    expect(d.add).toEqual([])
  })

  it('an edge whose ends changed is removed and added again (cytoscape cannot re-end an edge)', () => {
    const before = [n('a'), n('b'), n('c'), e('x', 'a', 'b')]
    const after = [n('a'), n('b'), n('c'), e('x', 'a', 'c')]
    const d = diffElements(byId(before), after)
    expect(d.remove).toEqual(['x'])
    expect(d.add.map((x) => [x.data.id, (x as EdgeDef).data.target])).toEqual([['x', 'c']])
  })

  it('a changed health or flag is a data update of just that field', () => {
    const before = [n('a'), n('b')]
    const after = [{ ...n('a'), data: { ...n('a').data, healthStatus: 'Failure', hasVS: true } }, n('b')]
    expect(diffElements(byId(before), after).update).toEqual([{ id: 'a', data: { healthStatus: 'Failure', hasVS: true } }])
  })

  it('a node whose label gains a line (a version) is updated, not replaced', () => {
    const d = diffElements(byId([n('a', { label: 'reviews' })]), [n('a', { label: 'reviews\nv2' })])
    expect(d.update).toEqual([{ id: 'a', data: { label: 'reviews\nv2' } }])
    expect(d.add).toEqual([])
    expect(d.remove).toEqual([])
  })
})
