// The routing wizards in a real browser (Debian's Chromium through playwright-core). First against a
// plain Trellis over a temp copy of test/fixtures/bookinfo-config: round-trip edits of hand-written
// config keep every other field (and the file's comments), the diff is shown before Apply, a 409
// shows the other change and reapplies on top, view-only hides every write control. Then the
// acceptance run against `trellis demo` (real grpc-js-xds workloads and Prometheus): slide reviews'
// v3 to 50 %, Apply, and watch the push ACKed, the observed split converge, and red stars appear.
// Needs `npx vite build` first.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { Check } from 'typebox/value'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { IstioConfigDetails } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { findPrometheus } from '../../server/demo/prometheus.ts'
import { startTrellis, type RunningTrellis } from '../../server/serve.ts'
import { startDemo, until, type RunningDemo } from '../support/demo-process.ts'
import { WEB_ROOT, browserTestsMissing, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'test/fixtures/bookinfo-config')
const SERVICE_PAGE = '/namespaces/bookinfo/services/reviews'
const VS_API = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews'
const VS_FILE = 'bookinfo/reviews-virtualservice.yaml'

const missing = browserTestsMissing()
if (missing.length) console.warn(`Skipping the routing browser tests: ${missing.join('; ')}`)

/** Written by hand, with fields no wizard manages at every level, and comments the file must keep. */
const HAND_WRITTEN_VS = `# Reviews routing, owned by the reviews team.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  labels:
    team: reviews
  annotations:
    reviewed-by: alice
spec:
  hosts:
  - reviews
  exportTo:
  - "."
  http:
  # Testers see v2 first.
  - name: testers
    match:
    - headers:
        end-user:
          exact: jason
      sourceLabels:
        app: productpage
    route:
    - destination:
        host: reviews
        subset: v2
    timeout: 5s
    retries:
      attempts: 3
      retryOn: unavailable
  - name: default
    route:
    - destination:
        host: reviews
        subset: v1
      weight: 100
    timeout: 10s
`


async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, init)
  return { status: res.status, body: await res.json() as unknown }
}

async function getObject(base: string, path: string): Promise<ConfigObject> {
  const { body } = await fetchJson(base + path)
  if (!Check(IstioConfigDetails, body)) throw new Error(`GET ${path} did not answer IstioConfigDetails: ${JSON.stringify(body)}`)
  return body.resource
}

/** The weights of the route a wizard shows, by row label. */
async function splitRows(page: Page): Promise<Record<string, number>> {
  const rows = await page.getByTestId('split-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-row'), Number(e.getAttribute('data-weight'))]))
  return Object.fromEntries(rows)
}

async function setWeight(page: Page, version: string, weight: number): Promise<void> {
  const input = page.getByLabel(`Weight of ${version} in percent`, { exact: true })
  await input.fill(String(weight))
  await input.press('Enter')
}

/** The changed lines of the diffs on screen, as "+ text" / "− text" without the YAML's indentation. */
async function diffLines(page: Page): Promise<string[]> {
  const lines = await page.locator('[data-testid="yaml-diff"] .diff-added, [data-testid="yaml-diff"] .diff-removed').allTextContents()
  return lines.map((l) => `${l[0]} ${l.slice(1).trim()}`)
}

describe.skipIf(missing.length > 0)('routing wizards over a plain Trellis', () => {
  let configDir: string
  let server: RunningTrellis
  let viewOnly: RunningTrellis
  let browser: Browser
  let context: BrowserContext | undefined
  let pageErrors: string[] = []

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'trellis-routing-e2e-'))
    await cp(FIXTURE, configDir, { recursive: true })
    await writeFile(join(configDir, VS_FILE), HAND_WRITTEN_VS)
    // The embedded control plane runs (no proxy connects), so dry runs preview the push.
    server = await startTrellis({ configDir, port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, logLevel: 'warn', xdsPort: 0 })
    viewOnly = await startTrellis({ configDir: FIXTURE, port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, logLevel: 'warn', viewOnly: true })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await viewOnly?.close()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
    expect(pageErrors).toEqual([])
  })

  async function open(base: string, path: string): Promise<Page> {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1400, height: 1000 } })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(base + path)
    return page
  }

  async function openWizard(page: Page, id: string): Promise<void> {
    await page.getByTestId('routing-actions').click()
    await page.getByTestId(`action-${id}`).click()
    await page.getByTestId(`wizard-${id}`).waitFor()
  }

  it('shifts traffic on a hand-written VirtualService: the diff shows only the weights, every other field and comment stays', async () => {
    const page = await open(server.url, SERVICE_PAGE)
    await openWizard(page, 'traffic-shifting')
    await page.getByTestId('split-sliders').waitFor()
    // Loaded round trip: the route every other call takes, after the testers' rule (kept by default).
    expect(await splitRows(page)).toEqual({ v1: 100, v2: 0, v3: 0 })
    expect(await page.getByTestId('split-scope').textContent()).toContain('testers: header end-user = jason and sourceLabels → v2')

    await setWeight(page, 'v3', 30)
    expect(await splitRows(page)).toEqual({ v1: 70, v2: 0, v3: 30 })
    // Locked rows keep their weight; moving another takes from the unlocked rest.
    await page.getByLabel('Lock the weight of v3').click()
    await setWeight(page, 'v2', 20)
    expect(await splitRows(page)).toEqual({ v1: 50, v2: 20, v3: 30 })
    await setWeight(page, 'v2', 0)
    expect(await splitRows(page)).toEqual({ v1: 70, v2: 0, v3: 30 })
    await page.getByLabel('Lock the weight of v3').click()
    expect(await page.getByLabel('Lock the weight of v3').getAttribute('aria-pressed')).toBe('false')

    await page.getByTestId('wizard-review').click()
    await page.getByTestId('dry-run-valid').waitFor()
    expect(await page.getByTestId('review-object').count()).toBe(1)
    expect(await diffLines(page)).toEqual([
      '− weight: 100',
      '+ weight: 70',
      '+ - destination:',
      '+ host: reviews',
      '+ subset: v3',
      '+ weight: 30',
    ])
    // The dry run previews the push: no proxy is connected here.
    expect(await page.getByTestId('push-preview').textContent()).toContain('No connected proxy would get a push')

    await page.getByTestId('wizard-apply').click()
    await page.getByTestId('wizard-done').waitFor()
    expect(await page.getByTestId('propagation').getAttribute('data-state')).toMatch(/done|none|waiting/)

    const file = await readFile(join(configDir, VS_FILE), 'utf8')
    expect(file).toContain('# Reviews routing, owned by the reviews team.')
    expect(file).toContain('# Testers see v2 first.')
    const expected = parse(HAND_WRITTEN_VS) as ConfigObject & { spec: { http: { route: unknown[] }[] } }
    expected.spec.http[1].route = [
      { destination: { host: 'reviews', subset: 'v1' }, weight: 70 },
      { destination: { host: 'reviews', subset: 'v3' }, weight: 30 },
    ]
    const [stored] = parseAllDocuments(file).map((d) => d.toJS() as ConfigObject)
    expect(stored).toEqual(expected)
  })

  it('adds a request-routing rule before the default, keeping the other rules\' fields', async () => {
    const before = await getObject(server.url, VS_API)
    const page = await open(server.url, SERVICE_PAGE)
    await openWizard(page, 'request-routing')
    const rules = page.getByTestId('rule')
    expect(await rules.count()).toBe(2)
    await page.getByTestId('add-rule').click()
    expect(await rules.count()).toBe(3)
    const added = rules.nth(1)
    await added.getByLabel('Name of rule 2').fill('beta')
    await added.getByLabel('Rule 2 header name').fill('x-beta')
    await added.getByLabel('Rule 2 header x-beta value').fill('yes')
    // It starts with one destination (v1): add v3, send it everything, drop v1.
    await added.getByLabel('Add a destination to rule 2').selectOption('v3')
    await added.getByLabel('All to v3').click()
    await added.getByLabel('Remove a destination from rule 2').selectOption({ label: 'v1' })
    await page.getByTestId('wizard-review').click()
    await page.getByTestId('dry-run-valid').waitFor()
    await page.getByTestId('wizard-apply').click()
    await page.getByTestId('wizard-done').waitFor()

    const after = await getObject(server.url, VS_API)
    const http = (after.spec as { http: Record<string, unknown>[] }).http
    const old = (before.spec as { http: Record<string, unknown>[] }).http
    expect(http.map((r) => r.name)).toEqual(['testers', 'beta', 'default'])
    expect(http[0]).toEqual(old[0])
    expect(http[2]).toEqual(old[1])
    expect(http[1]).toEqual({ name: 'beta', match: [{ headers: { 'x-beta': { exact: 'yes' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] })
    expect(after.metadata.labels).toEqual({ team: 'reviews' })
  })

  it('flags before Apply what proxyless gRPC cannot honour: a method match', async () => {
    const page = await open(server.url, SERVICE_PAGE)
    await openWizard(page, 'request-routing')
    const first = page.getByTestId('rule').first()
    await first.getByRole('button', { name: '+ method' }).click()
    await page.getByTestId('wizard-review').click()
    const flags = page.getByTestId('grpc-flags')
    await flags.waitFor()
    expect(await flags.textContent()).toMatch(/New: .*match entry with method is left out.*\(spec\/http\[0\]\/match\[0\]\/method\)/)
    // The server's dry run says the same, with the registry's code.
    await page.locator('[data-testid="dry-run-checks"] [data-code="TRL0303"]').waitFor()
    await page.getByRole('button', { name: 'Back' }).click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('wizard-request-routing').waitFor({ state: 'detached' })
    expect(new URL(page.url()).search).toBe('')
  })

  it('starts a canary ramp, then pauses, resumes, cancels and deletes it from the service page', async () => {
    const ramp = '/api/namespaces/bookinfo/istio/rollouts.trellis.dev/v1alpha1/canaryramps/reviews-v3'
    const page = await open(server.url, SERVICE_PAGE)
    await openWizard(page, 'canary-ramp')
    await page.getByTestId('canary-interval').fill('30s')
    await page.getByTestId('canary-steps').fill('20, 50, 100')
    await page.getByTestId('wizard-review').click()
    await page.getByTestId('dry-run-valid').waitFor()
    await page.getByTestId('wizard-apply').click()
    await page.getByTestId('wizard-done').waitFor()
    const spec = async () => (await getObject(server.url, ramp)).spec as Record<string, unknown>
    expect(await spec()).toEqual({ service: 'reviews', stable: 'v1', canary: 'v3', steps: [20, 50, 100], interval: '30s', gates: { maxErrorPercent: 5, maxP99Ms: 1000, minRequests: 10 } })
    await page.getByTestId('wizard-close').click()

    const panel = page.getByTestId('canary-ramp').filter({ has: page.getByText('reviews-v3', { exact: true }) })
    await panel.waitFor()
    expect(await panel.getByTestId('canary-message').textContent()).toContain('No status yet')
    await panel.getByTestId('canary-pause').click()
    await expect.poll(async () => (await spec()).paused).toBe(true)
    await panel.getByTestId('canary-resume').click()
    await expect.poll(async () => (await spec()).paused).toBe(false)
    await panel.getByTestId('canary-cancel').click()
    await expect.poll(async () => (await spec()).cancelled).toBe(true)
    await panel.getByTestId('canary-delete').click()
    await panel.waitFor({ state: 'detached' })
    expect((await fetch(server.url + ramp)).status).toBe(404)
  })

  it('a 409 shows the other change; reapplying puts the wizard\'s edit on top of it', async () => {
    const page = await open(server.url, SERVICE_PAGE)
    await openWizard(page, 'traffic-shifting')
    await page.getByTestId('split-sliders').waitFor()
    await page.getByLabel('All to v2').click()
    await page.getByTestId('wizard-review').click()
    await page.getByTestId('dry-run-valid').waitFor()

    // Someone else edits the same VirtualService meanwhile: a timeout on the default route.
    const theirs = await getObject(server.url, VS_API)
    const http = (theirs.spec as { http: Record<string, unknown>[] }).http
    http[http.length - 1].timeout = '3s'
    theirs.metadata.annotations = { ...theirs.metadata.annotations, 'changed-by': 'bob' }
    const put = await fetch(server.url + VS_API, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(theirs) })
    expect(put.status, await put.text()).toBe(200)

    await page.getByTestId('wizard-apply').click()
    const conflict = page.getByTestId('wizard-conflict')
    await conflict.waitFor()
    const theirChange = await diffLines(page)
    expect(theirChange).toContain('+ changed-by: bob')
    expect(theirChange).toContain('+ timeout: 3s')
    expect(theirChange).toContain('− timeout: 10s')

    await page.getByTestId('wizard-reapply').click()
    await page.getByTestId('review').waitFor()
    await page.getByTestId('dry-run-valid').waitFor()
    // The new review is against their version: only the wizard's weights change now.
    const mine = await diffLines(page)
    expect(mine.some((l) => l.includes('timeout'))).toBe(false)
    expect(mine.some((l) => l.includes('changed-by'))).toBe(false)
    await page.getByTestId('wizard-apply').click()
    await page.getByTestId('wizard-done').waitFor()

    const stored = await getObject(server.url, VS_API)
    const last = (stored.spec as { http: Record<string, unknown>[] }).http.at(-1)!
    expect(last.timeout).toBe('3s')
    expect(last.route).toEqual([{ destination: { host: 'reviews', subset: 'v2' } }])
    expect(stored.metadata.annotations).toMatchObject({ 'changed-by': 'bob', 'reviewed-by': 'alice' })
  })

  it('view-only: no routing menu, no write control in a wizard opened by URL', async () => {
    const status = await fetchJson(viewOnly.url + '/api/status')
    expect(status.body).toMatchObject({ viewOnly: true })
    expect((await fetchJson(server.url + '/api/status')).body).not.toHaveProperty('viewOnly')

    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1400, height: 1000 } })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    // The menu waits for the status (whether writes are allowed): wait for the same answer.
    const statusSeen = page.waitForResponse((r) => r.url().endsWith('/api/status'))
    await page.goto(viewOnly.url + SERVICE_PAGE)
    await statusSeen
    await page.getByTestId('summary').waitFor()
    await page.getByTestId('metrics-panel').waitFor()
    expect(await page.getByTestId('routing-actions').count()).toBe(0)
    // The same page with write access has the menu: the check above can fail.
    const writable = await context.newPage()
    await writable.goto(server.url + SERVICE_PAGE)
    await writable.getByTestId('routing-actions').waitFor()
    await writable.close()

    await page.goto(`${viewOnly.url}${SERVICE_PAGE}?wizard=traffic-shifting`)
    await page.getByTestId('wizard-view-only').waitFor()
    const wizard = page.getByTestId('wizard')
    expect(await wizard.locator('input, select, [data-testid="wizard-apply"], [data-testid="wizard-review"]').count()).toBe(0)
  })
})

const PROMETHEUS = findPrometheus()

describe.skipIf(missing.length > 0 || !PROMETHEUS)('traffic shifting on the living demo (acceptance)', () => {
  let demo: RunningDemo | undefined
  let browser: Browser | undefined

  afterAll(async () => {
    await browser?.close()
    if (demo) expect(await demo.stop()).toBe(0)
  })

  it('slides reviews v3 to 50 %: ACKed by every caller within 1 s, the observed split near 50 % within 60 s, red stars half the time', async () => {
    demo = await startDemo({ rate: 10 })
    const { consoleUrl, productpageUrl } = demo.started
    // Wait until Prometheus has reviews' requests from productpage, so the chart has a before.
    const metricsUrl = `${consoleUrl}/api/namespaces/bookinfo/services/reviews/metrics?reporter=source&byLabels=destination_version&duration=120&step=5&rateInterval=30s&quantiles=0.5`
    await until('reviews requests in Prometheus', 90_000, 1_000, async () => {
      const { status, body } = await fetchJson(metricsUrl)
      return status === 200 && ((body as { request_count?: unknown[] }).request_count?.length ?? 0) > 0 ? true : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}\n${demo!.output()}`) })

    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(consoleUrl + SERVICE_PAGE)
    await page.getByTestId('routing-actions').click()
    await page.getByTestId('action-traffic-shifting').click()
    await page.getByTestId('split-sliders').waitFor()
    expect(await splitRows(page)).toEqual({ v1: 100, v2: 0, v3: 0 })
    await setWeight(page, 'v3', 50)
    expect(await splitRows(page)).toEqual({ v1: 50, v2: 0, v3: 50 })

    await page.getByTestId('wizard-review').click()
    const preview = page.getByTestId('push-preview')
    await preview.waitFor({ timeout: 15_000 })
    // The dry run names the proxies that route to reviews: productpage, its only caller.
    const callers = await page.getByTestId('push-preview-proxy').allTextContents()
    expect(callers.length).toBeGreaterThan(0)
    expect(callers.every((c) => c.startsWith('productpage'))).toBe(true)

    const clicked = Date.now()
    await page.getByTestId('wizard-apply').click()
    const line = page.getByTestId('propagation')
    await until('every proxy to ACK the push', 10_000, 20, async () => ((await line.getAttribute('data-state')) === 'done' ? true : undefined))
    const ackedWallMs = Date.now() - clicked
    const pushed = Number(await line.getAttribute('data-pushed'))
    const acked = Number(await line.getAttribute('data-acked'))
    const elapsedMs = Number(await line.getAttribute('data-elapsed-ms'))
    expect(await line.textContent()).toMatch(/Pushed to \d+ prox(y|ies), ACKed by \d+ in [\d.]+ m?s/)
    expect(pushed).toBeGreaterThanOrEqual(callers.length)
    expect(acked).toBe(pushed)
    expect(Number(await line.getAttribute('data-nacked'))).toBe(0)
    // The acceptance figure: from the push's start to the last ACK, as the control plane measured it.
    expect(elapsedMs).toBeLessThan(1_000)
    // Click to the line saying so, through the browser, the REST write and /api/events: generous for a loaded machine.
    expect(ackedWallMs).toBeLessThan(5_000)

    // The observed split converges on the request (the test users' v2 calls left out: only their rule routes there).
    const trajectory: string[] = []
    const converged = await until('the observed split to show v3 near 50 %', 60_000, 2_000, async () => {
      const items = await page.getByTestId('observed-latest').locator('li').evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-version') ?? '', Number(e.getAttribute('data-observed'))] as const)).catch(() => [])
      const shares = Object.fromEntries(items)
      trajectory.push(`${Math.round((Date.now() - clicked) / 1000)}s ${JSON.stringify(shares)}`)
      const v3 = shares.v3
      // A full rate window (30 s) after the change and a scrape, so the value is of the new split alone.
      return v3 !== undefined && Math.abs(v3 - 50) <= 10 && Date.now() - clicked > 32_000 ? shares : undefined
    }).catch((e: Error) => { throw new Error(`${e.message}; trajectory: ${trajectory.join(', ')}`) })
    const convergedMs = Date.now() - clicked

    // The book page, as a reader sees it: red stars (reviews-v3) about half the time.
    const N = 60
    let red = 0
    for (let i = 0; i < N; i++) {
      const html = await (await fetch(`${productpageUrl}/productpage`)).text()
      if (html.includes('style="color: red"')) red++
    }
    expect(red / N).toBeGreaterThan(0.3)
    expect(red / N).toBeLessThan(0.7)
    expect(pageErrors).toEqual([])
    process.stdout.write(`routing acceptance: pushed to ${pushed}, ACKed by ${acked} in ${elapsedMs} ms (control plane), ${ackedWallMs} ms from the click; ` +
      `observed split ${JSON.stringify(converged)} after ${(convergedMs / 1000).toFixed(1)} s; red stars ${red}/${N}; trajectory ${trajectory.join(', ')}\n`)
  }, 300_000)
})
