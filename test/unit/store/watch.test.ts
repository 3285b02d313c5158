// Hand edits of the files: picked up within a second, in batches, and never confused with the store's own writes.
import { rename, rm, unlink } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConflictError } from '../../../server/store/errors.ts'
import type { WatchEvent } from '../../../server/store/types.ts'
import type { Harness } from './helpers.ts'
import { editable, harness, vsRef, waitFor } from './helpers.ts'

function vs(name: string, hosts: string, extra = ''): string {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: bookinfo\nspec:\n  hosts: [${hosts}]${extra}\n`
}

let h: Harness
afterEach(async () => h?.cleanup())

/** Batches after the initial load, as [type, name] pairs. */
function seen(from = 1): [string, string][][] {
  return h.events.slice(from).map((batch) => batch.map((e: WatchEvent) => [e.type, e.object.metadata.name]))
}

/** Where batchWith looks from: batches already matched (and the initial load) are passed over. */
let cursor = 1
let sentinels = 0
beforeEach(() => {
  cursor = 1
  sentinels = 0
})

/** Waits for the next batch with the given event; 1000 ms is the promise made to users. */
async function batchWith(type: string, name: string, timeoutMs = 1000): Promise<WatchEvent[]> {
  const index = await waitFor(
    () => {
      const i = h.events.findIndex((b, n) => n >= cursor && b.some((e) => e.type === type && e.object.metadata.name === name))
      return i >= 0 ? i + 1 : undefined
    },
    timeoutMs,
    `${type} ${name}`,
  )
  cursor = index
  return h.events[index - 1]
}

/**
 * Events of one file arrive in order, and a later hand edit is reported after an earlier one, so
 * once a sentinel file's ADDED is in, any echo of earlier writes would have been too.
 */
async function sentinel(): Promise<void> {
  const name = `sentinel-${++sentinels}`
  await h.write(`${name}.yaml`, `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`)
  await batchWith('ADDED', name)
}

describe('FileStore watching', () => {
  it('shows a hand edit in get() and to watchers within a second, one batch per edit', async () => {
    h = await harness({ 'routes.yaml': `${vs('reviews', 'reviews')}---\n${vs('ratings', 'ratings')}` }, { watch: true })
    const before = h.store.get(vsRef('reviews'))
    const started = Date.now()
    await h.write('routes.yaml', `${vs('reviews', 'reviews, details')}---\n${vs('ratings', 'ratings')}---\n${vs('details', 'details')}`)
    const batch = await batchWith('MODIFIED', 'reviews')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(batch.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'reviews'],
      ['ADDED', 'details'],
    ])
    const after = h.store.get(vsRef('reviews'))
    expect(after?.spec?.hosts).toEqual(['reviews', 'details'])
    expect(after?.metadata.generation).toBe(2)
    expect(after?.metadata.creationTimestamp).toBe(before?.metadata.creationTimestamp)
    expect(Number(after?.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion))
    // ratings did not change: same object, same version, no event.
    expect(h.store.get(vsRef('ratings'))?.metadata.generation).toBe(1)

    await unlink(path.join(h.dir, 'routes.yaml'))
    const removed = await batchWith('DELETED', 'reviews')
    expect(removed.map((e) => e.object.metadata.name).sort()).toEqual(['details', 'ratings', 'reviews'])
    expect(h.store.list()).toEqual([])
  })

  it('does not echo its own writes back as hand edits', async () => {
    h = await harness({ 'routes.yaml': vs('reviews', 'reviews') }, { watch: true })
    const current = editable(h.store.get(vsRef('reviews')))
    await h.store.update({ ...current, spec: { hosts: ['reviews', 'x'] } })
    await h.store.create({ ...current, metadata: { name: 'other', namespace: 'bookinfo' } })
    await h.store.delete(vsRef('reviews'))
    await sentinel()
    expect(seen()).toEqual([[['MODIFIED', 'reviews']], [['ADDED', 'other']], [['DELETED', 'reviews']], [['ADDED', 'sentinel-1']]])
  })

  it('drops an object edited into an invalid state, reports it, and brings it back when fixed', async () => {
    h = await harness({ 'routes.yaml': vs('reviews', 'reviews') }, { watch: true })
    const bad = vs('reviews', 'reviews', '\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: 150')
    await h.write('routes.yaml', bad)
    await batchWith('DELETED', 'reviews')
    expect(h.store.get(vsRef('reviews'))).toBeUndefined()
    expect(h.store.sourceErrors()).toEqual([expect.objectContaining({ file: 'routes.yaml', line: 11, code: 'TRL0204' })])

    await h.write('routes.yaml', vs('reviews', 'reviews, fixed'))
    await batchWith('ADDED', 'reviews')
    expect(h.store.get(vsRef('reviews'))?.spec?.hosts).toEqual(['reviews', 'fixed'])
    expect(h.store.sourceErrors()).toEqual([])

    // A syntax error takes the file's objects out too, and is reported with its line.
    await h.write('routes.yaml', vs('reviews', 'reviews').replace('hosts: [reviews]', 'hosts: [reviews'))
    await batchWith('DELETED', 'reviews')
    expect(h.store.sourceErrors()).toEqual([expect.objectContaining({ file: 'routes.yaml', code: 'TRL0201' })])
    expect(seen()).toEqual([[['DELETED', 'reviews']], [['ADDED', 'reviews']], [['DELETED', 'reviews']]])
  })

  it('follows files in new folders, moved objects, duplicates and removed folders', async () => {
    h = await harness({ 'a.yaml': vs('reviews', 'reviews') }, { watch: true })
    await h.write('team/new/ratings.yml', vs('ratings', 'ratings'))
    await batchWith('ADDED', 'ratings')

    // Moving a file moves its objects; they stay, unchanged, and writes now go to the new place.
    const before = h.store.get(vsRef('reviews'))
    await rename(path.join(h.dir, 'a.yaml'), path.join(h.dir, 'team/moved.yaml'))
    await sentinel()
    expect(h.store.get(vsRef('reviews'))).toBe(before)
    await h.store.patch(vsRef('reviews'), { spec: { hosts: ['moved'] } })
    expect(await h.read('team/moved.yaml')).toContain('hosts: [moved]')

    // A copy elsewhere is a duplicate; when the original goes, the copy takes over.
    await h.write('copy.yaml', vs('reviews', 'copied'))
    await waitFor(() => h.store.sourceErrors().length === 1, 1000, 'duplicate reported')
    expect(h.store.sourceErrors()[0]).toMatchObject({ file: 'copy.yaml', code: 'TRL0203' })
    await rm(path.join(h.dir, 'team'), { recursive: true })
    // The folder's files may be reported together or one by one.
    const copied = () => JSON.stringify(h.store.get(vsRef('reviews'))?.spec?.hosts) === '["copied"]'
    await waitFor(() => !h.store.get(vsRef('ratings')) && copied(), 1000, 'team/ removed')
    expect(h.store.sourceErrors()).toEqual([])
    expect(seen().flat().filter(([, name]) => !name.startsWith('sentinel')).sort()).toEqual([
      ['ADDED', 'ratings'],
      ['DELETED', 'ratings'],
      ['MODIFIED', 'reviews'],
      ['MODIFIED', 'reviews'],
    ])
  })

  it('never overwrites a hand edit it has not heard of yet', async () => {
    h = await harness({ 'routes.yaml': vs('reviews', 'reviews') }, { watch: true })
    const stale = editable(h.store.get(vsRef('reviews')))
    await h.write('routes.yaml', vs('reviews', 'by-hand'))
    // Right away, before the watcher has reported the edit.
    await expect(h.store.update({ ...stale, spec: { hosts: ['by-api'] } })).rejects.toThrow(ConflictError)
    expect(await h.read('routes.yaml')).toBe(vs('reviews', 'by-hand'))
    expect(h.store.get(vsRef('reviews'))?.spec?.hosts).toEqual(['by-hand'])
    await sentinel()
    expect(seen()).toEqual([[['MODIFIED', 'reviews']], [['ADDED', 'sentinel-1']]])
  })

  it('stops watching on close', async () => {
    h = await harness({ 'routes.yaml': vs('reviews', 'reviews') }, { watch: true })
    await h.store.close()
    await h.write('routes.yaml', vs('reviews', 'late'))
    await h.write('new.yaml', vs('details', 'details'))
    // Nothing may arrive; give the watcher more than its debounce before looking.
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(h.events).toHaveLength(1)
    expect(h.store.get(vsRef('reviews'))?.spec?.hosts).toEqual(['reviews'])
  })
})
