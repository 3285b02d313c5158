// The telemetry pages (Overview, Applications/Workloads/Services and their detail pages, the
// Prometheus banner) in a real browser (Debian's Chromium via playwright-core) against a real
// Trellis over a temp copy of test/fixtures/bookinfo-config, pointed at a small Prometheus on
// loopback. That Prometheus honours the HTTP API (/-/ready, /api/v1/query, /api/v1/query_range,
// GET or form POST) over a fixed Bookinfo traffic table: it evaluates the shapes of PromQL the
// server sends (selectors with = != =~ !~, `sum by`, `or`, `/`, histogram_quantile, `> 0`), so the
// answers follow whatever window, split or reporter the page asks for. Needs `npx vite build`.
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTrellis, type RunningTrellis } from '../../server/serve.ts'
import { WEB_ROOT, browserTestsMissing, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'test/fixtures/bookinfo-config')
/** Prometheus is probed every 5 s and the status polled every 10 s: a user sees a change within ~15 s. */
const STATUS_MS = 25_000
/** A chart's line. Attached rather than visible: a flat line's box has no height. */
const LINE = 'path.recharts-line-curve'

const missing = browserTestsMissing()
if (missing.length) console.warn(`Skipping the telemetry browser tests: ${missing.join('; ')}`)

// --- The traffic: who calls whom in Bookinfo, in requests per second by response code.

interface Side {
  workload: string
  app: string
  namespace: string
}

interface Edge {
  source: Side
  destination: Side & { service: string }
  codes: Record<string, number>
}

const bookinfo = (workload: string): Side => ({ workload, app: workload.replace(/-v\d+$/, ''), namespace: 'bookinfo' })
const to = (workload: string) => ({ ...bookinfo(workload), service: workload.replace(/-v\d+$/, '') })
const INGRESS: Side = { workload: 'unknown', app: 'unknown', namespace: 'unknown' }

/**
 * reviews-v2 fails 25 % of its requests (Failure), which makes the reviews app fail (10 %) and
 * productpage, which sees 5 % of its calls fail, Degraded; reviews-v3 gets nothing (Idle).
 */
const EDGES: readonly Edge[] = [
  { source: INGRESS, destination: to('productpage-v1'), codes: { '200': 10 } },
  { source: bookinfo('productpage-v1'), destination: to('details-v1'), codes: { '200': 10 } },
  { source: bookinfo('productpage-v1'), destination: to('reviews-v1'), codes: { '200': 5 } },
  { source: bookinfo('productpage-v1'), destination: to('reviews-v2'), codes: { '200': 3, '503': 1 } },
  { source: bookinfo('reviews-v2'), destination: to('ratings-v1'), codes: { '200': 3 } },
]

type Labels = Record<string, string>

/** istio_requests_total's series (as rates), both reporters; the ingress reports nothing itself. */
const REQUEST_SERIES: readonly { labels: Labels; rps: number }[] = EDGES.flatMap((e) =>
  (e.source === INGRESS ? ['destination'] : ['source', 'destination']).flatMap((reporter) =>
    Object.entries(e.codes).map(([code, rps]) => ({
      rps,
      labels: {
        reporter,
        source_workload: e.source.workload,
        source_workload_namespace: e.source.namespace,
        source_canonical_service: e.source.app,
        destination_workload: e.destination.workload,
        destination_workload_namespace: e.destination.namespace,
        destination_canonical_service: e.destination.app,
        destination_service_name: e.destination.service,
        destination_service_namespace: e.destination.namespace,
        request_protocol: 'http',
        response_code: code,
        grpc_response_status: '',
      },
    })),
  ),
)

// --- A Prometheus over that table

interface Matcher {
  label: string
  op: string
  value: string
}

function matches(labels: Labels, m: Matcher): boolean {
  const v = labels[m.label] ?? ''
  switch (m.op) {
    case '=':
      return v === m.value
    case '!=':
      return v !== m.value
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v)
    default:
      return !new RegExp(`^(?:${m.value})$`).test(v)
  }
}

/** Every `metric{…}` of the query, as its metric name and matchers. */
function selectorsOf(query: string): { metric: string; matchers: Matcher[] }[] {
  return [...query.matchAll(/([a-z_:]+)\{([^}]*)\}/g)].map(([, metric, body]) => ({
    metric,
    matchers: [...body.matchAll(/([a-z_]+)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"/g)].map(([, label, op, value]) => ({ label, op, value })),
  }))
}

/** A histogram statistic, by metric family: what the page draws as duration and sizes. */
function histogramValue(metric: string, quantile: number | undefined): number {
  const q = quantile ?? 0.6
  if (metric.startsWith('istio_request_duration_milliseconds')) return 5 + 200 * q ** 3
  if (metric.startsWith('istio_request_bytes')) return 100 + 800 * q
  return 500 + 4000 * q
}

/** Traffic breathes a little, so sparklines and charts have a shape. */
const wave = (t: number) => 1 + 0.25 * Math.sin(t / 120)

/** The query's groups and their values at time t. */
function evaluate(query: string, t: number): { labels: Labels; value: number }[] {
  const selectors = selectorsOf(query)
  const by = /sum by \(([^)]*)\)/.exec(query)?.[1].split(',').map((l) => l.trim()).filter((l) => l !== 'le') ?? []
  const quantile = /histogram_quantile\(([0-9.]+)/.exec(query)?.[1]
  const matched = REQUEST_SERIES.filter((s) => selectors.some((sel) => sel.matchers.every((m) => matches(s.labels, m))))
  const groups = new Map<string, { labels: Labels; value: number }>()
  for (const s of matched) {
    const labels = Object.fromEntries(by.map((l) => [l, s.labels[l] ?? '']))
    const key = JSON.stringify(labels)
    const g = groups.get(key) ?? { labels, value: 0 }
    g.value += s.rps * wave(t)
    groups.set(key, g)
  }
  const histogram = selectors[0]?.metric !== 'istio_requests_total'
  const out = [...groups.values()].map((g) =>
    histogram ? { labels: g.labels, value: histogramValue(selectors[0].metric, quantile === undefined ? undefined : Number(quantile)) } : g,
  )
  return /\)\s*>\s*0\s*$/.test(query) ? out.filter((g) => g.value > 0) : out
}

interface FakePrometheus {
  url: string
  /** API queries received. */
  readonly queries: string[]
  stop(): Promise<void>
  /** Listens again on the same port: Prometheus is back. */
  restart(): Promise<void>
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const url = new URL(req.url ?? '/', 'http://x')
  const params = new URLSearchParams(url.search)
  if (req.method === 'POST') {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString())) params.set(k, v)
  }
  return params
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

async function startPrometheus(): Promise<FakePrometheus> {
  const queries: string[] = []
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (path === '/-/ready') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Prometheus Server is Ready.\n')
        return
      }
      const params = await readForm(req)
      const query = params.get('query') ?? ''
      queries.push(query)
      if (path === '/api/v1/query') {
        const t = Number(params.get('time') ?? Date.now() / 1000)
        const result = evaluate(query, t).map((g) => ({ metric: g.labels, value: [t, String(g.value)] }))
        send(res, 200, { status: 'success', data: { resultType: 'vector', result } })
      } else if (path === '/api/v1/query_range') {
        const start = Number(params.get('start'))
        const end = Number(params.get('end'))
        const step = Number(params.get('step'))
        const series = new Map<string, { metric: Labels; values: [number, string][] }>()
        for (let t = start; t <= end; t += step) {
          for (const g of evaluate(query, t)) {
            const key = JSON.stringify(g.labels)
            const s = series.get(key) ?? { metric: g.labels, values: [] }
            s.values.push([t, String(g.value)])
            series.set(key, s)
          }
        }
        send(res, 200, { status: 'success', data: { resultType: 'matrix', result: [...series.values()] } })
      } else {
        send(res, 404, { status: 'error', errorType: 'not_found', error: `no such endpoint ${path}` })
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    restart: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
  }
}

// --- The tests

describe.skipIf(missing.length > 0)('Telemetry pages in the browser', () => {
  let configDir: string
  let prometheus: FakePrometheus
  let prometheusUp = true
  let server: RunningTrellis
  let browser: Browser
  let context: BrowserContext | undefined
  let pageErrors: string[] = []

  beforeAll(async () => {
    prometheus = await startPrometheus()
    configDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-telemetry-'))
    await cp(FIXTURE, configDir, { recursive: true })
    // 'error': stopping Prometheus is logged as a warning.
    server = await startTrellis({
      configDir,
      port: 0,
      host: '127.0.0.1',
      webRoot: WEB_ROOT,
      logLevel: 'error',
      prometheusUrl: prometheus.url,
    })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (prometheusUp) await prometheus?.stop()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
    // An uncaught exception in the page is a bug even when the flow happened to work.
    expect(pageErrors).toEqual([])
  })

  async function open(path: string): Promise<Page> {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1400, height: 1000 } })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(server.url + path)
    return page
  }

  const row = (page: Page, name: string): Locator => page.locator(`[data-testid="entity-row"][data-name="${name}"]`)
  const chart = (page: Page, id: string): Locator => page.locator(`[data-testid="metric-chart"][data-chart="${id}"]`)

  it('the overview shows the bookinfo card: counts, app health, a sparkline and the error ratio; the card leads to its applications', async () => {
    const page = await open('/overview')
    const card = page.locator('[data-testid="namespace-card"][data-namespace="bookinfo"]')
    await card.waitFor()
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe('bookinfo')
    expect(await card.getByTestId('count-apps').textContent()).toBe('4 Applications')
    expect(await card.getByTestId('count-workloads').textContent()).toBe('6 Workloads')
    expect(await card.getByTestId('count-services').textContent()).toBe('4 Services')

    // reviews fails, productpage is degraded by it, details and ratings are healthy.
    const legend = card.getByTestId('health-breakdown')
    expect(await legend.locator('li').allTextContents()).toEqual(['✓ 2 Healthy', '⚠ 1 Degraded', '✗ 1 Failure'])

    // The sparkline draws the namespace's inbound rate, and says it in words.
    const sparkline = card.getByTestId('sparkline')
    await sparkline.locator('path.recharts-area-curve').waitFor()
    expect(await sparkline.getAttribute('aria-label')).toMatch(/^Inbound requests to bookinfo, last 10m: latest [\d.]+ req\/s, peak [\d.]+ req\/s$/)
    expect(await card.getByTestId('error-ratio').textContent()).toMatch(/Error ratio\s*[\d.]+%/)

    // The time range lives in the URL; the card keeps it on the way to the applications.
    await page.getByTestId('duration-select').selectOption('3600')
    await page.waitForURL(/duration=3600/)
    await expect.poll(() => sparkline.getAttribute('aria-label')).toContain('last 1h')
    await card.getByRole('link', { name: 'bookinfo: applications' }).click()
    await page.waitForURL((u) => u.pathname === '/applications' && u.searchParams.get('namespaces') === 'bookinfo')
    expect(new URL(page.url()).searchParams.get('duration')).toBe('3600')
    await expect.poll(() => page.getByTestId('entity-row').count()).toBe(4)
    expect(await row(page, 'reviews').getAttribute('data-health')).toBe('Failure')
  })

  it('the workloads list shows each workload\'s health, with its numbers on hover, filterable from the URL', async () => {
    const page = await open('/workloads?namespaces=bookinfo')
    await row(page, 'reviews-v2').waitFor()
    expect(await page.getByTestId('entity-row').count()).toBe(6)
    const health = async (name: string) => row(page, name).getByTestId('health-icon').getAttribute('data-status')
    expect(await health('reviews-v2')).toBe('Failure')
    expect(await health('reviews-v3')).toBe('Idle')
    expect(await health('details-v1')).toBe('Healthy')
    expect(await health('productpage-v1')).toBe('Degraded')
    expect(await page.getByTestId('list-summary').textContent()).toBe('6 workloads in bookinfo · 1 failing · 1 degraded')

    // The icon's tooltip: why, the error ratio and the rates by code.
    const icon = row(page, 'reviews-v2').locator('.health-glyph')
    await icon.hover()
    const tooltip = icon.locator('.tooltip')
    await expect.poll(() => tooltip.isVisible()).toBe(true)
    const text = await tooltip.textContent()
    expect(text).toContain('Error ratio: 25%')
    expect(text).toMatch(/http 200: [\d.]+ req\/s/)
    expect(text).toMatch(/http 503: [\d.]+ req\/s/)
    expect(await icon.getAttribute('aria-label')).toContain('Error ratio: 25%')

    // The health filter, kept in the URL.
    await page.getByTestId('health-filter-Failure').click()
    await page.waitForURL(/health=Failure/)
    await expect.poll(() => page.getByTestId('entity-row').count()).toBe(1)
    expect(await page.getByTestId('health-filter-Failure').getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('name-filter').fill('ratings')
    await page.waitForURL(/name=ratings/)
    await page.getByRole('main').getByText('No workloads match the filters').waitFor()
  })

  it('a workload\'s page shows its summary and charts with data, inbound and outbound, over the window in the URL', async () => {
    const page = await open('/namespaces/bookinfo/workloads/reviews-v2?duration=600&refresh=15000')
    await page.getByRole('heading', { level: 1, name: 'Workload reviews-v2' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workloads' }).getAttribute('aria-current')).toBe('page')
    const summary = page.getByTestId('summary')
    await summary.waitFor()
    expect(await summary.textContent()).toContain('bookinfo-reviews')
    expect(await summary.getByRole('link', { name: 'reviews' }).first().getAttribute('href')).toMatch(/^\/namespaces\/bookinfo\/(applications|services)\/reviews\?/)
    expect(await page.getByTestId('instance-row').count()).toBe(1)
    expect(await page.getByTestId('duration-select').inputValue()).toBe('600')
    expect(await page.getByTestId('refresh-select').inputValue()).toBe('15000')

    // Inbound: every chart has lines; duration has its average and percentiles.
    const inbound = page.getByRole('tab', { name: 'Inbound metrics' })
    expect(await inbound.getAttribute('aria-selected')).toBe('true')
    for (const id of ['request-rate', 'error-rate', 'duration', 'request-size', 'response-size']) {
      await chart(page, id).locator(LINE).first().waitFor({ state: 'attached' })
      expect(await chart(page, id).getAttribute('data-empty')).toBe('false')
    }
    expect(await chart(page, 'request-rate').locator('figcaption').textContent()).toBe('Request rate (req/s)')
    expect(await chart(page, 'error-rate').locator('figcaption').textContent()).toBe('Error rate (%)')
    expect(await chart(page, 'error-rate').textContent()).toContain('Latest values: Errors 25%')
    const legend = await chart(page, 'duration').locator('.recharts-legend-item-text').allTextContents()
    expect(legend).toEqual(['avg', 'p50', 'p95', 'p99'])
    // Ticks are times of day within the last 10 minutes.
    const ticks = await chart(page, 'request-rate').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()
    expect(ticks.length).toBeGreaterThanOrEqual(3)
    for (const t of ticks) expect(t).toMatch(/^\d\d:\d\d$/)

    // Split by response code: a line per code.
    await page.getByTestId('split-select').selectOption('response_code')
    await page.waitForURL(/by=response_code/)
    await expect.poll(() => chart(page, 'request-rate').locator('.recharts-legend-item-text').allTextContents()).toEqual(['200', '503'])

    // Outbound: reviews-v2 calls ratings.
    await page.getByRole('tab', { name: 'Outbound metrics' }).click()
    await page.waitForURL(/tab=outbound/)
    expect(page.url()).not.toContain('by=')
    await chart(page, 'request-rate').locator(LINE).first().waitFor({ state: 'attached' })
    expect(await chart(page, 'error-rate').textContent()).toContain('Errors 0%')

    // A workload with no traffic: every chart says so.
    await page.goto(`${server.url}/namespaces/bookinfo/workloads/reviews-v3`)
    await page.getByRole('heading', { level: 1, name: 'Workload reviews-v3' }).waitFor()
    await expect.poll(() => page.getByTestId('chart-empty').count()).toBe(5)
    expect(await page.getByTestId('chart-empty').first().textContent()).toBe('No data in this range')
  })

  it('a service\'s page links its workloads and its routing config, and has inbound metrics only', async () => {
    const page = await open('/namespaces/bookinfo/services/reviews')
    await page.getByRole('heading', { level: 1, name: 'Service reviews' }).waitFor()
    const summary = page.getByTestId('summary')
    await summary.getByRole('link', { name: 'reviews-v3' }).waitFor()
    expect(await page.getByRole('tab').count()).toBe(1)
    await chart(page, 'request-rate').locator(LINE).first().waitFor({ state: 'attached' })
    await page.getByTestId('VirtualService-links').getByRole('link', { name: 'reviews' }).click()
    await page.waitForURL('**/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews')
    await page.getByRole('heading', { level: 1, name: 'VirtualService reviews' }).waitFor()
  })

  it('when Prometheus stops, a banner says so, charts keep their last data greyed, config pages keep working; all returns with it', async () => {
    const page = await open('/namespaces/bookinfo/workloads/reviews-v1?refresh=10000')
    await chart(page, 'request-rate').locator(LINE).first().waitFor({ state: 'attached' })
    expect(await page.getByTestId('prometheus-banner').count()).toBe(0)

    await prometheus.stop()
    prometheusUp = false
    const banner = page.getByTestId('prometheus-banner')
    await banner.waitFor({ timeout: STATUS_MS })
    const text = await banner.textContent()
    expect(text).toContain(`Metrics are unavailable: Prometheus at ${prometheus.url} is not reachable (connection refused`)
    expect(text).toContain('Config pages keep working; data returns when it is back.')

    // The next refresh fails: the charts stay, greyed, under a message saying why.
    const stale = page.getByTestId('stale-notice')
    await stale.waitFor({ timeout: STATUS_MS })
    expect(await stale.textContent()).toContain('These metrics could not be refreshed')
    expect(await stale.textContent()).toContain('is not reachable')
    expect(await page.locator('.chart-grid').getAttribute('class')).toContain('is-stale')
    expect(await chart(page, 'request-rate').locator(LINE).count()).toBe(1)

    // Config pages work as before, under the same banner.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Istio Config' }).click()
    await expect.poll(() => page.getByTestId('istio-config-row').count()).toBeGreaterThan(0)
    await banner.waitFor()
    // Lists still list, with health NA; a page never seen before says metrics are unavailable.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workloads' }).click()
    await row(page, 'details-v1').waitFor()
    expect(await row(page, 'details-v1').getAttribute('data-health')).toBe('NA')
    await row(page, 'details-v1').getByRole('link', { name: 'details-v1' }).click()
    const unavailable = page.getByTestId('metrics-unavailable')
    await unavailable.waitFor()
    expect(await unavailable.textContent()).toContain('is not reachable')

    // Prometheus is back: the banner goes and the charts fill in, without a reload.
    await prometheus.restart()
    prometheusUp = true
    await banner.waitFor({ state: 'detached', timeout: STATUS_MS })
    await chart(page, 'request-rate').locator(LINE).first().waitFor({ state: 'attached', timeout: STATUS_MS })
    expect(await page.getByTestId('metrics-unavailable').count()).toBe(0)
  }, 120_000)
})
