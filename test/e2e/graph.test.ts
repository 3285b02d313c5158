// The traffic graph page in a real browser (Debian's Chromium via playwright-core) against a real
// Trellis over a temp copy of test/fixtures/bookinfo-config. The graph answers are served by the
// test (page.route) from test/fixtures/graph — Kiali's JSON shape, as the server sends it — so each
// test decides what the next refresh brings: changed traffic, a 503, a 400, a graph too big.
// cytoscape draws on a canvas: the test reads what it drew through the page's test hook
// (window.__trellisGraph, set under automation only) and clicks where it drew an edge. A last test
// runs the page on the real graph API over recorded Prometheus answers. Needs `npx vite build`.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, type Page, type Route } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTrellis, type RunningTrellis } from '../../server/serve.ts'
import type { GraphResponse } from '../../shared/graph.ts'
import { bookinfo } from '../fixtures/graph/bookinfo.ts'
import { GRAPH_FILES, RECORDED } from '../fixtures/graph/scenario.ts'
import { syntheticGraph } from '../fixtures/graph/synthetic.ts'
import { startFakePrometheus, type FakePrometheus, type Recording } from '../fixtures/prometheus/fake-prometheus.ts'
import { makeConfigDir } from '../integration/helpers.ts'
import { WEB_ROOT, browserTestsMissing, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'test/fixtures/bookinfo-config')

const missing = browserTestsMissing()
if (missing.length) console.warn(`Skipping the graph browser tests: ${missing.join('; ')}`)

type Answer = { status: number; body: unknown }

/** The graph endpoint as the test serves it: answers in order, the last one repeated. */
class GraphRoute {
  readonly requests: URL[] = []
  private answers: Answer[] = []

  serve(...answers: (GraphResponse | Answer)[]): void {
    this.answers = answers.map((a) => ('status' in a ? a : { status: 200, body: a }))
  }

  readonly handler = async (route: Route) => {
    this.requests.push(new URL(route.request().url()))
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]
    await route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) })
  }

  async waitForRequests(n: number): Promise<void> {
    await expect.poll(() => this.requests.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n)
  }
}

interface Drawn {
  nodes: string[]
  edges: string[]
  positions: Record<string, { x: number; y: number }>
}

describe.skipIf(missing.length > 0)('The graph page in the browser', () => {
  let configDir: string
  let server: RunningTrellis
  let browser: Browser
  let context: BrowserContext | undefined
  let pageErrors: string[] = []
  let graph: GraphRoute

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-graph-'))
    await cp(FIXTURE, configDir, { recursive: true })
    server = await startTrellis({ configDir, port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, logLevel: 'error' })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
    // An uncaught exception in the page is a bug even when the flow happened to work.
    expect(pageErrors).toEqual([])
  })

  async function open(path: string, ...answers: (GraphResponse | Answer)[]): Promise<Page> {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1500, height: 1000 }, acceptDownloads: true })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    graph = new GraphRoute()
    graph.serve(...answers)
    await page.route('**/api/namespaces/graph?**', graph.handler)
    await page.route(/\/api\/namespaces\/[^/]+\/(applications|workloads|services)\/[^/]+\/graph\?/, graph.handler)
    await page.goto(server.url + path)
    return page
  }

  const stage = (page: Page) => page.getByTestId('graph-stage')

  async function ready(page: Page): Promise<void> {
    await page.locator('[data-testid="graph-stage"][data-state="ready"]').waitFor({ timeout: 20_000 })
    await page.waitForFunction('window.__trellisGraph !== undefined && window.__trellisGraph.nodes().length > 0')
  }

  /** What cytoscape holds now: ids (boxes apart) and node positions. */
  async function drawn(page: Page): Promise<Drawn> {
    return page.evaluate(`(() => {
      const cy = window.__trellisGraph
      const positions = {}
      cy.nodes().forEach((n) => { if (!n.isParent()) positions[n.id()] = { ...n.position() } })
      return {
        nodes: cy.nodes().filter((n) => !n.isParent()).map((n) => n.id()).sort(),
        edges: cy.edges().map((e) => e.id()).sort(),
        positions,
      }
    })()`)
  }

  async function classesOf(page: Page, id: string): Promise<string[]> {
    return page.evaluate(`window.__trellisGraph.getElementById(${JSON.stringify(id)}).classes()`)
  }

  /** Where an edge's middle is on the screen. */
  async function edgePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
    const box = (await page.getByTestId('graph-canvas').boundingBox())!
    const p: { x: number; y: number } = await page.evaluate(`window.__trellisGraph.getElementById(${JSON.stringify(id)}).renderedMidpoint()`)
    return { x: box.x + p.x, y: box.y + p.y }
  }

  it('draws the nodes and edges of the answer; namespaces, graph type and window are in the URL and in the request', async () => {
    const page = await open('/graph?namespaces=bookinfo&duration=300', bookinfo())
    await ready(page)
    const req = graph.requests[0]
    expect(req.pathname).toBe('/api/namespaces/graph')
    expect(Object.fromEntries(req.searchParams)).toEqual({ namespaces: 'bookinfo', graphType: 'versionedApp', duration: '300s', injectServiceNodes: 'true' })

    // Idle and dead nodes without traffic are off by default: 11 nodes less details v2 and ratings v2.
    const d = await drawn(page)
    expect(d.nodes).toEqual(['mongodb', 'productpage-v1', 'ratings-v1', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'details-v1', 'unknown'].sort())
    expect(d.edges).toHaveLength(9)
    expect(await stage(page).getAttribute('data-layout')).toBe('dagre')
    expect(await page.getByTestId('graph-summary-line').textContent()).toContain('9 nodes and 9 edges in bookinfo, last 5m')
    // Shapes, health and flags as classes; the namespace box as the parent.
    expect(await classesOf(page, 'reviews-v2')).toEqual(['kind-vapp', 'health-Failure'])
    expect(await classesOf(page, 'reviews')).toEqual(['kind-service', 'health-Degraded'])
    expect(await classesOf(page, 'e-ratings2')).toEqual(['proto-grpc', 'health-Failure', 'mtls'])
    expect(await page.evaluate(`window.__trellisGraph.getElementById('reviews-v1').parent().id()`)).toBe('box-bookinfo')
    // The side panel sums up the whole graph, and lists the failing edges first.
    const panel = page.getByTestId('graph-summary-panel')
    expect(await panel.getByTestId('graph-node-count').textContent()).toBe('9')
    expect(await panel.getByTestId('graph-problem-edges').locator('li').first().getAttribute('data-edge-id')).toBe('e-ratings2')

    // Another graph type and window: in the URL, and asked of the server.
    await page.getByTestId('graph-type-select').selectOption('workload')
    await page.waitForURL(/graphType=workload/)
    await graph.waitForRequests(2)
    expect(graph.requests[1].searchParams.get('graphType')).toBe('workload')
    await page.getByTestId('duration-select').selectOption('3600')
    await page.waitForURL(/duration=3600/)
    await graph.waitForRequests(3)
    expect(graph.requests[2].searchParams.get('duration')).toBe('3600s')
    expect(new URL(page.url()).searchParams.get('namespaces')).toBe('bookinfo')
    await page.getByRole('heading', { level: 1, name: 'Workload graph' }).waitFor()

    // Display switches and layout are in the URL too; idle nodes come back.
    await page.getByTestId('graph-display').click()
    await page.getByRole('group', { name: 'Display' }).getByLabel('Idle nodes (no traffic)').check()
    await page.waitForURL(/idleNodes=true/)
    await expect.poll(async () => (await drawn(page)).nodes).toContain('details-v2')
    await page.keyboard.press('Escape')
    await page.getByTestId('graph-layout-select').selectOption('grid')
    await page.waitForURL(/layout=grid/)
    await expect.poll(() => stage(page).getAttribute('data-layout')).toBe('grid')
  })

  it('a refresh with changed traffic updates the graph in place: nodes keep their positions, even one moved by hand', async () => {
    const first = bookinfo()
    const second = bookinfo()
    // The next answer: reviews-v1 starts failing, details-v1 → a new details-v3, the ingress edge is gone.
    const rv1 = second.elements.edges.find((e) => e.data.id === 'e-rv1')!.data
    rv1.healthStatus = 'Failure'
    rv1.traffic.rates = { http: '5.00', http5xx: '2.50', httpPercentErr: '50.0' }
    second.elements.nodes.push({ data: { id: 'details-v3', nodeType: 'app', cluster: 'Kubernetes', namespace: 'bookinfo', app: 'details', version: 'v3', parent: 'box-bookinfo', healthData: null } })
    second.elements.edges.push({ data: { id: 'e-details3', source: 'productpage-v1', target: 'details-v3', traffic: { protocol: 'http', rates: { http: '1.00' } } } })
    second.elements.edges = second.elements.edges.filter((e) => e.data.id !== 'e-ingress')
    const page = await open('/graph?namespaces=bookinfo&refresh=5000', first, second)
    await ready(page)
    const before = await drawn(page)

    // Drag details-v1 away: a layout run on refresh would put it back.
    const canvas = (await page.getByTestId('graph-canvas').boundingBox())!
    const p: { x: number; y: number } = await page.evaluate(`window.__trellisGraph.getElementById('details-v1').renderedPosition()`)
    await page.mouse.move(canvas.x + p.x, canvas.y + p.y)
    await page.mouse.down()
    await page.mouse.move(canvas.x + p.x + 40, canvas.y + p.y + 60, { steps: 8 })
    await page.mouse.up()
    const dragged = (await drawn(page)).positions['details-v1']
    expect(Math.abs(dragged.y - before.positions['details-v1'].y)).toBeGreaterThan(20)

    await graph.waitForRequests(2)
    await expect.poll(async () => (await drawn(page)).nodes, { timeout: 15_000 }).toContain('details-v3')
    const after = await drawn(page)
    expect(after.edges).not.toContain('e-ingress')
    expect(await classesOf(page, 'e-rv1')).toEqual(['proto-http', 'health-Failure'])
    for (const id of before.nodes) {
      const expected = id === 'details-v1' ? dragged : before.positions[id]
      expect(after.positions[id], id).toEqual(expected)
    }
    // The new node is placed next to its caller, right of it, not on top of anything.
    expect(after.positions['details-v3'].x).toBeGreaterThan(after.positions['productpage-v1'].x)
    for (const id of before.nodes) {
      const q = after.positions[id]
      const n = after.positions['details-v3']
      expect(Math.abs(q.x - n.x) < 20 && Math.abs(q.y - n.y) < 20, `details-v3 on top of ${id}`).toBe(false)
    }
  })

  it('find highlights what matches, hide removes it; both live in the URL; a bad expression says what is wrong', async () => {
    const page = await open('/graph?namespaces=bookinfo', bookinfo())
    await ready(page)

    const find = page.getByTestId('graph-find')
    await find.fill('%httperr > 10 or failure')
    await find.press('Enter')
    await page.waitForURL(/graphFind=/)
    expect(new URL(page.url()).searchParams.get('graphFind')).toBe('%httperr > 10 or failure')
    await expect.poll(() => page.getByTestId('graph-find-status').textContent()).toBe('3 found')
    const hits: string[] = await page.evaluate(`window.__trellisGraph.$('.find-hit').map((e) => e.id()).sort()`)
    expect(hits).toEqual(['e-ratings2', 'e-rv2', 'reviews-v2'])

    const hide = page.getByTestId('graph-hide')
    await hide.fill('app = reviews')
    await hide.press('Enter')
    await page.waitForURL(/graphHide=/)
    await expect.poll(async () => (await drawn(page)).nodes).toEqual(['details-v1', 'mongodb', 'productpage-v1', 'ratings-v1', 'unknown'])
    // Their edges went with them, and with those the edges' find hits.
    expect((await drawn(page)).edges).toEqual(['e-details', 'e-ingress', 'e-mongo'])
    expect(await page.getByTestId('graph-hide-status').textContent()).toBe('10 hidden')
    expect(await page.evaluate(`window.__trellisGraph.$('.find-hit').length`)).toBe(0)

    // Clearing hide brings them back where they were.
    await page.getByRole('button', { name: 'Clear hide' }).click()
    await expect.poll(async () => (await drawn(page)).nodes).toContain('reviews-v2')

    // A bad expression: the message points at the problem, the input says it is invalid.
    await find.fill('app = reviews and http > 1')
    await find.press('Enter')
    const error = page.getByTestId('graph-find-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('Cannot join node and edge conditions with "and" (column 15)')
    expect(await find.getAttribute('aria-invalid')).toBe('true')
    expect(await error.locator('mark').textContent()).toBe('and')

    // The help lists the language.
    await page.getByTestId('graph-find-help-button').click()
    const help = page.getByTestId('graph-find-help')
    await help.waitFor()
    expect(await help.textContent()).toContain('%httperr | %httperror <op> <number>')
    expect(await help.textContent()).toContain('faultinjection | fi')
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
  })

  it('clicking the red edge opens the side panel with its error share and gRPC status breakdown', async () => {
    const page = await open('/graph?namespaces=bookinfo', bookinfo())
    await ready(page)
    // The failing gRPC edge, found as a user would: red, and listed among the unhealthy edges.
    const red: string[] = await page.evaluate(`window.__trellisGraph.edges('.health-Failure.proto-grpc').map((e) => e.id())`)
    expect(red).toEqual(['e-ratings2'])
    const at = await edgePoint(page, 'e-ratings2')
    await page.mouse.click(at.x, at.y)

    const panel = page.getByTestId('graph-edge-panel')
    await panel.waitFor()
    expect(await panel.getAttribute('data-edge-id')).toBe('e-ratings2')
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Edge reviews v2 → ratings v1')
    expect(await panel.getByTestId('edge-error-share').textContent()).toBe('50%')
    expect(await panel.getByTestId('edge-rate').textContent()).toBe('3 req/s')
    const codes = panel.getByTestId('response-codes')
    expect(await codes.locator('caption').textContent()).toBe('gRPC status codes')
    expect(await codes.locator('tr[data-code="14"] th').textContent()).toBe('UNAVAILABLE (14)FI (aborted by fault injection): 50%')
    expect(await codes.locator('tr[data-code="14"] td').first().textContent()).toBe('50%')
    expect(await codes.locator('tr[data-code="0"] th').textContent()).toBe('OK (0)')
    expect(await panel.getByTestId('response-times').textContent()).toBe('p5015 msp9540 msp9990 msavg20.5 ms')
    expect(await page.evaluate(`window.__trellisGraph.getElementById('e-ratings2').selected()`)).toBe(true)

    // From the panel: to the source node, and back to the whole graph.
    await panel.getByRole('button', { name: 'reviews v2' }).click()
    const nodePanel = page.getByTestId('graph-node-panel')
    await nodePanel.waitFor()
    expect(await nodePanel.getByRole('heading', { level: 2 }).textContent()).toBe('versioned app reviews v2')
    expect(await nodePanel.getByRole('link', { name: 'Application reviews details' }).getAttribute('href')).toBe('/namespaces/bookinfo/applications/reviews?namespaces=bookinfo')
    expect(await nodePanel.getByRole('link', { name: 'Traces' }).getAttribute('href')).toBe('/traces?service=reviews&namespaces=bookinfo')
    // Routing: the reviews service's VirtualService and DestinationRule, from the config store.
    await nodePanel.getByTestId('graph-routing-links').getByRole('link', { name: 'VirtualService reviews' }).waitFor()
    await page.getByRole('button', { name: '← Whole graph' }).click()
    await page.getByTestId('graph-summary-panel').waitFor()
    expect(await page.evaluate(`window.__trellisGraph.$(':selected').length`)).toBe(0)

    // The graph around one node: Kiali's path, the node graph API, the node selected.
    await page.getByTestId('graph-problem-edges').getByRole('button', { name: 'reviews → reviews v2' }).click()
    await page.getByTestId('graph-edge-panel').getByRole('button', { name: 'reviews', exact: true }).click()
    await page.getByTestId('graph-node-panel').getByRole('link', { name: 'Graph around reviews' }).click()
    await page.waitForURL((u) => u.pathname === '/graph/namespaces/bookinfo/services/reviews')
    await graph.waitForRequests(2)
    expect(graph.requests[1].pathname).toBe('/api/namespaces/bookinfo/services/reviews/graph')
    await page.getByRole('heading', { level: 1, name: 'Versioned app graph of service reviews' }).waitFor()
    await expect.poll(() => page.getByTestId('graph-node-panel').getAttribute('data-node-id')).toBe('reviews')
  })

  it('a refresh that fails (503) keeps the last graph, greyed, under a banner saying why and since when; a 400 shows the server’s message', async () => {
    const unavailable: Answer = {
      status: 503,
      body: { error: 'Prometheus at http://127.0.0.1:9 did not answer within 10 s: the graph could not be built', reason: 'ServiceUnavailable', statusCode: 503 },
    }
    const page = await open('/graph?namespaces=bookinfo&refresh=5000', bookinfo(), unavailable)
    await ready(page)
    const stale = page.getByTestId('stale-notice')
    await stale.waitFor({ timeout: 20_000 })
    expect(await stale.textContent()).toMatch(/The graph could not be refreshed; showing the data from \d/)
    expect(await stale.textContent()).toContain('Prometheus at http://127.0.0.1:9 did not answer within 10 s')
    expect(await stage(page).getAttribute('class')).toContain('is-stale')
    expect(await stage(page).getAttribute('data-state')).toBe('stale')
    expect((await drawn(page)).nodes).toHaveLength(9)

    const rejected: Answer = { status: 400, body: { error: 'graphType "mesh" is not one of app, versionedApp, workload, service', reason: 'BadRequest', statusCode: 400 } }
    graph.serve(rejected)
    await page.goto(`${server.url}/graph?namespaces=bookinfo&graphType=service`)
    const banner = page.getByRole('alert').filter({ hasText: 'The graph request was rejected' })
    await banner.waitFor()
    expect(await banner.textContent()).toContain('graphType "mesh" is not one of app, versionedApp, workload, service')
  })

  it('exports the answer as received (JSON) and the picture (PNG)', async () => {
    const answer = bookinfo()
    const page = await open('/graph?namespaces=bookinfo', answer)
    await ready(page)
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-json').click()])
    expect(json.suggestedFilename()).toMatch(/^trellis-graph-versionedApp-bookinfo-\d{8}-\d{6}\.json$/)
    expect(JSON.parse(await readFile((await json.path())!, 'utf8'))).toEqual(answer)

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-png').click()])
    expect(png.suggestedFilename()).toMatch(/\.png$/)
    const bytes = await readFile((await png.path())!)
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(5_000)
  })

  it('a graph over the node budget is not drawn blindly: the page asks to filter, and draws once hide brings it under', async () => {
    const big = syntheticGraph({ workloads: 2_400, edges: 2_600, namespaces: 12, seed: 3 })
    big.truncated = { nodes: 9_000, budget: 2_413, message: 'The graph has 9000 nodes, more than the 2413 the server builds at once.' }
    // Idle nodes are not drawn by default: the budget counts what would be.
    const counted = big.elements.nodes.filter((n) => n.data.nodeType !== 'box' && !n.data.isIdle)
    const inMesh00 = counted.filter((n) => n.data.namespace === 'mesh-00').length
    expect(counted.length).toBeGreaterThan(2_000)
    const page = await open('/graph?namespaces=bookinfo', big)
    const notice = page.getByTestId('graph-budget')
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toContain(`${counted.length.toLocaleString('en-US')} nodes and 2,600 edges are more than this page draws at once`)
    expect(await page.getByTestId('graph-truncated').textContent()).toContain('The graph has 9000 nodes')
    expect(await page.evaluate('window.__trellisGraph')).toBeUndefined()
    // The summary still covers all of it.
    expect(await page.getByTestId('graph-node-count').textContent()).toBe(String(counted.length))

    const hide = page.getByTestId('graph-hide')
    await hide.fill('ns != mesh-00')
    await hide.press('Enter')
    await ready(page)
    // mesh-00's nodes and its box.
    expect(await stage(page).getAttribute('data-nodes')).toBe(String(inMesh00 + 1))
    expect(await page.getByTestId('graph-budget').count()).toBe(0)
  }, 60_000)
})

// The same page against the real graph API: Trellis over the graph scenario's config, its
// Prometheus a test server answering with the graph scenario's recorded answers (a 60 s window).
describe.skipIf(missing.length > 0)('The graph page on the real graph API', () => {
  let configDir: string
  let prometheus: FakePrometheus
  let server: RunningTrellis
  let browser: Browser
  let context: BrowserContext | undefined

  beforeAll(async () => {
    const { recordings } = JSON.parse(await readFile(RECORDED, 'utf8')) as { recordings: Recording[] }
    prometheus = await startFakePrometheus(recordings)
    configDir = await makeConfigDir(GRAPH_FILES)
    // 'fatal': the side panel asks for health the recording does not cover, which the server logs as errors.
    server = await startTrellis({ configDir, port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, logLevel: 'fatal', prometheusUrl: prometheus.url })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    await prometheus?.close()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  it('opens the versioned-app graph of bookinfo, finds the red edge, and reads its error share and gRPC statuses from the side panel', async () => {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1500, height: 1000 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${server.url}/graph?namespaces=bookinfo&duration=60`)
    await page.locator('[data-testid="graph-stage"][data-state="ready"]').waitFor({ timeout: 30_000 })
    await page.waitForFunction('window.__trellisGraph !== undefined && window.__trellisGraph.edges().length > 0')

    // The failing gRPC edge: reviews v3 → the ratings service, 30 % aborted by the fault on ratings.
    const red: { id: string; source: string; target: string }[] = await page.evaluate(`window.__trellisGraph.edges('.health-Failure.proto-grpc').map((e) => ({
      id: e.id(), source: e.source().data('label'), target: e.target().data('label') }))`)
    expect(red).toHaveLength(1)
    expect(red[0]).toMatchObject({ source: 'reviews\nv3', target: 'ratings' })
    // The ratings service wears its VirtualService and fault-injection badges: find knows them too.
    const found = page.getByTestId('graph-find')
    await found.fill('vs and fi')
    await found.press('Enter')
    await expect.poll(() => page.evaluate(`window.__trellisGraph.$('.find-hit').map((e) => e.data('label'))`)).toEqual(['ratings'])

    const box = (await page.getByTestId('graph-canvas').boundingBox())!
    const mid: { x: number; y: number } = await page.evaluate(`window.__trellisGraph.getElementById(${JSON.stringify(red[0].id)}).renderedMidpoint()`)
    await page.mouse.click(box.x + mid.x, box.y + mid.y)
    const panel = page.getByTestId('graph-edge-panel')
    await panel.waitFor()
    expect(await panel.getByTestId('edge-error-share').textContent()).toBe('30%')
    const unavailable = panel.getByTestId('response-codes').locator('tr[data-code="14"]')
    expect(await unavailable.locator('th').textContent()).toContain('UNAVAILABLE (14)')
    expect(await unavailable.locator('td').first().textContent()).toBe('30%')
    expect(errors).toEqual([])
  })
})
