// The one place the store changes files on disk.
import { mkdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { isGone } from './paths.ts'

/** Temp file, fsync, rename: a process killed at any moment leaves the old file or the new one, never a torn one. */
export async function writeAtomic(abs: string, text: string): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true })
  await writeFileAtomic(abs, text, { fsync: true })
}

/** Removes a file; one already gone is fine. */
export async function removeFile(abs: string): Promise<void> {
  try {
    await unlink(abs)
  } catch (err) {
    if (!isGone(err)) throw err
  }
}
