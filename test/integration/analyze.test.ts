// `trellis analyze` as a user runs it: the real command line in a child process.
import { execFile } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { makeConfigDir } from './helpers.ts'

const run = promisify(execFile)
const BIN = join(import.meta.dirname, '../../bin/trellis.js')

async function analyze(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'analyze', ...args])
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('trellis analyze', () => {
  it('exits 0 on a valid folder', async () => {
    dir = await makeConfigDir()
    const r = await analyze(dir)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/No validation issues found/)
  }, 30_000)

  it('prints a missing subset with its code, object, file and line, and exits 1', async () => {
    dir = await makeConfigDir()
    const vs = join(dir, 'bookinfo/reviews-vs.yaml')
    await writeFile(vs, (await readFile(vs, 'utf8')).replace('subset: v2', 'subset: v4'))
    const r = await analyze(dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^Error \[KIA1107\] \(VirtualService bookinfo\/reviews .*reviews-vs\.yaml:18\) Subset not found: subset "v4"/m)
    const json = await analyze(dir, '--output', 'json')
    expect(json.code).toBe(1)
    const messages = JSON.parse(json.stdout) as { code: string; path: string; line: number }[]
    expect(messages).toContainEqual(expect.objectContaining({ code: 'KIA1107', path: 'spec/http[0]/route[1]/destination/subset', line: 18 }))
  }, 30_000)

  it('reports broken YAML and schema errors in single files', async () => {
    dir = await makeConfigDir({
      'broken.yaml': 'kind: VirtualService\napiVersion: networking.istio.io/v1\nmetadata: {name: x\n',
      'bad.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bad, namespace: a}\nspec:\n  hosts: [x]\n  http:\n  - route:\n    - destination: {host: x}\n      weight: -1\n',
    })
    const r = await analyze(join(dir, 'broken.yaml'), join(dir, 'bad.yaml'))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Error \[TRL0201\] \(.*broken\.yaml:\d+\) .*YAML syntax error/)
    expect(r.stdout).toMatch(/Error \[TRL0204\] \(VirtualService a\/bad .*bad\.yaml:9\).*weight/)
  }, 30_000)

  it('fails clearly on a path that does not exist', async () => {
    const r = await analyze('/nonexistent/folder')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no such file or directory: \/nonexistent\/folder/)
  }, 30_000)
})
