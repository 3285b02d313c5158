import { describe, expect, it } from 'vitest'
import { apiPaths } from '../../../web/api/paths.ts'
import { DEFAULT_GRAPH_VIEW, parseGraphView, writeGraphView } from '../../../web/app/url/graph.ts'
import { exportFileName } from '../../../web/pages/Graph/exporting.ts'
import { bookinfo } from '../../fixtures/graph/bookinfo.ts'

const qs = (s: string) => new URLSearchParams(s)

describe('the graph view in the URL', () => {
  it("defaults to Kiali's: versioned app graph, dagre, no edge labels, service nodes, boxes and badges", () => {
    expect(parseGraphView(qs(''))).toEqual(DEFAULT_GRAPH_VIEW)
    expect(DEFAULT_GRAPH_VIEW).toMatchObject({ graphType: 'versionedApp', layout: 'dagre', edgeLabels: [], serviceNodes: true, boxes: true, badges: true, idleNodes: false })
  })

  it("reads Kiali's parameter names", () => {
    const v = parseGraphView(
      qs('graphType=workload&layout=fcose&edges=responseTime,trafficRate&idleNodes=true&deadNodes=true&injectServiceNodes=false&badges=false&boxNamespace=false&graphFind=%25httperr%20%3E%205&graphHide=idle&renderer=webgl'),
    )
    expect(v).toEqual({
      graphType: 'workload',
      layout: 'fcose',
      edgeLabels: ['trafficRate', 'responseTime'],
      idleNodes: true,
      deadNodes: true,
      serviceNodes: false,
      badges: false,
      boxes: false,
      find: '%httperr > 5',
      hide: 'idle',
      renderer: 'webgl',
    })
  })

  it('drops unknown values rather than failing: an old bookmark still opens', () => {
    expect(parseGraphView(qs('graphType=mesh&layout=cose&edges=noEdgeLabels,bogus&idleNodes=yes&renderer=svg'))).toEqual(DEFAULT_GRAPH_VIEW)
  })

  it('writes over the other params (namespaces, time controls), omitting defaults, and round-trips', () => {
    const v = { ...DEFAULT_GRAPH_VIEW, graphType: 'app' as const, edgeLabels: ['throughput' as const], idleNodes: true, find: 'app = reviews' }
    const p = writeGraphView(qs('namespaces=bookinfo&duration=3600&graphHide=old'), v)
    expect(p.get('namespaces')).toBe('bookinfo')
    expect(p.get('duration')).toBe('3600')
    expect(p.get('graphHide')).toBeNull()
    expect(p.get('layout')).toBeNull()
    expect(p.get('edges')).toBe('throughput')
    expect(parseGraphView(p)).toEqual(v)
    expect(writeGraphView(qs('graphType=app'), DEFAULT_GRAPH_VIEW).toString()).toBe('')
  })
})

describe('graph API paths', () => {
  it("the namespaces' graph, as Kiali asks for it", () => {
    expect(apiPaths.graph({ namespaces: ['bookinfo', 'db'], graphType: 'versionedApp', duration: 600, injectServiceNodes: true })).toBe(
      '/api/namespaces/graph?namespaces=bookinfo%2Cdb&graphType=versionedApp&duration=600s&injectServiceNodes=true',
    )
  })

  it("a node's graph", () => {
    expect(
      apiPaths.graph({
        namespaces: [],
        graphType: 'workload',
        duration: 60,
        injectServiceNodes: false,
        node: { collection: 'workloads', namespace: 'bookinfo', name: 'reviews v2' },
      }),
    ).toBe('/api/namespaces/bookinfo/workloads/reviews%20v2/graph?graphType=workload&duration=60s&injectServiceNodes=false')
  })
})

describe('export file names', () => {
  it('say what and when, with only safe characters', () => {
    const g = bookinfo()
    expect(exportFileName(g, ['bookinfo'], 'json')).toMatch(/^trellis-graph-versionedApp-bookinfo-\d{8}-\d{6}\.json$/)
    expect(exportFileName(g, [], 'png')).toMatch(/^trellis-graph-versionedApp-all-\d{8}-\d{6}\.png$/)
    expect(exportFileName(g, ['a', 'b', 'c', 'd'], 'png')).toMatch(/^trellis-graph-versionedApp-4-namespaces-/)
    expect(exportFileName({ ...g, graphType: 'a/b c' }, ['x'], 'json')).toMatch(/^trellis-graph-a_b_c-x-/)
  })
})
