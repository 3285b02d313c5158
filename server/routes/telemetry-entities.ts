// Applications, workloads and services as the console lists them, derived from the mesh model,
// with health from one batched Prometheus query per kind. A workload is every instance sharing a
// workload name: for a connected proxy, its node's WORKLOAD_NAME (what Istio's metrics call
// source_workload / destination_workload); for a WorkloadEntry, its name.
import type { FastifyBaseLogger } from 'fastify'
import type { AppSummary, Health, ServiceSummary, WorkloadSummary } from '../../shared/telemetry.ts'
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import type { MeshService, Workload } from '../mesh/types.ts'
import { BadRequestError, StoreError } from '../store/errors.ts'
import { duration, type Duration } from '../telemetry/prometheus/promql.ts'
import { HealthPolicy, naHealth } from '../telemetry/health.ts'
import type { PrometheusClient } from '../telemetry/prometheus/client.ts'
import { PrometheusNotConfiguredError, PrometheusUnavailableError } from '../telemetry/prometheus/errors.ts'
import { ratesOf, type RatesByEntity } from '../telemetry/prometheus/request-rates.ts'

export interface TelemetryDeps {
  prometheus?: PrometheusClient
  policy: HealthPolicy
}

export interface WorkloadGroup {
  name: string
  namespace: string
  instances: Workload[]
}

export interface AppGroup {
  name: string
  namespace: string
  workloads: WorkloadGroup[]
}

const PROXY_KEY_PREFIX = 'proxy/'

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort()

/** The name a service is listed and queried by: a Service's name, a ServiceEntry host's full host. */
export function serviceName(svc: MeshService): string {
  return svc.origin === 'Service' ? svc.name : svc.hostname
}

/** The model of one request: the snapshot it started with, and the connected proxies' workload names. */
export class MeshEntities {
  constructor(readonly snap: MeshSnapshot) {}

  /** A proxy's workload is its node's WORKLOAD_NAME; anything else is its own workload. */
  workloadName(w: Workload): string {
    return w.workloadName ?? w.name
  }

  workloads(ns: string): WorkloadGroup[] {
    const groups = new Map<string, WorkloadGroup>()
    for (const w of this.snap.workloadsInNamespace(ns)) {
      const name = this.workloadName(w)
      let g = groups.get(name)
      if (!g) groups.set(name, (g = { name, namespace: ns, instances: [] }))
      g.instances.push(w)
    }
    for (const g of groups.values()) g.instances.sort((a, b) => (a.key < b.key ? -1 : 1))
    return [...groups.values()].sort(byName)
  }

  apps(ns: string): AppGroup[] {
    const apps = new Map<string, AppGroup>()
    for (const g of this.workloads(ns)) {
      for (const app of new Set(g.instances.map((w) => w.labels.app).filter(Boolean))) {
        let a = apps.get(app)
        if (!a) apps.set(app, (a = { name: app, namespace: ns, workloads: [] }))
        a.workloads.push(g)
      }
    }
    return [...apps.values()].sort(byName)
  }

  services(ns: string): MeshService[] {
    return this.snap.servicesInNamespace(ns).sort((a, b) => (serviceName(a) < serviceName(b) ? -1 : 1))
  }

  servicesOf(instances: readonly Workload[]): string[] {
    return sortedUnique(instances.flatMap((w) => this.snap.servicesForWorkload(w).map(serviceName)))
  }

  workloadSummary(g: WorkloadGroup, health: Health): WorkloadSummary {
    const labels = commonLabels(g.instances)
    return {
      name: g.name,
      namespace: g.namespace,
      ...(labels.app ? { app: labels.app } : {}),
      ...(labels.version ? { version: labels.version } : {}),
      labels,
      serviceAccount: g.instances[0]?.serviceAccount ?? 'default',
      instances: g.instances.map((w) => ({
        address: w.address,
        origin: w.origin,
        ...(w.origin === 'Proxy' ? { proxyId: w.key.slice(PROXY_KEY_PREFIX.length) } : {}),
        locality: w.locality,
      })),
      services: this.servicesOf(g.instances),
      health,
    }
  }

  appSummary(a: AppGroup, health: Health): AppSummary {
    const instances = a.workloads.flatMap((g) => g.instances.filter((w) => w.labels.app === a.name))
    return {
      name: a.name,
      namespace: a.namespace,
      versions: sortedUnique(instances.map((w) => w.labels.version).filter(Boolean)),
      workloads: a.workloads.map((g) => g.name),
      services: this.servicesOf(instances),
      health,
    }
  }

  serviceSummary(svc: MeshService, health: Health): ServiceSummary {
    const workloads = this.snap.endpoints(svc.hostname)
      .map((e) => this.snap.workload(e.workloadKey))
      .filter((w): w is Workload => w !== undefined)
      .map((w) => this.workloadName(w))
    const refName = (b: { namespace: string; object: { metadata: { name: string } } }) =>
      b.namespace === svc.namespace ? b.object.metadata.name : `${b.namespace}/${b.object.metadata.name}`
    return {
      name: serviceName(svc),
      namespace: svc.namespace,
      hostname: svc.hostname,
      ports: svc.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
      workloads: sortedUnique(workloads),
      virtualServices: sortedUnique(this.snap.virtualServicesClaiming(svc.hostname).map(refName)),
      destinationRules: sortedUnique(this.snap.destinationRulesClaiming(svc.hostname).map(refName)),
      health,
    }
  }
}

/** The labels every instance has with the same value. */
function commonLabels(instances: readonly Workload[]): Record<string, string> {
  if (instances.length === 0) return {}
  const out: Record<string, string> = { ...instances[0].labels }
  for (const w of instances.slice(1)) for (const [k, v] of Object.entries(out)) if (w.labels[k] !== v) delete out[k]
  return out
}

/** Health by namespace and name: `(ns, name) => Health`. */
export type HealthOf = (namespace: string, name: string) => Health

/** Health from fetched rates; NA for everything when there are none (no telemetry). */
export function healthFrom(policy: HealthPolicy, rates: RatesByEntity | undefined): HealthOf {
  if (!rates) return () => naHealth()
  return (ns, name) => {
    const r = ratesOf(rates, ns, name)
    return policy.health(r.inbound, r.outbound)
  }
}

/** For telemetry-only routes: the client, or a 503 saying how to configure one. */
export function requirePrometheus(deps: TelemetryDeps): PrometheusClient {
  if (!deps.prometheus) throw new PrometheusNotConfiguredError()
  return deps.prometheus
}

/**
 * Telemetry for a page that must answer without it (lists show config; their health is NA):
 * undefined when Prometheus is not configured, known to be down (not waited for), or fails.
 */
export async function optionalTelemetry<T>(deps: TelemetryDeps, log: FastifyBaseLogger, fetch: (p: PrometheusClient) => Promise<T>): Promise<T | undefined> {
  const { prometheus } = deps
  if (!prometheus || prometheus.knownDown()) return undefined
  try {
    return await fetch(prometheus)
  } catch (err) {
    if (!(err instanceof StoreError)) throw err
    // Unavailability is logged by the client when it starts; a refused query is a bug worth a line.
    if (!(err instanceof PrometheusUnavailableError)) log.error({ err }, 'telemetry query failed; showing NA')
    return undefined
  }
}

/** A rate window from a query parameter; a zero window is a bad request, not a server error. */
export function rateWindow(text: string): Duration {
  try {
    return duration(text)
  } catch (err) {
    throw new BadRequestError(`rateInterval: ${(err as Error).message}`)
  }
}
