// The graph's own metrics on Trellis's /metrics: how long each appender and each request took,
// and how the cache fared — what makes a slow graph's slow stage findable.
import { Counter, Histogram, type Registry } from 'prom-client'

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export class GraphMetrics {
  readonly appenderDuration: Histogram<'appender'>
  readonly requestDuration: Histogram<'kind' | 'graph_type' | 'cache'>
  readonly cacheHits: Counter
  readonly cacheMisses: Counter
  readonly prometheusQueries: Counter

  constructor(registry: Registry) {
    const registers = [registry]
    this.appenderDuration = new Histogram({
      name: 'trellis_graph_appender_duration_seconds', help: 'Time each graph stage took (traffic: the traffic map; then each appender; convert: the JSON), per graph built',
      labelNames: ['appender'], buckets: SECONDS, registers,
    })
    this.requestDuration = new Histogram({
      name: 'trellis_graph_request_duration_seconds', help: 'Graph API requests, from options to the JSON answer',
      labelNames: ['kind', 'graph_type', 'cache'], buckets: SECONDS, registers,
    })
    this.cacheHits = new Counter({ name: 'trellis_graph_cache_hits_total', help: 'Graph requests answered from the cache or from a graph being built for an identical request', registers })
    this.cacheMisses = new Counter({ name: 'trellis_graph_cache_misses_total', help: 'Graph requests that built a graph', registers })
    this.prometheusQueries = new Counter({ name: 'trellis_graph_prometheus_queries_total', help: 'Prometheus queries sent to build graphs', registers })
  }
}
