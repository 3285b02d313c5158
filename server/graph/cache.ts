// A small cache of built graphs keyed by the normalized request: an entry lives for a short TTL,
// and a request arriving while the same graph is being built waits for that build instead of
// starting its own (single flight) — twenty browsers on one graph cost one set of queries.
// Failures are not kept: the next request tries again.

export interface CacheOptions<V> {
  /** How long a built graph is served, ms; 0 keeps nothing once built (identical requests in flight still share). */
  ttlMs: number
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number
  /** With `weigh`: the total weight kept at most (e.g. bytes); the oldest built entries go first. */
  maxWeight?: number
  weigh?: (value: V) => number
  now?: () => number
}

interface Entry<V> {
  value: Promise<V>
  /** When it stops being served; undefined while it is being built. */
  expires: number | undefined
  weight: number
}

export type CacheResult<V> = { value: V; hit: boolean }

export class SingleFlightCache<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly maxWeight: number
  private readonly weigh: ((value: V) => number) | undefined
  private readonly now: () => number
  private weight = 0

  constructor(opts: CacheOptions<V>) {
    if (!(opts.ttlMs >= 0)) throw new Error(`graph cache TTL must be ≥ 0 ms, got ${opts.ttlMs}`)
    this.ttlMs = opts.ttlMs
    this.maxEntries = opts.maxEntries ?? 64
    this.maxWeight = opts.maxWeight ?? Number.POSITIVE_INFINITY
    this.weigh = opts.weigh
    this.now = opts.now ?? Date.now
  }

  get size(): number {
    return this.entries.size
  }

  /** The value for key: cached, being built, or built now by `build`. */
  async get(key: string, build: () => Promise<V>): Promise<CacheResult<V>> {
    const now = this.now()
    const cached = this.entries.get(key)
    if (cached && (cached.expires === undefined || now < cached.expires)) return { value: await cached.value, hit: true }
    if (cached) this.remove(key)
    const entry: Entry<V> = { value: build(), expires: undefined, weight: 0 }
    this.entries.set(key, entry)
    try {
      const value = await entry.value
      if (this.entries.get(key) === entry) {
        if (this.ttlMs > 0) {
          entry.expires = this.now() + this.ttlMs
          entry.weight = this.weigh?.(value) ?? 0
          this.weight += entry.weight
        } else {
          this.entries.delete(key)
        }
      }
      this.evict(this.now())
      return { value, hit: false }
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key)
      throw err
    }
  }

  private remove(key: string): void {
    const e = this.entries.get(key)
    if (!e) return
    this.weight -= e.weight
    this.entries.delete(key)
  }

  /** Expired entries go; then the oldest built ones while there are too many or they weigh too much. */
  private evict(now: number): void {
    for (const [k, e] of this.entries) if (e.expires !== undefined && now >= e.expires) this.remove(k)
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.weight <= this.maxWeight) break
      if (e.expires !== undefined) this.remove(k)
    }
  }
}
