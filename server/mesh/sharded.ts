// A copy-on-write map split into shards: forking it copies 256 pointers and a write copies one
// shard (size/256 entries) instead of the whole map, so an edit in a mesh of thousands of
// objects stays cheap. Iteration goes shard by shard: nothing may rely on insertion order.
const SHARDS = 256

function shardOf(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return (h >>> 0) & (SHARDS - 1)
}

export class ShardedMap<V> implements Map<string, V> {
  private readonly shards: Map<string, V>[]
  private readonly owned: boolean[]
  private count: number

  constructor(from?: ShardedMap<V>) {
    this.shards = from ? from.shards.slice() : Array.from({ length: SHARDS }, () => new Map<string, V>())
    this.owned = new Array<boolean>(SHARDS).fill(!from)
    this.count = from ? from.count : 0
  }

  fork(): ShardedMap<V> {
    return new ShardedMap(this)
  }

  private writable(i: number): Map<string, V> {
    if (!this.owned[i]) {
      this.shards[i] = new Map(this.shards[i])
      this.owned[i] = true
    }
    return this.shards[i]
  }

  get size(): number { return this.count }
  get(k: string): V | undefined { return this.shards[shardOf(k)].get(k) }
  has(k: string): boolean { return this.shards[shardOf(k)].has(k) }
  set(k: string, v: V): this {
    const s = this.writable(shardOf(k))
    if (!s.has(k)) this.count++
    s.set(k, v)
    return this
  }
  delete(k: string): boolean {
    const i = shardOf(k)
    if (!this.shards[i].has(k)) return false
    this.writable(i).delete(k)
    this.count--
    return true
  }
  clear(): void {
    for (let i = 0; i < SHARDS; i++) { this.shards[i] = new Map(); this.owned[i] = true }
    this.count = 0
  }
  forEach(fn: (v: V, k: string, m: Map<string, V>) => void): void { for (const s of this.shards) s.forEach((v, k) => fn(v, k, this)) }
  entries(): MapIterator<[string, V]> { return this.flat((s) => s.entries()) }
  keys(): MapIterator<string> { return this.flat((s) => s.keys()) }
  values(): MapIterator<V> { return this.flat((s) => s.values()) }
  /** A plain iterator over the shards in turn (cheaper than a generator's yield*). */
  private flat<T>(of: (s: Map<string, V>) => MapIterator<T>): MapIterator<T> {
    const shards = this.shards
    let i = 0
    let cur: MapIterator<T> = of(shards[0])
    const it = {
      next(): IteratorResult<T, undefined> {
        for (;;) {
          const r = cur.next()
          if (!r.done) return r
          if (++i >= shards.length) return { done: true, value: undefined }
          cur = of(shards[i])
        }
      },
      [Symbol.iterator]() { return it },
    }
    return it as unknown as MapIterator<T>
  }
  [Symbol.iterator](): MapIterator<[string, V]> { return this.entries() }
  get [Symbol.toStringTag](): string { return 'ShardedMap' }
}
