// What every stage of one graph request shares: the options, the model as it was when the request
// started, the health policy, one memo of Prometheus answers (a query asked twice is sent once) and
// one of the edges samples name, plus the appender interface the pipeline runs.
import type { Sample } from '../telemetry/prometheus/answers.ts'
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import type { HealthPolicy } from '../telemetry/health.ts'
import type { Duration, InstantVector } from '../telemetry/prometheus/promql.ts'
import type { AppenderName } from '../../shared/graph.ts'
import type { ModelView } from './model-view.ts'
import type { GraphOptions } from './options.ts'
import type { Scope } from './queries.ts'
import { SampleResolver } from './samples.ts'
import type { TrafficMap } from './types.ts'

export class GraphContext {
  private readonly answers = new Map<string, Promise<Sample[]>>()
  /** From a sample's labels to its edge, remembered for the request (every query names the same edges). */
  readonly resolver: SampleResolver

  constructor(
    readonly opts: GraphOptions,
    /** Unix seconds every query is evaluated at. */
    readonly queryTime: number,
    readonly window: Duration,
    /** The series the traffic map is built from. */
    readonly scope: Scope,
    /** The series appenders decorate edges from: the namespaces' (a node graph's edges are all in its node's). */
    readonly appenderScope: Scope,
    readonly model: ModelView,
    readonly policy: HealthPolicy,
    private readonly prometheus: PrometheusClient,
  ) {
    this.resolver = new SampleResolver(opts.graphType, opts.injectServiceNodes)
  }

  /** An instant query at the graph's time; the same query within one request is sent once. */
  query(expr: InstantVector): Promise<Sample[]> {
    let p = this.answers.get(expr.text)
    if (!p) {
      p = this.prometheus.queryVector(expr, this.queryTime)
      // A prefetched query nobody awaits yet must not be an unhandled rejection; whoever awaits it sees the error.
      p.catch(() => undefined)
      this.answers.set(expr.text, p)
    }
    return p
  }

  /** How many distinct queries this request sent. */
  get queryCount(): number {
    return this.answers.size
  }

  get namespaces(): ReadonlySet<string> {
    return new Set(this.opts.namespaces)
  }

  /** Node graphs show one node's neighbourhood; some stages apply to namespace graphs only. */
  get isNodeGraph(): boolean {
    return this.opts.node !== undefined
  }
}

/** A named stage of the pipeline: decorates or alters the traffic map. */
export interface Appender {
  readonly name: AppenderName
  /** Starts the Prometheus queries append() will read, so they run alongside the traffic queries. */
  prefetch?(ctx: GraphContext): void
  append(graph: TrafficMap, ctx: GraphContext): Promise<void> | void
}
