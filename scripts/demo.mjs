#!/usr/bin/env node
// `npm run demo`: everything a fresh clone needs, then `trellis demo`.
//   1. npm dependencies, when any is missing (npm ci on a clean clone, npm install otherwise);
//   2. the web app, when dist/web is missing or older than its sources;
//   3. Prometheus: Debian's package, installed when missing and running as root; otherwise a
//      message saying how to get it and what the demo lacks without it;
//   4. `node bin/trellis.js demo` with this script's arguments, signals forwarded to it.
// Plain JavaScript with no dependencies: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
const args = process.argv.slice(2)

function say(message) {
  process.stdout.write(`[demo] ${message}\n`)
}

function fail(message) {
  process.stderr.write(`[demo] ${message}\n`)
  process.exit(1)
}

function run(command, commandArgs, what) {
  say(`${what}: ${command} ${commandArgs.join(' ')}`)
  const r = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: process.env })
  if (r.error) return `could not run ${command}: ${r.error.message}`
  if (r.status !== 0) return `${command} ${commandArgs.join(' ')} exited with ${r.status ?? r.signal}`
  return undefined
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: Trellis needs Node 20.19 or newer`)
}

function missingDependencies() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
  return names.filter((name) => !existsSync(join(ROOT, 'node_modules', name, 'package.json')))
}

function ensureDependencies() {
  const missing = missingDependencies()
  if (missing.length === 0) return
  const clean = !existsSync(join(ROOT, 'node_modules'))
  const useCi = clean && existsSync(join(ROOT, 'package-lock.json'))
  const err = run('npm', [useCi ? 'ci' : 'install', '--no-audit', '--no-fund'], `installing npm dependencies (${missing.length} missing)`)
  if (err) fail(`${err}; install the dependencies (npm install) and run the demo again`)
}

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

function ensureWebBuild() {
  const built = join(ROOT, 'dist', 'web', 'index.html')
  const sources = ['web', 'shared', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(ROOT, p)))
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return
  const err = run('npm', ['run', 'build'], existsSync(built) ? 'the web app is older than its sources; building it' : 'building the web app')
  if (err) say(`${err}: the demo starts anyway; the API works but the console's pages may be missing or stale`)
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function findPrometheus() {
  if (process.env.PROMETHEUS_BIN) return executable(process.env.PROMETHEUS_BIN) ? process.env.PROMETHEUS_BIN : undefined
  if (executable('/usr/bin/prometheus')) return '/usr/bin/prometheus'
  return (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'prometheus')).find((p) => p !== 'prometheus' && executable(p))
}

const WITHOUT_PROMETHEUS = 'Without it the demo runs without metrics: the graph, health and the metrics charts stay empty ' +
  '(config, validation, routing and the Bookinfo page still work).'

/** True when Prometheus is there (or now installed); false to run the demo without it. */
function ensurePrometheus() {
  if (args.includes('--no-prometheus') || findPrometheus()) return true
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const apt = executable('/usr/bin/apt-get')
  if (root && apt) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    say("Prometheus is missing: installing Debian's package (apt-get install prometheus)")
    let r = spawnSync('apt-get', ['install', '-y', '-q', 'prometheus'], { stdio: 'inherit', env })
    if (r.status !== 0) {
      // A fresh machine may have no package lists yet.
      spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env })
      r = spawnSync('apt-get', ['install', '-y', '-q', 'prometheus'], { stdio: 'inherit', env })
    }
    if (r.status === 0 && findPrometheus()) {
      say("Prometheus installed. (Debian's package may also have started its own service on port 9090; the demo runs " +
        'its own Prometheus and does not need it: `systemctl disable --now prometheus` if you do not want it.)')
      return true
    }
    say(`apt-get install prometheus failed. ${WITHOUT_PROMETHEUS}`)
    return false
  }
  say(`Prometheus is not installed. Install it with \`sudo apt-get install prometheus\` (Debian/Ubuntu), or put a ` +
    `Prometheus 2.x binary on PATH or in $PROMETHEUS_BIN, then run the demo again. ${WITHOUT_PROMETHEUS}`)
  return false
}

function runDemo(withPrometheus) {
  const demoArgs = [join(ROOT, 'bin', 'trellis.js'), 'demo', ...args]
  if (!withPrometheus && !args.includes('--no-prometheus')) demoArgs.push('--no-prometheus')
  const child = spawn(process.execPath, demoArgs, { cwd: ROOT, stdio: 'inherit' })
  // A terminal's Ctrl-C reaches the whole process group; a signal sent to this script alone is
  // passed on. The demo handles repeats, and stops everything it started.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    })
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1)))
}

checkNode()
ensureDependencies()
ensureWebBuild()
runDemo(ensurePrometheus())
