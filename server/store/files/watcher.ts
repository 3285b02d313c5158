// Watches the config dir for hand edits and reports changed paths in batches, once writes settle.
import { watch } from 'chokidar'
import { isHidden, isYamlFile, toRel } from './paths.ts'

export interface TreeWatcher {
  close(): Promise<void>
}

/** Report once no event came for this long: an editor's save is several events. */
const QUIET_MS = 50
/** …but never later than this after the first event, so hand edits show within a second. */
const MAX_WAIT_MS = 300

/**
 * Calls `onChange` with the relative paths of YAML files and removed folders that changed. The
 * paths are only hints: the receiver re-reads them and compares with what it knows.
 */
export async function watchTree(
  dir: string,
  onChange: (paths: string[]) => void,
  onError: (err: unknown) => void,
): Promise<TreeWatcher> {
  const pending = new Set<string>()
  let quiet: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined

  function flush(): void {
    clearTimeout(quiet)
    clearTimeout(deadline)
    quiet = deadline = undefined
    const paths = [...pending]
    pending.clear()
    if (paths.length > 0) onChange(paths)
  }

  function note(abs: string, isDir: boolean): void {
    const rel = toRel(dir, abs)
    if (!rel || isHidden(rel) || (!isDir && !isYamlFile(rel))) return
    pending.add(rel)
    clearTimeout(quiet)
    quiet = setTimeout(flush, QUIET_MS)
    deadline ??= setTimeout(flush, MAX_WAIT_MS)
  }

  const watcher = watch(dir, {
    ignoreInitial: true,
    // Chokidar's own merging of delete-and-recreate holds unlinks back 100 ms; the debounce here
    // already merges them, and every reported path is re-read from disk anyway.
    atomic: false,
    // Hidden folders (.git…) are not read, and temp files of atomic writes (`x.yaml.1a2b3c`) and
    // other non-YAML files are not of interest.
    ignored: (path, stats) => isHidden(toRel(dir, path)) || (stats?.isFile() === true && !isYamlFile(path)),
  })
  watcher.on('add', (p) => note(p, false))
  watcher.on('change', (p) => note(p, false))
  watcher.on('unlink', (p) => note(p, false))
  watcher.on('unlinkDir', (p) => note(p, true))
  watcher.on('error', onError)
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))

  return {
    async close() {
      clearTimeout(quiet)
      clearTimeout(deadline)
      pending.clear()
      await watcher.close()
    },
  }
}
