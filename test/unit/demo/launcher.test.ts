// The demo launcher's pieces: ports, Prometheus config, workload commands, traffic, the page,
// the log format, and the manifests it seeds the config folder with.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { analyzePaths } from '../../../server/cli/analyze.ts'
import { BOOKINFO_WORKLOADS, MANIFESTS_DIR, choosePort, freePort, portFree, workloadSpec } from '../../../server/demo/launcher.ts'
import { demoLogger, formatLine } from '../../../server/demo/log.ts'
import { renderProductPage } from '../../../server/demo/productpage.ts'
import { prometheusConfig } from '../../../server/demo/prometheus.ts'
import { TrafficGenerator } from '../../../server/demo/traffic.ts'
import { grpcCompatChecks } from '../../../server/xds/compat.ts'

const HOST = '127.0.0.1'

function silentLogger(lines: string[] = []): ReturnType<typeof demoLogger> {
  return demoLogger({ level: 'info', write: (l) => lines.push(l) })
}

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, HOST, r))
  return { server, port: (server.address() as AddressInfo).port }
}

describe('ports', () => {
  let held: Server | undefined
  afterEach(async () => { await new Promise<void>((r) => (held ? held.close(() => r()) : r())) })

  test('an explicit port that is taken fails, naming the port and the part', async () => {
    const { server, port } = await listening()
    held = server
    expect(await portFree(port, HOST)).toBe(false)
    await expect(choosePort('console', port, 20001, HOST, silentLogger())).rejects.toThrow(`port ${port} (console) on ${HOST} is already in use`)
  })

  test('a default port that is taken gives way to a free one, said in the log', async () => {
    const { server, port } = await listening()
    held = server
    const lines: string[] = []
    const chosen = await choosePort('Prometheus', undefined, port, HOST, silentLogger(lines))
    expect(chosen).not.toBe(port)
    expect(await portFree(chosen, HOST)).toBe(true)
    expect(lines.join('')).toContain(`port ${port} (Prometheus) is in use; using ${chosen} instead`)
    expect(await choosePort('console', 0, 20001, HOST, silentLogger())).toBeGreaterThan(0)
  })
})

describe('Prometheus and workload commands', () => {
  test('Prometheus scrapes the file_sd targets every 5 s', () => {
    const yaml = prometheusConfig({ fileSdPath: '/tmp/x/targets.json' })
    expect(yaml).toContain('scrape_interval: 5s')
    expect(yaml).toMatch(/file_sd_configs:\s+- files:\s+- "\/tmp\/x\/targets.json"/)
  })

  test('each workload is its own process, pointed at the control plane, ending with its launcher', () => {
    expect(BOOKINFO_WORKLOADS.map((w) => `${w.role}-${w.version}`)).toEqual(['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings-v1'])
    const prev = process.env.GRPC_XDS_BOOTSTRAP
    process.env.GRPC_XDS_BOOTSTRAP = '/somewhere/else.json'
    try {
      const spec = workloadSpec({ role: 'reviews', version: 'v2' }, '127.0.0.1:15010', 'http://127.0.0.1:4318')
      expect(spec.name).toBe('reviews-v2')
      expect(spec.command).toBe(process.execPath)
      expect(spec.args[0]).toBe('--import')
      expect(spec.args[1]).toMatch(/^file:\/\/.*\/node_modules\/tsx\//)
      expect(spec.args.slice(3)).toEqual([
        '--role', 'reviews', '--version', 'v2', '--xds-server', '127.0.0.1:15010', '--exit-on-stdin-close', '--otlp-url', 'http://127.0.0.1:4318',
      ])
      expect(spec.env?.GRPC_XDS_BOOTSTRAP).toBeUndefined()
    } finally {
      if (prev === undefined) delete process.env.GRPC_XDS_BOOTSTRAP
      else process.env.GRPC_XDS_BOOTSTRAP = prev
    }
  })
})

describe('TrafficGenerator', () => {
  test('sends about `rate` requests per second, every fifth as the test user', async () => {
    const seen: Array<string | undefined> = []
    const { server, port } = await listening()
    server.on('request', (req, res) => {
      seen.push(req.headers['end-user'] as string | undefined)
      res.end('ok')
    })
    const traffic = new TrafficGenerator({ url: () => `http://${HOST}:${port}`, rate: 50, reportEveryMs: 0 })
    traffic.start()
    await new Promise((r) => setTimeout(r, 1_000))
    await traffic.stop()
    await new Promise<void>((r) => server.close(() => r()))
    // Timers on a busy machine fire late, never early.
    expect(seen.length).toBeGreaterThanOrEqual(15)
    expect(seen.length).toBeLessThanOrEqual(55)
    const users = seen.filter((u) => u === 'jason').length
    expect(Math.abs(users - seen.length / 5)).toBeLessThanOrEqual(1.5)
    const stats = traffic.stats()
    expect(stats.sent).toBeGreaterThanOrEqual(seen.length)
    // Requests still in flight at stop() are cancelled, not counted.
    expect(stats.byStatus['200']).toBeGreaterThanOrEqual(seen.length - 2)
  })

  test('waits while productpage has no URL, and refuses a nonsense rate', async () => {
    const traffic = new TrafficGenerator({ url: () => undefined, rate: 100, reportEveryMs: 0 })
    traffic.start()
    await new Promise((r) => setTimeout(r, 100))
    await traffic.stop()
    expect(traffic.stats().sent).toBe(0)
    expect(() => new TrafficGenerator({ url: () => undefined, rate: -1 })).toThrow('traffic rate must be in (0, 1000]')
  })
})

describe('the product page', () => {
  const servedBy = { workload: 'productpage-v1', version: 'v1', pod: 'productpage-v1-1' }
  const details = {
    ok: true as const,
    value: { id: 0, author: 'William Shakespeare', year: 1595, type: 'paperback', pages: 200, publisher: 'PublisherA', language: 'English', isbn_10: '1', isbn_13: '2' },
  }
  const reviews = (version: string, stars: number, color: string) => ({
    ok: true as const,
    value: {
      product_id: 0, workload: `reviews-${version}`, version, pod: `reviews-${version}-9`, ratings_error: '',
      reviews: [{ reviewer: 'Reviewer1', text: 'Fun <b>play</b>', stars, color }],
    },
  })

  test('shows which reviews version answered: no stars, black stars, red stars', () => {
    const v1 = renderProductPage({ details, reviews: reviews('v1', 0, ''), servedBy })
    expect(v1).toContain('Reviews served by: <b>reviews-v1</b>')
    expect(v1).not.toContain('class="stars"')
    expect(renderProductPage({ details, reviews: reviews('v2', 5, 'black'), servedBy })).toContain('style="color: black">★★★★★</span>')
    expect(renderProductPage({ details, reviews: reviews('v3', 4, 'red'), servedBy })).toContain('style="color: red">★★★★☆</span>')
  })

  test('escapes what it shows, and says when a part is unavailable', () => {
    const html = renderProductPage({ details: { ok: false, error: 'UNAVAILABLE: <no endpoints>' }, reviews: reviews('v1', 0, ''), servedBy, user: '<jason>' })
    expect(html).toContain('Fun &lt;b&gt;play&lt;/b&gt;')
    expect(html).toContain('&lt;jason&gt;')
    expect(html).toContain('Sorry, product details are currently unavailable for this book. (UNAVAILABLE: &lt;no endpoints&gt;)')
  })
})

describe('the demo log', () => {
  test('pino lines as short text', () => {
    const line = formatLine(JSON.stringify({ level: 40, time: Date.UTC(2024, 0, 1, 12, 0, 5), part: 'demo', msg: 'reviews-v2 exited', child: 'reviews-v2', restartInMs: 2000 }))
    expect(line).toMatch(/^\d\d:\d\d:05 WARN {2}\[demo\] reviews-v2 exited {2}child=reviews-v2 restartInMs=2000$/)
  })
})

describe('the demo manifests', () => {
  test('pass admission and the analyzers without errors, and nothing proxyless gRPC cannot honour', async () => {
    const { messages, objects } = await analyzePaths([MANIFESTS_DIR])
    expect(objects).toBeGreaterThanOrEqual(11)
    expect(messages.filter((m) => m.severity === 'error')).toEqual([])
    for (const file of ['services.yaml', 'destination-rules.yaml', 'virtual-services.yaml', 'reviews-virtualservice.yaml']) {
      const docs = parseAllDocuments(await readFile(join(MANIFESTS_DIR, 'bookinfo', file), 'utf8')).map((d) => d.toJS() as ConfigObject)
      for (const obj of docs) expect(grpcCompatChecks(obj), `${obj.kind}/${obj.metadata.name}`).toEqual([])
    }
  })

  test('reviews start on v1, with the test user on v2', async () => {
    const [vs] = parseAllDocuments(await readFile(join(MANIFESTS_DIR, 'bookinfo', 'reviews-virtualservice.yaml'), 'utf8')).map((d) => d.toJS() as ConfigObject)
    const http = vs.spec?.http as Array<{ match?: unknown[]; route: Array<{ destination: { subset: string }; weight?: number }> }>
    expect(http.map((h) => h.route.map((r) => r.destination.subset))).toEqual([['v2'], ['v1']])
    expect(http[1].match).toBeUndefined()
    expect(http[1].route[0].weight).toBe(100)
  })
})

test('freePort gives a port nothing listens on', async () => {
  expect(await portFree(await freePort(HOST), HOST)).toBe(true)
})
