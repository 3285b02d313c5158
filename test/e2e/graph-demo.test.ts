// Issue 5's acceptance in a real browser against the living demo: `trellis demo` (real grpc-js-xds
// Bookinfo workloads, the embedded control plane, Debian's Prometheus) and Debian's Chromium. An
// operator opens the versioned-app graph of bookinfo and sees the mesh; a 50 % abort fault is
// injected on ratings through the API; the reviews → ratings edges turn red; the operator clicks
// the red edge and reads its error share and the gRPC status breakdown in the side panel.
// Needs `npx vite build` (dist/web) and Prometheus.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findPrometheus } from '../../server/demo/prometheus.ts'
import { startDemo, until, type RunningDemo } from '../support/demo-process.ts'
import { CHROMIUM, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const missing = [
  !existsSync(join(ROOT, 'dist/web/index.html')) && 'the web app is not built (run `npx vite build`)',
  !existsSync(CHROMIUM) && `Chromium is not installed at ${CHROMIUM}`,
  !findPrometheus() && 'Prometheus is not installed (apt-get install prometheus)',
].filter((m): m is string => typeof m === 'string')
if (missing.length) console.warn(`Skipping the graph demo browser test: ${missing.join('; ')}`)

/** What the test reads off the drawn graph: a node's labels, an edge's ends, colour and midpoint on screen. */
interface DrawnEdge {
  id: string
  source: { app?: string; version?: string; nodeType: string; service?: string }
  target: { app?: string; version?: string; nodeType: string; service?: string }
  colour: string
  health?: string
  x: number
  y: number
}

async function drawnEdges(page: Page): Promise<DrawnEdge[]> {
  return page.evaluate(() => {
    const cy = window.__trellisGraph
    if (!cy) return []
    return cy.edges().toArray().filter((e) => e.visible()).map((ele) => {
      const e = ele as import('cytoscape').EdgeSingular
      const mid = e.renderedMidpoint()
      const pick = (d: Record<string, unknown>) => ({ app: d.app as string | undefined, version: d.version as string | undefined, nodeType: d.nodeType as string, service: d.service as string | undefined })
      return {
        id: e.id(),
        source: pick(e.source().data() as Record<string, unknown>),
        target: pick(e.target().data() as Record<string, unknown>),
        colour: e.style('line-color') as string,
        health: (e.data() as { healthStatus?: string }).healthStatus,
        x: mid.x,
        y: mid.y,
      }
    })
  })
}

/** An edge into ratings from a reviews version, directly or through the ratings service node. */
function isReviewsToRatings(e: DrawnEdge): boolean {
  return e.source.app === 'reviews' && e.source.nodeType !== 'service' && (e.target.app === 'ratings' || e.target.service === 'ratings')
}

/** `rgb(196,34,31)` → [196, 34, 31] */
function rgb(colour: string): [number, number, number] {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(colour)
  if (!m) throw new Error(`not an rgb colour: ${colour}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}
const isRed = (colour: string): boolean => {
  const [r, g, b] = rgb(colour)
  return r > 150 && g < 90 && b < 90
}

describe.skipIf(missing.length > 0)('the traffic graph of the living demo (Chromium)', () => {
  let demo: RunningDemo
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    demo = await startDemo({ rate: 10 })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    if (demo) expect(await demo.stop()).toBe(0)
  }, 40_000)

  test('bookinfo as a versioned-app graph; an abort fault on ratings turns reviews → ratings red; the side panel shows the error share', async () => {
    const { consoleUrl } = demo.started
    // Wait for traffic in Prometheus through the API first (the page polls the same endpoint).
    const graphUrl = `${consoleUrl}/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=60s&injectServiceNodes=true`
    await until('reviews v2 → ratings in the graph API', 90_000, 2_000, async () => {
      const g = await (await fetch(graphUrl)).json() as { elements: { nodes: { data: Record<string, unknown> }[]; edges: { data: Record<string, unknown> }[] } }
      const byId = new Map(g.elements.nodes.map((n) => [n.data.id, n.data]))
      return g.elements.edges.some((e) => byId.get(e.data.source)?.app === 'reviews' && byId.get(e.data.source)?.version === 'v2'
        && byId.get(e.data.target)?.service === 'ratings') ? true : undefined
    })

    await page.goto(`${consoleUrl}/graph?namespaces=bookinfo&graphType=versionedApp&duration=60&refresh=5000`)
    await page.getByTestId('graph-canvas').waitFor()
    const before = await until('the mesh drawn: productpage → details, → reviews, reviews → ratings', 30_000, 500, async () => {
      const edges = await drawnEdges(page)
      const has = (src: string, dst: string) => edges.some((e) => e.source.app === src && (e.target.app === dst || e.target.service === dst))
      return has('productpage', 'details') && has('productpage', 'reviews') && edges.some(isReviewsToRatings) ? edges : undefined
    })
    // The reviews service carries the VirtualService badge (from the graph's own data).
    const reviewsService = await page.evaluate(() => window.__trellisGraph?.nodes().filter((n) => n.data('nodeType') === 'service' && n.data('service') === 'reviews').map((n) => n.data('hasVS')))
    expect(reviewsService?.[0]).toBeTruthy()
    expect(before.filter(isReviewsToRatings).some((e) => isRed(e.colour))).toBe(false)

    // A 50 % abort on ratings, through the API as the console's own wizard would write it.
    const faultAt = Date.now()
    const res = await fetch(`${consoleUrl}/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/ratings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { http: [{
        fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } },
        route: [{ destination: { host: 'ratings', subset: 'v1' } }],
      }] } }),
    })
    expect(res.status, await res.text()).toBe(200)

    // The page refreshes by itself; the operator looks for the red edge.
    const red = await until('a red reviews → ratings edge', 30_000, 1_000, async () => {
      const edge = (await drawnEdges(page)).find((e) => isReviewsToRatings(e) && isRed(e.colour))
      return edge
    })
    const redAfterMs = Date.now() - faultAt
    expect(red.health).toBe('Failure')

    // Click it where it is drawn, and read the side panel.
    const box = (await page.getByTestId('graph-canvas').boundingBox())!
    await page.mouse.click(box.x + red.x, box.y + red.y)
    const panel = page.getByTestId('graph-edge-panel')
    await panel.waitFor()
    const share = await page.getByTestId('edge-error-share').innerText()
    const percent = Number(/([\d.]+)\s*%/.exec(share)?.[1])
    // The 60 s window still holds requests from before the fault: the share climbs from the 10 %
    // failure threshold towards the fault's 50 % as the window fills.
    expect(percent, share).toBeGreaterThanOrEqual(10)
    expect(percent, share).toBeLessThan(80)
    const codes = panel.getByTestId('response-codes')
    await expect(codes.locator('caption').innerText()).resolves.toContain('gRPC')
    const rows = await codes.locator('tbody tr').allInnerTexts()
    expect(rows.some((r) => /UNAVAILABLE|14/.test(r)), rows.join('\n')).toBe(true)

    // From the graph to the fix: the edge's target service offers the routing wizards.
    const ratingsNode = await page.evaluate(() => {
      const cy = window.__trellisGraph!
      const n = cy.nodes().filter((x) => x.data('nodeType') === 'service' && x.data('service') === 'ratings')[0]
      const p = n.renderedPosition()
      return { x: p.x, y: p.y }
    })
    await page.mouse.click(box.x + ratingsNode.x, box.y + ratingsNode.y)
    const wizards = page.getByTestId('graph-wizard-links')
    await wizards.getByRole('link', { name: 'Fault injection' }).click()
    await page.waitForURL(/\/services\/ratings\?wizard=fault-injection/)
    await page.getByTestId('wizard').first().waitFor()

    process.stdout.write(`graph demo: reviews → ratings red ${(redAfterMs / 1000).toFixed(1)} s after the fault; panel error share ${share.trim()}; codes ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}\n`)
  }, 180_000)
})
