// The trellis command line: serve | demo | analyze | proxy-status.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { runAnalyze } from './cli/analyze.ts'
import { runProxyStatus } from './cli/proxy-status.ts'
import { DEMO_USAGE, runDemo } from './demo/cli.ts'
import { startTrellis } from './serve.ts'

const USAGE = `Usage: trellis <command> [options]

Commands:
  serve      Run the console and API over a folder of Istio YAML
               --config-dir DIR   folder of YAML manifests, watched for edits (default ./config)
               --port N           HTTP port for the UI and API (default 20001)
               --host ADDR        address to listen on (default 127.0.0.1)
               --view-only        refuse every change (HTTP 403) and hide write controls
               --log-level LEVEL  fatal|error|warn|info|debug (default info)
               --xds-port N|off   ADS port of the embedded control plane (default 15010);
                                  off when another control plane (istiod) runs the mesh
               --prometheus-url URL  Prometheus holding Istio's metrics (e.g. http://127.0.0.1:9090);
                                  without it, health shows NA and metrics answer 503
               --file-sd-path FILE  write Prometheus file_sd targets for every registered workload
${DEMO_USAGE}  analyze PATH...  Check YAML files or folders like \`istioctl analyze\`
               --output text|json (default text); exits 1 when any error is found
  proxy-status [NAME...]  Connected proxies and their xDS sync state, like \`istioctl proxy-status\`
               --url URL (default http://127.0.0.1:20001)  -n NAMESPACE  --output table|json;
               exits 1 when a proxy rejected its config
  help       Show this help
`

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'config-dir': { type: 'string', default: 'config' },
      port: { type: 'string', default: '20001' },
      host: { type: 'string', default: '127.0.0.1' },
      'view-only': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      'xds-port': { type: 'string', default: '15010' },
      'prometheus-url': { type: 'string' },
      'file-sd-path': { type: 'string' },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)
  const xdsPort = values['xds-port'] === 'off' ? undefined : Number(values['xds-port'])
  if (xdsPort !== undefined && (!Number.isInteger(xdsPort) || xdsPort < 0 || xdsPort > 65535)) {
    throw new Error(`--xds-port must be a port number or "off", got "${values['xds-port']}"`)
  }
  const running = await startTrellis({
    xdsPort,
    configDir: resolve(values['config-dir']),
    port,
    host: values.host,
    viewOnly: values['view-only'],
    logLevel: values['log-level'],
    prometheusUrl: values['prometheus-url'],
    ...(values['file-sd-path'] ? { fileSdPath: resolve(values['file-sd-path']) } : {}),
  })
  running.trellis.logger.info({ url: running.url, configDir: resolve(values['config-dir']) }, `Trellis is serving on ${running.url}`)
  const stop = async (signal: string) => {
    running.trellis.logger.info({ signal }, 'shutting down')
    await running.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'serve':
      await serve(rest)
      return -1
    case 'demo':
      await runDemo(rest)
      return -1
    case 'analyze':
      return runAnalyze(rest)
    case 'proxy-status':
      return runProxyStatus(rest)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE)
      return 0
    default:
      process.stderr.write(`trellis: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (err: Error) => {
    process.stderr.write(`trellis: ${err.message}\n`)
    process.exitCode = 2
  },
)
