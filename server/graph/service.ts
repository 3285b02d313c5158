// The graph API's engine: normalized options in, Kiali's JSON out, through the cache. The cache key
// is the options (namespaces sorted, defaults filled), the query time rounded to the cache's
// period (browsers ask with their own clock's "now") and the mesh model's version (a config
// change shows at once, not after the TTL).
import type { MeshModel } from '../mesh/model.ts'
import type { HealthPolicy } from '../telemetry/health.ts'
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import { DEFAULT_NODE_BUDGET } from './budget.ts'
import { SingleFlightCache } from './cache.ts'
import type { GraphMetrics } from './metrics.ts'
import type { GraphOptions } from './options.ts'
import { buildGraph, type StageTiming } from './pipeline.ts'

export const DEFAULT_CACHE_TTL_MS = 10_000

export interface GraphSettings {
  /** How long a built graph is served to identical requests, ms (default 10 s; 0: only requests in flight share). */
  cacheTtlMs?: number
  /** Nodes a graph shows at most (default 2,500); a bigger one keeps its busiest. */
  nodeBudget?: number
}

export interface GraphServiceDeps {
  model: MeshModel
  policy: HealthPolicy
  controlPlane: boolean
  metrics: GraphMetrics
  settings?: GraphSettings
  now?: () => number
}

export interface GraphAnswer {
  /** The GraphResponse as UTF-8 JSON, made once per built graph (the cache keeps only this, and every answer sends it as is). */
  json: Buffer
  timings: StageTiming[]
  cached: boolean
}

interface Built {
  json: Buffer
  timings: StageTiming[]
}

/** What the cache keeps at most, in bytes of JSON. */
const CACHE_MAX_BYTES = 64 * 1024 * 1024

export class GraphService {
  private readonly cache: SingleFlightCache<Built>
  private readonly bucketS: number
  private readonly nodeBudget: number
  private readonly now: () => number

  constructor(private readonly deps: GraphServiceDeps) {
    const ttl = deps.settings?.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS
    const budget = deps.settings?.nodeBudget ?? DEFAULT_NODE_BUDGET
    if (!Number.isInteger(budget) || budget < 1) throw new Error(`graph node budget must be a whole number ≥ 1, got ${budget}`)
    this.now = deps.now ?? Date.now
    this.cache = new SingleFlightCache<Built>({ ttlMs: ttl, now: this.now, maxWeight: CACHE_MAX_BYTES, weigh: (b) => b.json.length })
    this.bucketS = Math.max(1, Math.ceil(ttl / 1000))
    this.nodeBudget = budget
  }

  async graph(opts: GraphOptions, prometheus: PrometheusClient): Promise<GraphAnswer> {
    const snapshot = this.deps.model.snapshot
    const asked = opts.queryTime ?? Math.floor(this.now() / 1000)
    const key = JSON.stringify({ ...opts, queryTime: Math.floor(asked / this.bucketS), model: snapshot.version })
    const { value, hit } = await this.cache.get(key, async () => {
      const built = await buildGraph(opts, asked, {
        prometheus, snapshot, policy: this.deps.policy, controlPlane: this.deps.controlPlane, nodeBudget: this.nodeBudget,
      }, (stage, ms) => this.deps.metrics.appenderDuration.observe({ appender: stage }, ms / 1000))
      this.deps.metrics.prometheusQueries.inc(built.queries)
      return { json: built.json, timings: built.timings }
    })
    ;(hit ? this.deps.metrics.cacheHits : this.deps.metrics.cacheMisses).inc()
    return { ...value, cached: hit }
  }
}
