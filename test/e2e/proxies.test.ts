// The Proxies pages in a real browser (Debian's Chromium via playwright-core) against a real
// Trellis with its control plane, over a temp copy of test/fixtures/bookinfo-config. The proxies:
// a real proxyless gRPC workload (test/fixtures/workloads/echo-workload.ts, a child process killed
// by its PID), and, where the test must decide what a proxy ACKs or NACKs, minimal ADS clients on
// real gRPC streams (an Istio node id and metadata, wildcard CDS and LDS). Needs `npx vite build`.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTrellis, type RunningTrellis } from '../../server/serve.ts'
import { PROTO_INCLUDE_DIRS, TYPE_URL } from '../../server/xds/protos.ts'
import { spawnEchoWorkload, type EchoWorkloadProcess } from '../fixtures/workloads/spawn.ts'
import { WEB_ROOT, browserTestsMissing, launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'test/fixtures/bookinfo-config')
/** How long a user would wait for a live update before reloading. */
const LIVE_MS = 5_000

const missing = browserTestsMissing()
if (missing.length) console.warn(`Skipping the proxies browser tests: ${missing.join('; ')}`)

// --- A minimal ADS client: what a proxyless gRPC workload says on its stream, and nothing else.

interface DiscoveryResponse {
  versionInfo: string
  typeUrl: string
  nonce: string
  resources: unknown[]
}

type StructValue = { stringValue: string } | { structValue: { fields: Record<string, StructValue> } }

const str = (v: string): StructValue => ({ stringValue: v })

let adsClient: grpc.ServiceClientConstructor | undefined
function adsClientConstructor(): grpc.ServiceClientConstructor {
  if (adsClient) return adsClient
  const definition = protoLoader.loadSync('envoy/service/discovery/v3/ads.proto', {
    includeDirs: PROTO_INCLUDE_DIRS,
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  })
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    envoy: { service: { discovery: { v3: { AggregatedDiscoveryService: grpc.ServiceClientConstructor } } } }
  }
  adsClient = pkg.envoy.service.discovery.v3.AggregatedDiscoveryService
  return adsClient
}

interface TestProxy {
  id: string
  /** Responses received per type URL. */
  received: Map<string, number>
  /** Ends the ADS stream and the channel: the proxy leaves. */
  close(): void
}

interface ProxyOptions {
  xdsPort: number
  pod: string
  app: string
  version: string
  /** Type URLs this proxy rejects, with the message it rejects them with. */
  nack?: Partial<Record<string, string>>
}

function connectProxy(opts: ProxyOptions): TestProxy {
  const namespace = 'bookinfo'
  const id = `sidecar~127.0.0.1~${opts.pod}.${namespace}~${namespace}.svc.cluster.local`
  const Client = adsClientConstructor()
  const client = new Client(`127.0.0.1:${opts.xdsPort}`, grpc.credentials.createInsecure())
  const stream = client.StreamAggregatedResources() as grpc.ClientDuplexStream<unknown, DiscoveryResponse>
  const received = new Map<string, number>()
  const accepted = new Map<string, string>()
  stream.on('error', () => undefined) // cancelled by close(), or the server went away at the end
  stream.on('data', (res: DiscoveryResponse) => {
    received.set(res.typeUrl, (received.get(res.typeUrl) ?? 0) + 1)
    const rejection = opts.nack?.[res.typeUrl]
    if (rejection) {
      stream.write({
        typeUrl: res.typeUrl,
        versionInfo: accepted.get(res.typeUrl) ?? '',
        responseNonce: res.nonce,
        resourceNames: [],
        errorDetail: { code: grpc.status.INVALID_ARGUMENT, message: rejection },
      })
    } else {
      accepted.set(res.typeUrl, res.versionInfo)
      stream.write({ typeUrl: res.typeUrl, versionInfo: res.versionInfo, responseNonce: res.nonce, resourceNames: [] })
    }
  })
  const node = {
    id,
    cluster: `${opts.app}.${namespace}`,
    metadata: {
      fields: {
        GENERATOR: str('grpc'),
        NAMESPACE: str(namespace),
        WORKLOAD_NAME: str(`${opts.app}-${opts.version}`),
        INSTANCE_IPS: str('127.0.0.1'),
        LABELS: { structValue: { fields: { app: str(opts.app), version: str(opts.version) } } },
      },
    },
  }
  // Wildcard subscriptions: every cluster and listener the mesh has for this proxy.
  stream.write({ node, typeUrl: TYPE_URL.cluster, resourceNames: [] })
  stream.write({ typeUrl: TYPE_URL.listener, resourceNames: [] })
  return {
    id,
    received,
    close: () => {
      stream.cancel()
      client.close()
    },
  }
}

// --- The tests

describe.skipIf(missing.length > 0)('Proxies in the browser', () => {
  let configDir: string
  let server: RunningTrellis
  let xdsPort: number
  let browser: Browser
  let context: BrowserContext | undefined
  let pageErrors: string[] = []
  const proxies: TestProxy[] = []
  const workloads: EchoWorkloadProcess[] = []

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-proxies-'))
    await cp(FIXTURE, configDir, { recursive: true })
    // 'error': the NACKs this test provokes are logged as warnings.
    server = await startTrellis({ configDir, port: 0, host: '127.0.0.1', xdsPort: 0, webRoot: WEB_ROOT, logLevel: 'error' })
    if (server.trellis.xdsPort === undefined) throw new Error('Trellis started without its control plane')
    xdsPort = server.trellis.xdsPort
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const p of proxies) p.close()
    await Promise.all(workloads.map((w) => w.stop()))
    await browser?.close()
    await server?.close()
    if (configDir) await rm(configDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    for (const p of proxies.splice(0)) p.close()
    await Promise.all(workloads.splice(0).map((w) => w.stop()))
    await context?.close()
    context = undefined
    // An uncaught exception in the page is a bug even when the flow happened to work.
    expect(pageErrors).toEqual([])
  })

  async function open(path: string): Promise<Page> {
    context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1400, height: 900 } })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(server.url + path)
    return page
  }

  function connect(opts: Omit<ProxyOptions, 'xdsPort'>): TestProxy {
    const p = connectProxy({ xdsPort, ...opts })
    proxies.push(p)
    return p
  }

  const row = (page: Page, pod: string): Locator => page.getByTestId('proxy-row').filter({ hasText: pod })
  const badge = (scope: Locator, type: string): Locator => scope.locator(`[data-type="${type}"] [data-testid="sync-badge"]`)
  const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: LIVE_MS })

  it('says how proxies connect while none is', async () => {
    const page = await open('/proxies')
    const guide = page.getByTestId('no-proxies')
    await guide.waitFor()
    const text = await guide.textContent()
    expect(text).toContain('15010')
    expect(text).toContain('npx trellis proxy-status')
    expect(await page.getByRole('heading', { name: 'No proxies connected in all namespaces' }).count()).toBe(1)
    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link', { name: 'Proxies' }).getAttribute('aria-current')).toBe('page')
  })

  it('a workload appears live, turns SYNCED once it ACKs, shows its config, and leaves when it is killed', async () => {
    const page = await open('/proxies')
    await page.getByTestId('no-proxies').waitFor()

    // Ready means its xDS server got (and ACKed) its inbound Listener: from here a user waits seconds, not more.
    const workload = await spawnEchoWorkload({
      xdsServer: `127.0.0.1:${xdsPort}`,
      namespace: 'bookinfo',
      app: 'reviews',
      version: 'v1',
      pod: 'reviews-v1-0',
    })
    workloads.push(workload)
    const reviews = row(page, 'reviews-v1-0')
    await reviews.waitFor({ timeout: LIVE_MS })
    await poll(() => badge(reviews, 'LDS').getAttribute('data-status')).toBe('SYNCED')
    // An xDS server asks for its own Listener only.
    expect(await badge(reviews, 'CDS').getAttribute('data-status')).toBe('NOT SENT')
    const cells = await reviews.locator('td').allTextContents()
    expect(cells.slice(0, 4)).toEqual(['reviews-v1-0', 'reviews-v1', 'bookinfo', '127.0.0.1'])
    expect(cells.at(-1)).toMatch(/just now|\ds ago/)
    expect(await page.getByTestId('list-summary').textContent()).toContain('1 proxy connected in all namespaces')

    // Its registration changed the mesh's endpoints: the push is listed with its cause.
    await poll(() => page.getByTestId('pushes-panel').textContent()).toContain('workload bookinfo/reviews-v1-0 registered')

    // The detail page, by the link: per-type versions and the config that was sent.
    await reviews.getByRole('link', { name: 'reviews-v1-0' }).click()
    await page.waitForURL(`**/proxies/${encodeURIComponent(workload.nodeId)}`)
    await page.getByRole('heading', { level: 1, name: 'Proxy reviews-v1-0' }).waitFor()
    expect(await page.getByTestId('proxy-id').textContent()).toBe(workload.nodeId)
    const ldsRow = page.locator('[data-testid="type-status-row"][data-type="LDS"]')
    await poll(() => ldsRow.getAttribute('data-status')).toBe('SYNCED')
    const versions = await ldsRow.locator('td code').allTextContents()
    expect(versions[0]).toBeTruthy()
    expect(versions[1]).toBe(versions[0]) // ACKed what was sent

    const inbound = `xds.istio.io/grpc/lds/inbound/127.0.0.1:${workload.port}`
    const listener = page.locator(`[data-testid="dump-type"][data-type="LDS"] [data-testid="config-resource"][data-name="${inbound}"]`)
    await listener.waitFor()
    await listener.locator('summary').click()
    const json: unknown = JSON.parse((await listener.locator('pre').textContent()) ?? '')
    expect(json).toMatchObject({ name: inbound, address: { socketAddress: { address: '127.0.0.1', portValue: workload.port } } })
    expect(await page.locator('[data-testid="dump-type"][data-type="CDS"]').textContent()).toContain('Nothing sent')

    // Back to the list without a reload; the proxy leaves when its process dies.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Proxies' }).click()
    await reviews.waitFor()
    process.kill(workload.pid, 'SIGKILL')
    await reviews.waitFor({ state: 'detached', timeout: LIVE_MS })
    await page.getByTestId('no-proxies').waitFor()
  })

  it('a NACK shows as ERROR with the proxy\'s message: in the list, on its page, and in the push that caused it', async () => {
    const rejection = 'test proxy: listener rejected, unsupported filter chain'
    const good = connect({ pod: 'reviews-v2-0', app: 'reviews', version: 'v2' })
    const bad = connect({ pod: 'ratings-v1-0', app: 'ratings', version: 'v1', nack: { [TYPE_URL.listener]: rejection } })
    await expect.poll(() => bad.received.get(TYPE_URL.listener) ?? 0, { timeout: LIVE_MS }).toBeGreaterThan(0)
    await expect.poll(() => good.received.get(TYPE_URL.listener) ?? 0, { timeout: LIVE_MS }).toBeGreaterThan(0)

    // A deep link to the errors only.
    const page = await open('/proxies?namespaces=bookinfo&sync=error')
    const ratings = row(page, 'ratings-v1-0')
    await ratings.waitFor()
    await poll(() => page.getByTestId('proxy-row').count()).toBe(1)
    expect(await page.getByTestId('sync-filter-error').getAttribute('aria-pressed')).toBe('true')
    expect(await badge(ratings, 'LDS').getAttribute('data-status')).toBe('ERROR')
    expect(await badge(ratings, 'CDS').getAttribute('data-status')).toBe('SYNCED')

    // The message: on hover, and unfolded under the row.
    const toggle = ratings.getByTestId('nack-toggle')
    await toggle.hover()
    await poll(() => toggle.locator('.tooltip').isVisible()).toBe(true)
    expect(await toggle.locator('.tooltip').textContent()).toContain(rejection)
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await page.getByTestId('nack-row').textContent()).toContain(rejection)

    // All proxies again, then a text filter: both kept in the URL.
    await page.getByTestId('sync-filter-all').click()
    await poll(() => page.getByTestId('proxy-row').count()).toBe(2)
    expect(page.url()).not.toContain('sync=')
    await page.getByTestId('proxy-filter').fill('reviews')
    await page.waitForURL(/q=reviews/)
    await poll(() => page.getByTestId('proxy-row').count()).toBe(1)
    expect(await row(page, 'reviews-v2-0').count()).toBe(1)
    await page.getByTestId('proxy-filter').fill('')

    // A new Service changes every proxy's clusters and listeners: one push, ACKed by one, NACKed by the other.
    await writeFile(
      join(configDir, 'bookinfo/payments-service.yaml'),
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: payments, namespace: bookinfo}',
        'spec:',
        '  selector: {app: payments}',
        '  ports: [{name: grpc, port: 7070}]',
        '',
      ].join('\n'),
    )
    const push = page.getByTestId('push-item').filter({ hasText: 'Service bookinfo/payments' })
    await push.waitFor({ timeout: LIVE_MS })
    await poll(() => push.getAttribute('data-done')).toBe('true')
    const summary = await push.getByTestId('push-summary').textContent()
    expect(summary).toMatch(/pushed to 2 proxies, ACKed by 1, NACKed by 1 in [\d.]+ m?s/)
    expect(await push.textContent()).toContain(`ratings-v1-0 rejected LDS: ${rejection}`)

    // The NACKing proxy's page, by a deep link: the message first, then what it still runs.
    await page.goto(`${server.url}/proxies/${encodeURIComponent(bad.id)}?namespaces=bookinfo`)
    const banner = page.getByTestId('nack-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain(rejection)
    expect(await banner.textContent()).toContain('listeners (LDS)')
    expect(await page.locator('[data-testid="type-status-row"][data-type="LDS"]').getAttribute('data-status')).toBe('ERROR')
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Proxies' }).getAttribute('href')).toBe(
      '/proxies?namespaces=bookinfo',
    )
  })
})
