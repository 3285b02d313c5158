// A write that fails on disk (disk full, I/O error) must leave memory and disk as they were.
import { afterEach, describe, expect, it, vi } from 'vitest'
import writeFileAtomic from 'write-file-atomic'
import type { ConfigObject } from '../../../shared/k8s.ts'
import type { Harness } from './helpers.ts'
import { editable, harness, vsRef } from './helpers.ts'

// Permissions cannot make a write fail when tests run as root, so the disk is failed at the source.
vi.mock('write-file-atomic', async (importOriginal) => {
  const real = await importOriginal<{ default: typeof writeFileAtomic }>()
  return { default: vi.fn(real.default) }
})

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo} # one line
spec:
  hosts: [reviews]
`

let h: Harness
afterEach(async () => h?.cleanup())

describe('FileStore write failures', () => {
  it('leaves memory, disk and watchers untouched, and the next write works', async () => {
    h = await harness({ 'routes.yaml': VS })
    const before = h.store.get(vsRef('reviews'))
    const changed: ConfigObject = { ...editable(before), spec: { hosts: ['reviews', 'ratings'] } }
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    vi.mocked(writeFileAtomic).mockRejectedValueOnce(full)

    await expect(h.store.update(changed)).rejects.toThrow(/ENOSPC/)
    expect(h.store.get(vsRef('reviews'))).toBe(before)
    expect(await h.read('routes.yaml')).toBe(VS)
    expect(h.events).toHaveLength(1)

    const { object } = await h.store.update(changed)
    expect(object.spec?.hosts).toEqual(['reviews', 'ratings'])
    expect(await h.read('routes.yaml')).toBe(VS.replace('[reviews]', '[reviews, ratings]'))
  })
})
