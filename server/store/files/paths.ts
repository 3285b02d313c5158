// Where objects live on disk: which files the store reads, and the file a created object gets.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ObjectRef } from '../../../shared/k8s.ts'
import { BadRequestError } from '../errors.ts'

const YAML_FILE = /\.ya?ml$/i

export function isYamlFile(file: string): boolean {
  return YAML_FILE.test(file)
}

/**
 * Hidden entries are skipped: `.git`, editors' state, and the `..data` folders Kubernetes uses to
 * swap ConfigMap mounts (loading those too would define every object twice).
 */
export function isHidden(rel: string): boolean {
  return rel.split('/').some((segment) => segment.startsWith('.'))
}

/** Files are named by their path relative to the config dir, with `/` on every platform. */
export function toRel(dir: string, abs: string): string {
  return path.relative(dir, abs).split(path.sep).join('/')
}

export function toAbs(dir: string, rel: string): string {
  return path.join(dir, ...rel.split('/'))
}

/** Every visible YAML file under `dir`, sorted, so duplicate definitions resolve the same way each start. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  async function walk(abs: string): Promise<void> {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const child = path.join(abs, entry.name)
      if (entry.isDirectory()) await walk(child)
      else if ((entry.isFile() || entry.isSymbolicLink()) && isYamlFile(entry.name)) found.push(toRel(dir, child))
    }
  }
  await walk(dir)
  return found.sort()
}

/** Names come from validated objects, but a file path is built from them, so check again here. */
function assertSafeSegment(value: string, field: string): void {
  // A leading '.' would make a hidden file, which the loader skips.
  if (!value || value.startsWith('.') || /[/\\\0]/.test(value) || value.includes('..')) {
    throw new BadRequestError(
      `metadata.${field} ${JSON.stringify(value)} cannot name a file: it may not be empty, start with '.', or contain '/', '\\', '..' or NUL`,
    )
  }
}

/**
 * The file a created object goes to: `<namespace or _cluster>/<kind>-<name>.yaml`, with `-2`, `-3`…
 * when that name is taken. `_cluster` cannot clash with a namespace: namespaces are DNS labels.
 */
export function newObjectFile(dir: string, ref: ObjectRef, attempt: number): string {
  assertSafeSegment(ref.name, 'name')
  if (ref.namespace) assertSafeSegment(ref.namespace, 'namespace')
  const suffix = attempt > 1 ? `-${attempt}` : ''
  const rel = `${ref.namespace || '_cluster'}/${ref.kind.toLowerCase()}-${ref.name}${suffix}.yaml`
  const back = path.relative(path.resolve(dir), path.resolve(dir, rel))
  if (back.startsWith('..') || path.isAbsolute(back)) {
    throw new BadRequestError(`${ref.kind} ${ref.namespace}/${ref.name} would be written outside the config directory`)
  }
  return rel
}

/** The error of a path that is not there (or is not a file where one was expected). */
export function isGone(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? err.code : undefined
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}

export async function exists(abs: string): Promise<boolean> {
  try {
    await stat(abs)
    return true
  } catch (err) {
    if (isGone(err)) return false
    throw err
  }
}
