// What every route plugin is given: the store, the live model and validation, and the event hub.
import type { MeshModel } from '../mesh/model.ts'
import type { ConfigStore } from '../store/types.ts'
import type { ValidationEngine } from '../validation/engine.ts'
import type { EventHub } from '../events.ts'
import type { AdsServer } from '../xds/ads.ts'
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import type { Tolerance } from '../telemetry/health.ts'
import type { Registry } from 'prom-client'
import type { GraphSettings } from '../graph/service.ts'

export interface RouteDeps {
  store: ConfigStore
  model: MeshModel
  validation: ValidationEngine
  events: EventHub
  viewOnly: boolean
  /** The embedded control plane; absent when Trellis only reads a mesh run by another control plane. */
  xds?: AdsServer
  /** The bound ADS port, when the control plane runs. */
  xdsPort?: number
  /** Istio's metrics; absent when no --prometheus-url was given (telemetry answers 503, lists show NA health). */
  prometheus?: PrometheusClient
  /** Health tolerances; Kiali's defaults when absent. */
  healthTolerances?: readonly Tolerance[]
  /** Trellis's own metrics (served on /metrics); a registry of its own per app when absent. */
  metricsRegistry?: Registry
  /** The traffic graph's cache TTL and node budget; defaults when absent. */
  graph?: GraphSettings
}
