// The demo's process supervisor with real child processes: ready lines, restarts with back-off and
// the reason in the log, stop by PID with nothing left alive.
import { rmSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { SupervisedChild, backoffDelay, isAlive, type ChildSpec } from '../../../server/demo/supervisor.ts'
import { demoLogger } from '../../../server/demo/log.ts'

function captureLogger(): { logger: ReturnType<typeof demoLogger>; lines: string[] } {
  const lines: string[] = []
  return { logger: demoLogger({ level: 'info', json: true, write: (l) => lines.push(l) }), lines }
}

const node = (name: string, script: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({
  name, command: process.execPath, args: ['-e', script], readyTimeoutMs: 10_000, stopGraceMs: 2_000, ...extra,
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('backoffDelay', () => {
  test('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(backoffDelay(3, { baseMs: 100, maxMs: 250 })).toBe(250)
  })
})

describe('SupervisedChild', () => {
  test('resolves with the ready line, and stops the child by PID', async () => {
    const { logger } = captureLogger()
    const child = new SupervisedChild(node('steady', `
      console.log('not json');
      console.log(JSON.stringify({ ready: true, pid: process.pid, ports: { http: 1 } }));
      setInterval(() => {}, 1000)`), logger)
    const info = await child.start()
    expect(info).toMatchObject({ ready: true, ports: { http: 1 } })
    expect(child.pid).toBe(info.pid)
    expect(isAlive(child.pid!)).toBe(true)
    const pid = child.pid!
    await child.stop()
    expect(isAlive(pid)).toBe(false)
    expect(child.running).toBe(false)
  })

  test('a child that dies is restarted with back-off, and the log says why', async () => {
    const { logger, lines } = captureLogger()
    // Ready, then dies with a message on stderr, twice; the third instance stays up.
    const script = `
      const fs = require('fs'), f = process.env.COUNT_FILE
      const n = (fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1
      fs.writeFileSync(f, String(n))
      console.log(JSON.stringify({ ready: true, pid: process.pid }))
      if (n < 3) setTimeout(() => { console.error('boom: the ratings database is gone'); process.exit(3) }, 50)
      else setInterval(() => {}, 1000)`
    const countFile = `/tmp/trellis-supervisor-test-${process.pid}-${Date.now()}`
    const child = new SupervisedChild(node('flaky', script, { env: { ...process.env, COUNT_FILE: countFile } }), logger, { baseMs: 100, maxMs: 1000 })
    const readies: number[] = []
    child.on('ready', (info) => readies.push(Number(info.pid)))
    const t0 = Date.now()
    await child.start()
    while (readies.length < 3 && Date.now() - t0 < 10_000) await sleep(20)
    expect(readies).toHaveLength(3)
    expect(child.restarts).toBe(2)
    expect(child.pids).toEqual(readies)
    // Back-off: 100 ms, then 200 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300)
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; level: number }).filter((l) => l.level === 40).map((l) => l.msg)
    expect(warnings).toEqual([
      'flaky exited with code 3 (stderr: boom: the ratings database is gone); restarting in 0.1 s',
      'flaky exited with code 3 (stderr: boom: the ratings database is gone); restarting in 0.2 s',
    ])
    await child.stop()
    expect(child.pids.filter(isAlive)).toEqual([])
    rmSync(countFile, { force: true })
  })

  test('a child that fails to start says why; stop() ends the restarts', async () => {
    const { logger } = captureLogger()
    const child = new SupervisedChild(node('broken', `
      console.log(JSON.stringify({ ready: false, error: 'port 9080 is already in use' })); process.exit(1)`), logger, { baseMs: 50 })
    const warnings: string[] = []
    child.on('exit', (why) => warnings.push(why))
    await expect(child.start()).rejects.toThrow('broken: failed to start: port 9080 is already in use')
    await sleep(300)
    expect(warnings[0]).toBe('exited with code 1: port 9080 is already in use')
    expect(child.restarts).toBeGreaterThan(0)
    await child.stop()
    const restarts = child.restarts
    await sleep(300)
    expect(child.restarts).toBe(restarts)
    expect(child.pids.filter(isAlive)).toEqual([])
  })

  test('a child that is never ready is killed after its ready timeout', async () => {
    const { logger } = captureLogger()
    const child = new SupervisedChild(node('silent', 'setInterval(() => {}, 1000)', { readyTimeoutMs: 300 }), logger, { baseMs: 5_000 })
    await expect(child.start()).rejects.toThrow('silent: not ready within 0.3 s')
    const [pid] = child.pids
    await sleep(200)
    expect(isAlive(pid)).toBe(false)
    await child.stop()
  })

  test('a child that ignores SIGTERM is killed after the grace time', async () => {
    const { logger } = captureLogger()
    const child = new SupervisedChild(node('stubborn', `
      process.on('SIGTERM', () => {}); console.log(JSON.stringify({ ready: true })); setInterval(() => {}, 1000)`, { stopGraceMs: 200 }), logger)
    await child.start()
    const pid = child.pid!
    const t0 = Date.now()
    await child.stop()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190)
    expect(isAlive(pid)).toBe(false)
  })
})
