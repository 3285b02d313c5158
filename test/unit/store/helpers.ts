// Shared setup for the FileStore tests: temp config dirs, a small admission, polling with a deadline.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../../../server/validation/codes.ts'
import type { FileStoreOptions } from '../../../server/store/files/store.ts'
import { FileStore } from '../../../server/store/files/store.ts'
import type { WatchEvent } from '../../../server/store/types.ts'

export const NET = 'networking.istio.io'

/**
 * A stand-in for the real admission: a VirtualService needs spec.hosts, a weight above 100 is an
 * error, and a `warn: "yes"` label earns a warning.
 */
export function testAdmission(candidate: ConfigObject): IstioCheck[] {
  const checks: IstioCheck[] = []
  if (candidate.kind === 'VirtualService') {
    const spec = candidate.spec ?? {}
    if (!Array.isArray(spec.hosts)) checks.push(check('schema', ['spec', 'hosts'], 'hosts is required'))
    const http = Array.isArray(spec.http) ? (spec.http as { route?: { weight?: number }[] }[]) : []
    http.forEach((h, i) =>
      (h.route ?? []).forEach((r, j) => {
        if ((r.weight ?? 0) > 100) checks.push(check('invalidWeight', ['spec', 'http', i, 'route', j, 'weight'], 'above 100'))
      }),
    )
  }
  if (candidate.metadata.labels?.warn === 'yes') {
    checks.push({ ...check('invalidLabel', ['metadata', 'labels', 'warn'], 'only a warning'), severity: 'warning' })
  }
  return checks
}

export interface Harness {
  dir: string
  store: FileStore
  events: WatchEvent[][]
  read(rel: string): Promise<string>
  write(rel: string, text: string): Promise<void>
  cleanup(): Promise<void>
}

/** A temp config dir holding `files`, and a started store on it that records every batch. */
export async function harness(
  files: Record<string, string> = {},
  opts: Partial<FileStoreOptions> = {},
): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-store-'))
  const write = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
    await writeFile(path.join(dir, rel), text)
  }
  for (const [rel, text] of Object.entries(files)) await write(rel, text)
  const store = new FileStore({ dir, admission: testAdmission, watch: false, ...opts })
  const events: WatchEvent[][] = []
  store.watch((batch) => events.push(batch))
  await store.ready
  return {
    dir,
    store,
    events,
    write,
    read: (rel) => readFile(path.join(dir, rel), 'utf8'),
    async cleanup() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Polls until `probe` returns something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 1000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function vsRef(name: string, namespace = 'bookinfo') {
  return { group: NET, kind: 'VirtualService', namespace, name }
}

/** A mutable copy of a stored object, as a client would edit it. */
export function editable(obj: ConfigObject | undefined): ConfigObject {
  if (!obj) throw new Error('object not found')
  return structuredClone(obj)
}
