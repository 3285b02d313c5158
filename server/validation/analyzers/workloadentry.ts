// WorkloadEntry checks: a workload no Service or ServiceEntry selects receives no traffic.
// (Registered proxies are workloads too, but not objects with validations of their own.)
import { check } from '../codes.ts'
import { labelsText, namespaceOf } from './format.ts'
import type { Analyzer } from './types.ts'

export const workloadEntryAnalyzer: Analyzer = {
  name: 'workloadentry.service',
  kinds: ['WorkloadEntry'],
  analyze(ctx, obj) {
    const w = ctx.workloadOfEntry(obj)
    if (!w || ctx.servicesForWorkload(w).length) return []
    const ns = namespaceOf(obj)
    const labels = Object.keys(w.labels).length ? `labels ${labelsText(w.labels)}` : 'no labels'
    return [check('workloadNoService', 'spec/labels',
      `${labels} at spec/labels: no Service or ServiceEntry in namespace ${ns} selects them, so the workload receives ` +
      'no traffic; add labels a Service selects or create a Service selecting them')]
  },
}
