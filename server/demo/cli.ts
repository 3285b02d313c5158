// `trellis demo [options]`: starts the demo, prints where to look, and on Ctrl-C (SIGINT) or
// SIGTERM stops every process it started before exiting.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { demoLogger } from './log.ts'
import { startDemo, type RunningDemo } from './launcher.ts'

export const DEMO_USAGE = `  demo       The Bookinfo demo: Trellis with its control plane, six proxyless gRPC workloads,
             Prometheus and steady traffic; Ctrl-C stops everything
               --port N           console port (default 20001, or a free one if taken; 0: any)
               --xds-port N       control plane port (default 15010, or a free one if taken)
               --prometheus-port N  (default 9090, or a free one if taken)
               --no-prometheus    run without Prometheus (no metrics, graph or health)
               --rate N           requests per second to productpage (default 5; 0: none)
               --config-dir DIR   use this config folder as is (default: a fresh copy of the demo's manifests)
               --otlp-url URL     export the workloads' spans over OTLP/HTTP (default: not exported)
               --log-level LEVEL  demo log level (default info); --json-log for JSON lines
               --status-file F    keep a JSON file of URLs and PIDs up to date (for scripts and tests)
`

function portFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number (0 for any free port), got "${value}"`)
  return n
}

export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'xds-port': { type: 'string' },
      'prometheus-port': { type: 'string' },
      'no-prometheus': { type: 'boolean', default: false },
      rate: { type: 'string', default: '5' },
      'config-dir': { type: 'string' },
      'otlp-url': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'json-log': { type: 'boolean', default: false },
      'status-file': { type: 'string' },
    },
    strict: true,
  })
  const rate = Number(values.rate)
  if (!(rate >= 0 && rate <= 1000)) throw new Error(`--rate must be a number of requests per second in [0, 1000], got "${values.rate}"`)
  if (values['otlp-url'] !== undefined) new URL(values['otlp-url'])
  const logger = demoLogger({ level: values['log-level'], json: values['json-log'] }).child({ part: 'demo' })

  let demo: RunningDemo | undefined
  let stopping: Promise<void> | undefined
  const stop = (signal: string): void => {
    if (stopping) {
      logger.debug(`${signal}: already stopping`)
      return
    }
    logger.info(`${signal}: stopping every process the demo started`)
    stopping = (demo?.stop() ?? Promise.resolve([])).then(
      (survivors) => {
        if (survivors.length) {
          logger.error({ pids: survivors }, 'stopped, but these processes could not be killed')
          process.exit(1)
        }
        logger.info('stopped; nothing left running')
        process.exit(0)
      },
      (e: unknown) => {
        logger.error({ err: e }, 'stopping failed')
        process.exit(1)
      },
    )
  }
  // Installed before starting, so a Ctrl-C during start-up also cleans up what has started.
  let signalled: string | undefined
  const starting = new AbortController()
  const onSignal = (signal: string): void => {
    if (demo) stop(signal)
    else {
      signalled ??= signal
      starting.abort()
    }
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGHUP', () => onSignal('SIGHUP'))

  demo = await startDemo({
    logger,
    port: portFlag(values.port, '--port'),
    xdsPort: portFlag(values['xds-port'], '--xds-port'),
    prometheusPort: portFlag(values['prometheus-port'], '--prometheus-port'),
    prometheus: !values['no-prometheus'],
    rate,
    configDir: values['config-dir'] === undefined ? undefined : resolve(values['config-dir']),
    otlpUrl: values['otlp-url'],
    signal: starting.signal,
  })

  const statusFile = values['status-file']
  if (statusFile) {
    const running = demo
    const write = (): void => {
      writeFileSync(statusFile, `${JSON.stringify({
        consoleUrl: running.consoleUrl,
        prometheusUrl: running.prometheusUrl,
        productpageUrl: running.productpageUrl(),
        configDir: running.configDir,
        pid: process.pid,
        pids: running.pids(),
        children: running.children.map((c) => ({ name: c.spec.name, pid: c.pid, pids: c.pids, restarts: c.restarts })),
      }, null, 2)}\n`)
    }
    running.onChange(write)
    write()
  }

  if (signalled) {
    stop(signalled)
    return
  }
  process.stdout.write(banner(demo))
}

function banner(demo: RunningDemo): string {
  const lines = [
    '',
    `  Trellis console     ${demo.consoleUrl}`,
    `  Bookinfo            ${demo.productpageUrl() ?? '(productpage is still starting)'}/productpage`,
    `  Prometheus          ${demo.prometheusUrl ?? '(not running: no metrics, graph or health)'}`,
    `  Config folder       ${demo.configDir}`,
    '',
    '  Try: shift reviews to 50/50 v1/v3 —',
    `    curl -X PATCH -H 'content-type: application/merge-patch+json' \\`,
    `      ${demo.consoleUrl}/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews \\`,
    `      -d '{"spec":{"http":[{"route":[{"destination":{"host":"reviews","subset":"v1"},"weight":50},{"destination":{"host":"reviews","subset":"v3"},"weight":50}]}]}}'`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ]
  return `${lines.join('\n')}\n`
}
