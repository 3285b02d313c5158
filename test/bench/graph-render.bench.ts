// Benchmark of the graph page in a real browser: the built web app (dist/web) in headless Chromium
// (Debian's), fed a synthetic mesh (test/fixtures/graph/synthetic.ts) by a small loopback server
// that serves the app and the API the page calls. For each size and renderer it times, over fresh
// browser contexts (cold cache):
//   - first paint: navigation start → cytoscape has drawn the graph (the page's performance mark
//     `trellis:graph:drawn`), with the graph answer's arrival and the elements' insertion on the way;
//   - panning: frame times (requestAnimationFrame deltas in the page) while the mouse drags the
//     graph around a circle for a few seconds.
// At 5,000 workloads the page stops at its node budget: the time to that notice is printed, and,
// once, the time to draw it all anyway — why the budget is there.
//
// Run: npx vite build && npx tsx test/bench/graph-render.bench.ts [--runs 5] [--pan-seconds 3]
//      [--sizes 1000x5000,5000x25000] [--renderers canvas,webgl] [--web-root dist/web]. Prints figures only.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type Browser, type Page } from 'playwright-core'
import type { GraphResponse } from '../../shared/graph.ts'
import { NODE_BUDGET } from '../../web/pages/Graph/budget.ts'
import { syntheticGraph } from '../fixtures/graph/synthetic.ts'
import { launchChromium } from '../support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'pan-seconds': { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1000x5000,5000x25000' },
    renderers: { type: 'string', default: 'canvas,webgl' },
    /** Another build of the app (a variant under test). */
    'web-root': { type: 'string', default: join(ROOT, 'dist/web') },
  },
})
const WEB_ROOT = args['web-root']!
const RUNS = Number(args.runs)
const PAN_MS = Number(args['pan-seconds']) * 1000
const SIZES = args.sizes!.split(',').map((s) => s.split('x').map(Number) as [number, number])
const RENDERERS = args.renderers!.split(',') as ('canvas' | 'webgl')[]
const VIEWPORT = { width: 1600, height: 1000 }

// ---- A loopback server: the built app and the few API answers the graph page needs.

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }

interface BenchServer {
  url: string
  setGraph(g: GraphResponse): void
  close(): Promise<void>
}

async function startServer(): Promise<BenchServer> {
  let graphBody = ''
  let namespacesBody = '[]'
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) =>
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const p = url.pathname
    if (p === '/api/namespaces/graph') return send(res, 200, 'application/json', graphBody)
    if (p === '/api/namespaces') return send(res, 200, 'application/json', namespacesBody)
    if (p === '/api/status') {
      return send(res, 200, 'application/json', JSON.stringify({ prometheus: { available: true }, controlPlane: { enabled: false } }))
    }
    if (p === '/api/events') {
      // Live events: an open stream that says nothing, as a quiet mesh does.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.write(': quiet\n\n')
      return
    }
    if (p.startsWith('/api/')) return send(res, 404, 'application/json', JSON.stringify({ error: `no ${p} in the benchmark`, reason: 'NotFound' }))
    const file = normalize(join(WEB_ROOT, p))
    const path = file.startsWith(WEB_ROOT) && existsSync(file) && extname(file) ? file : join(WEB_ROOT, 'index.html')
    send(res, 200, TYPES[extname(path)] ?? 'application/octet-stream', await readFile(path))
  }
  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setGraph(g) {
      graphBody = JSON.stringify(g)
      const names = [...new Set(g.elements.nodes.map((n) => n.data.namespace))].filter((n) => n !== 'unknown').sort()
      namespacesBody = JSON.stringify(names.map((name) => ({ name, labels: {} })))
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

// ---- Statistics

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—')

// ---- One page load

interface PaintTimes {
  response: number
  elements: number
  drawn: number
}

async function firstPaint(page: Page): Promise<PaintTimes> {
  await page.waitForFunction(() => performance.getEntriesByName('trellis:graph:drawn').length > 0, null, { timeout: 180_000, polling: 50 })
  return page.evaluate(`(() => {
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN
    const graph = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/namespaces/graph'))
    return { response: graph ? graph.responseEnd : NaN, elements: mark('trellis:graph:elements'), drawn: mark('trellis:graph:drawn') }
  })()`)
}

/** Drags the graph around a circle for PAN_MS, collecting requestAnimationFrame deltas meanwhile. */
async function panFrames(page: Page): Promise<{ frames: number[]; moves: number }> {
  const box = (await page.getByTestId('graph-canvas').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  // Let the page settle: the first paint's follow-up work is not panning.
  await page.waitForTimeout(500)
  await page.evaluate(`(() => {
    const w = window
    w.__frames = []
    let last = performance.now()
    w.__collect = true
    const loop = (t) => { w.__frames.push(t - last); last = t; if (w.__collect) requestAnimationFrame(loop) }
    requestAnimationFrame(loop)
  })()`)
  await page.mouse.move(cx, cy)
  await page.mouse.down()
  const start = Date.now()
  let moves = 0
  while (Date.now() - start < PAN_MS) {
    const a = (moves / 20) * Math.PI
    await page.mouse.move(cx + Math.cos(a) * 150, cy + Math.sin(a) * 100)
    moves++
  }
  await page.mouse.up()
  const frames: number[] = await page.evaluate(`(() => { window.__collect = false; return window.__frames.slice(1) })()`)
  return { frames, moves }
}

async function drawnCounts(page: Page): Promise<{ nodes: number; edges: number; layout: string }> {
  const stage = page.getByTestId('graph-stage')
  return {
    nodes: Number(await stage.getAttribute('data-nodes')),
    edges: Number(await stage.getAttribute('data-edges')),
    layout: (await stage.getAttribute('data-layout')) ?? '?',
  }
}

async function benchDrawable(browser: Browser, server: BenchServer, label: string, renderer: string): Promise<void> {
  const paints: PaintTimes[] = []
  const frames: number[] = []
  let moves = 0
  let counts = { nodes: 0, edges: 0, layout: '?' }
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/graph?renderer=${renderer}`)
    paints.push(await firstPaint(page))
    counts = await drawnCounts(page)
    const pan = await panFrames(page)
    frames.push(...pan.frames)
    moves += pan.moves
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`)
    await context.close()
  }
  const drawn = paints.map((p) => p.drawn)
  const fps = 1000 / quantile(frames, 0.5)
  console.log(
    [
      `${label}, ${renderer}: ${counts.nodes} nodes and ${counts.edges} edges drawn (layout: ${counts.layout})`,
      `  first paint   median ${ms(quantile(drawn, 0.5))}, p95 ${ms(quantile(drawn, 0.95))}, best ${ms(Math.min(...drawn))}` +
        `  (answer received: median ${ms(quantile(paints.map((p) => p.response), 0.5))}; elements in: ${ms(quantile(paints.map((p) => p.elements), 0.5))})`,
      `  panning       frame median ${quantile(frames, 0.5).toFixed(1)} ms (${fps.toFixed(0)} fps), p95 ${quantile(frames, 0.95).toFixed(1)} ms, ` +
        `max ${Math.max(...frames).toFixed(0)} ms; ${(moves / ((RUNS * PAN_MS) / 1000)).toFixed(0)} mouse moves/s handled`,
    ].join('\n'),
  )
}

async function benchOverBudget(browser: Browser, server: BenchServer, label: string): Promise<void> {
  const notice: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(`${server.url}/graph`)
    await page.getByTestId('graph-budget').waitFor({ timeout: 120_000 })
    notice.push(await page.evaluate(`performance.getEntriesByName('trellis:graph:budget')[0]?.startTime ?? NaN`))
    await context.close()
  }
  console.log(`${label}: over the node budget; the notice asking to filter shows after median ${ms(quantile(notice, 0.5))}, p95 ${ms(quantile(notice, 0.95))}`)
  // Once: what the budget spares the user.
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  await page.goto(`${server.url}/graph`)
  const button = page.getByTestId('graph-budget').getByRole('button', { name: 'Draw it anyway' })
  await button.waitFor({ timeout: 120_000 })
  // The click's own time, taken in the page: drawing blocks the page long after the click.
  await page.evaluate(`document.addEventListener('click', (e) => { window.__clickAt = e.timeStamp }, { capture: true, once: true })`)
  await button.click()
  try {
    await page.waitForFunction(() => performance.getEntriesByName('trellis:graph:drawn').length > 0, null, { timeout: 180_000, polling: 200 })
    const t0: number = await page.evaluate('window.__clickAt')
    const t1: number = await page.evaluate(`performance.getEntriesByName('trellis:graph:drawn')[0].startTime`)
    const pan = await panFrames(page)
    console.log(
      `  drawn anyway: ${ms(t1 - t0)} after the click; panning frame median ${quantile(pan.frames, 0.5).toFixed(1)} ms, p95 ${quantile(pan.frames, 0.95).toFixed(1)} ms`,
    )
  } catch {
    console.log('  drawn anyway: not drawn within 180 s')
  }
  await context.close()
}

async function main(): Promise<void> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the web app is not built (${WEB_ROOT}): run \`npx vite build\` first`)
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`)
  console.log(`graph rendering benchmark: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} runs each, ${PAN_MS / 1000} s of panning`)
  const server = await startServer()
  const browser = await launchChromium()
  try {
    for (const [workloads, edges] of SIZES) {
      const graph = syntheticGraph({ workloads, edges, seed: 7 })
      server.setGraph(graph)
      const label = `${workloads} workloads, ${graph.elements.edges.length} edges (${(JSON.stringify(graph).length / 1e6).toFixed(1)} MB of JSON)`
      const nodes = graph.elements.nodes.filter((n) => n.data.nodeType !== 'box').length
      if (nodes > NODE_BUDGET) await benchOverBudget(browser, server, label)
      else for (const renderer of RENDERERS) await benchDrawable(browser, server, label, renderer)
    }
  } finally {
    await browser.close()
    await server.close()
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
}

await main()
