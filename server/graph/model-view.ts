// What the graph asks the mesh model, per request: the instances behind a workload, an app or a
// service, read from the snapshot's indexes and kept for the rest of the request, so no appender
// walks the store per node.
import type { MeshSnapshot } from '../mesh/snapshot.ts'
import { serviceFqdn } from '../mesh/hosts.ts'
import type { MeshService, Workload } from '../mesh/types.ts'

const CANONICAL_NAME = 'service.istio.io/canonical-name'
const CANONICAL_REVISION = 'service.istio.io/canonical-revision'

/** A workload group as telemetry names it: the canonical service and revision Istio derives from labels. */
export interface ModelWorkload {
  namespace: string
  name: string
  app: string
  version: string
  instances: Workload[]
}

export class ModelView {
  private readonly byNamespace = new Map<string, Map<string, ModelWorkload>>()

  constructor(readonly snap: MeshSnapshot, private readonly controlPlane: boolean) {}

  /** The workloads of a namespace by name (a proxy's WORKLOAD_NAME, a WorkloadEntry's name). */
  workloads(ns: string): ReadonlyMap<string, ModelWorkload> {
    let m = this.byNamespace.get(ns)
    if (m) return m
    m = new Map()
    for (const w of this.snap.workloadsInNamespace(ns)) {
      const name = w.workloadName ?? w.name
      let g = m.get(name)
      if (!g) {
        const app = w.labels[CANONICAL_NAME] ?? w.labels.app ?? name
        const version = w.labels[CANONICAL_REVISION] ?? w.labels.version ?? 'latest'
        m.set(name, (g = { namespace: ns, name, app, version, instances: [] }))
      }
      g.instances.push(w)
    }
    this.byNamespace.set(ns, m)
    return m
  }

  workload(ns: string, name: string): ModelWorkload | undefined {
    return this.workloads(ns).get(name)
  }

  /** The workloads of an app (canonical service), of one version when given. */
  appWorkloads(ns: string, app: string, version?: string): ModelWorkload[] {
    const out: ModelWorkload[] = []
    for (const w of this.workloads(ns).values()) if (w.app === app && (version === undefined || w.version === version)) out.push(w)
    return out
  }

  /** A Service by name and namespace, or a ServiceEntry host. */
  service(ns: string, name: string): MeshService | undefined {
    return this.snap.service(serviceFqdn(name, ns, this.snap.naming)) ?? this.snap.service(name)
  }

  /** The service a node stands for: by the hosts telemetry named, else by name. */
  serviceOf(ns: string, name: string, hosts: Iterable<string>): MeshService | undefined {
    for (const h of hosts) {
      const s = this.snap.service(h)
      if (s) return s
    }
    return this.service(ns, name)
  }

  /**
   * Whether the model knows every running workload of a namespace: when Trellis is the control
   * plane every proxyless workload registers with it; otherwise only when the namespace has
   * workloads in the model at all (WorkloadEntries), else absence proves nothing.
   */
  knowsWorkloadsOf(ns: string): boolean {
    return this.controlPlane || this.workloads(ns).size > 0
  }

  hostOf(ns: string, name: string): string {
    return serviceFqdn(name, ns, this.snap.naming)
  }
}
