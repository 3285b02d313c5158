// The Istio Config pages in a real browser: Debian's Chromium driven by playwright-core, against a
// real Trellis over a temp copy of test/fixtures/bookinfo-config. Needs `npx vite build` first.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Check } from 'typebox/value'
import { IstioConfigDetails } from '../../shared/api.ts'
import type { ConfigObject } from '../../shared/k8s.ts'
import { startTrellis, type RunningTrellis } from '../../server/serve.ts'
import { WEB_ROOT, browserTestsMissing, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'test/fixtures/bookinfo-config')
const VS_FILE = 'bookinfo/reviews-virtualservice.yaml'
const VS_PATH = '/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews'
const DR_PATH = '/namespaces/bookinfo/istio/networking.istio.io/v1/DestinationRule/reviews'

const missing = browserTestsMissing()
if (missing.length) console.warn(`Skipping the browser tests: ${missing.join('; ')}`)

describe.skipIf(missing.length > 0)('Istio Config in the browser', () => {
  let configDir: string
  let server: RunningTrellis
  let browser: Browser
  let context: BrowserContext | undefined
  let pageErrors: string[] = []

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-'))
    await cp(FIXTURE, configDir, { recursive: true })
    server = await startTrellis({ configDir, port: 0, host: '127.0.0.1', webRoot: WEB_ROOT, logLevel: 'warn' })
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

  /** A fresh browser profile per test: no stored theme, no cache. */
  async function open(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1400, height: 900 }, ...options })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(server.url + path)
    return page
  }

  const readVsFile = () => readFile(join(configDir, VS_FILE), 'utf8')

  /** Another user's change, through the API: reads the object, lets `edit` change it, writes it back. */
  async function changeElsewhere(path: string, edit: (obj: ConfigObject) => void) {
    const url = `${server.url}/api${path}`
    const details: unknown = await (await fetch(url)).json()
    if (!Check(IstioConfigDetails, details)) throw new Error(`GET ${url} did not answer IstioConfigDetails`)
    const obj = structuredClone(details.resource)
    edit(obj)
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) })
    expect(res.status, await res.text()).toBe(200)
  }

  /** Puts the cursor at the end of the editor line holding `text`, as a user clicking there would. */
  async function cursorAtEndOf(page: Page, text: string) {
    await page.locator('.cm-line', { hasText: text }).first().click()
    await page.keyboard.press('End')
  }

  it('edits the reviews VirtualService: a missing subset is marked, the fix is saved to its file with the comments', async () => {
    const page = await open('/istioconfig')
    const vsRow = page.getByTestId('istio-config-row').filter({ hasText: 'VirtualService' })
    await vsRow.getByRole('link', { name: 'reviews', exact: true }).click()
    await page.waitForURL(`**${VS_PATH}`)

    const save = page.getByTestId('save-button')
    await page.locator('.cm-line', { hasText: 'subset: v1' }).waitFor()
    expect(await save.isDisabled()).toBe(true)

    // v1 → v4: DestinationRule reviews has no subset v4.
    await cursorAtEndOf(page, 'subset: v1')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('4')
    const subsetCheck = page.getByTestId('check-item').filter({ hasText: 'KIA1107' })
    await subsetCheck.waitFor()
    expect(await subsetCheck.textContent()).toContain('Subset not found')
    expect(await subsetCheck.textContent()).toContain('spec/http[0]/route[0]/destination/subset')
    await page.locator('.cm-lintRange-error').first().waitFor()
    // The mark is on the subset line.
    expect(await page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') }).first().textContent()).toContain('subset: v4')

    // Choosing the check puts the cursor on its line.
    await subsetCheck.click()
    expect(await page.locator('.cm-activeLine').textContent()).toContain('subset: v4')

    // v4 → v2: the mark goes away.
    await cursorAtEndOf(page, 'subset: v4')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('2')
    await subsetCheck.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(0)

    expect(await save.isEnabled()).toBe(true)
    await save.click()
    const status = page.getByTestId('save-status')
    await page.locator('[data-testid="save-status"][data-saved="true"]').waitFor()
    expect(await status.textContent()).toMatch(/Saved\. resourceVersion \S+/)
    expect(await save.isDisabled()).toBe(true)

    const file = await readVsFile()
    expect(file).toContain('subset: v2')
    expect(file).not.toContain('subset: v1')
    expect(file).toContain('# Reviews routing, owned by the reviews team')
  })

  it('will not save text with YAML errors or that admission refuses', async () => {
    const page = await open(VS_PATH)
    await cursorAtEndOf(page, 'host: reviews')
    await page.keyboard.type(': [')
    await page.getByTestId('check-item').filter({ hasText: 'YAML' }).first().waitFor()
    await page.locator('.cm-lintRange-error').first().waitFor()
    expect(await page.getByTestId('save-button').isDisabled()).toBe(true)
    expect(await page.getByTestId('save-status').textContent()).toContain('Fix the YAML errors')

    // Undo takes the typing back; so does Discard.
    const yamlCheck = page.getByTestId('check-item').filter({ hasText: 'YAML' }).first()
    await page.keyboard.press('Control+z')
    await yamlCheck.waitFor({ state: 'detached' })
    expect(await page.getByTestId('save-status').textContent()).toBe('No changes')

    await page.keyboard.type(': [')
    await yamlCheck.waitFor()
    await page.getByTestId('discard-button').click()
    await yamlCheck.waitFor({ state: 'detached' })
    expect(await page.getByTestId('save-status').textContent()).toBe('No changes')

    // Well-formed YAML that admission refuses: the dry run says so before any save.
    await cursorAtEndOf(page, 'weight: 100')
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace')
    await page.keyboard.type('-5')
    await page.getByTestId('check-item').filter({ hasText: 'TRL0005' }).first().waitFor()
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('would reject')
    expect(await page.getByTestId('save-button').isDisabled()).toBe(true)
    await page.getByTestId('discard-button').click()
  })

  it('a save that lost a race shows their version, and "Overwrite with mine" saves mine on top (Ctrl+S)', async () => {
    const page = await open(VS_PATH)
    await page.locator('.cm-line', { hasText: 'namespace: bookinfo' }).waitFor()

    // My edit: a label, typed with Enter keeping the indentation.
    await cursorAtEndOf(page, 'namespace: bookinfo')
    await page.keyboard.press('Enter')
    await page.keyboard.type('labels:')
    await page.keyboard.press('Enter')
    await page.keyboard.type('team: reviews')

    // Someone else changes the object meanwhile.
    await changeElsewhere(VS_PATH, (obj) => {
      obj.metadata.annotations = { 'changed-by': 'someone-else' }
    })

    await page.keyboard.press('Control+s')
    const conflict = page.getByTestId('conflict-panel')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('changed-by: someone-else')

    await page.getByTestId('conflict-overwrite').click()
    await page.locator('[data-testid="save-status"][data-saved="true"]').waitFor()
    await conflict.waitFor({ state: 'detached' })

    const file = await readVsFile()
    expect(file).toContain('team: reviews')
    expect(file).not.toContain('someone-else')
    expect(file).toContain('# Reviews routing, owned by the reviews team')
  })

  it('follows a change made elsewhere while there are no edits', async () => {
    const page = await open(DR_PATH)
    await page.locator('.cm-line', { hasText: 'host: reviews' }).waitFor()
    await changeElsewhere(DR_PATH, (obj) => {
      obj.metadata.labels = { owner: 'platform' }
    })
    await page.locator('.cm-line', { hasText: 'owner: platform' }).waitFor()
    expect(await page.getByTestId('save-status').textContent()).toMatch(/Updated to the server's resourceVersion/)
  })

  it('switches to the dark theme, keeps it across reloads, and the editor follows', async () => {
    const page = await open(VS_PATH)
    await page.locator('.cm-editor').waitFor()
    const html = page.locator('html')
    expect(await html.getAttribute('data-theme')).toBe('light')
    const editorBackground = () => page.locator('.cm-editor').evaluate((el) => getComputedStyle(el).backgroundColor)
    const light = await editorBackground()

    await page.getByTestId('theme-toggle').click()
    expect(await html.getAttribute('data-theme')).toBe('dark')
    expect(await page.getByTestId('theme-toggle').getAttribute('aria-label')).toBe('Switch to light theme')
    const dark = await editorBackground()
    expect(dark).not.toBe(light)
    expect(await page.locator('body').evaluate((el) => getComputedStyle(el).colorScheme)).toBe('dark')

    await page.reload()
    await page.locator('.cm-editor').waitFor()
    expect(await html.getAttribute('data-theme')).toBe('dark')
    expect(await editorBackground()).toBe(dark)
  })

  it('starts in the system theme when the user has not chosen one', async () => {
    const page = await open('/istioconfig', { colorScheme: 'dark' })
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
  })

  it('opens a deep link to an object directly, with its namespace selection', async () => {
    const page = await open(`${DR_PATH}?namespaces=bookinfo`)
    await page.getByRole('heading', { level: 1, name: 'DestinationRule reviews' }).waitFor()
    await page.locator('.cm-line', { hasText: 'host: reviews' }).waitFor()
    expect(await page.getByRole('textbox', { name: 'YAML of DestinationRule bookinfo/reviews' }).count()).toBe(1)
    expect(await page.getByTestId('namespace-selector').textContent()).toContain('bookinfo')
    // The shell's landmarks, and Istio Config marked as the current section.
    expect(await page.getByRole('banner').count()).toBe(1)
    expect(await page.getByRole('main').count()).toBe(1)
    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link', { name: 'Istio Config' }).getAttribute('aria-current')).toBe('page')
    expect(await nav.getByRole('link', { name: 'Istio Config' }).getAttribute('href')).toBe('/istioconfig?namespaces=bookinfo')
  })

  it('keeps list filters in the URL, so a filtered list is a deep link', async () => {
    const page = await open('/istioconfig?namespaces=bookinfo')
    await page.getByTestId('istio-config-row').first().waitFor()
    await page.getByTestId('name-filter').fill('rev')
    await page.waitForURL(/name=rev/)
    // reviews: the VirtualService, the DestinationRule and the three WorkloadEntries.
    await expect.poll(() => page.getByTestId('istio-config-row').count()).toBe(5)
    for (const name of await page.getByTestId('istio-config-row').getByRole('link').allTextContents()) {
      expect(name).toContain('rev')
    }

    const page2 = await context!.newPage()
    await page2.goto(`${server.url}/istioconfig?namespaces=bookinfo&kind=DestinationRule`)
    await page2.getByTestId('istio-config-row').first().waitFor()
    expect(await page2.getByTestId('istio-config-row').count()).toBe(1)
    expect(await page2.getByTestId('kind-filter').textContent()).toContain('DestinationRule')
    await page2.close()
  })

  it('says what the pages not built yet will hold', async () => {
    const page = await open('/traces')
    const text = await page.getByRole('main').textContent()
    expect(text).toContain('follow one request across its spans')
    expect(text).toContain('arrives with')
  })
})
