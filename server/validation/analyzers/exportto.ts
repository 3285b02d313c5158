// exportTo checks shared by the kinds that have the field: a namespace that does not exist.
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import type { Analyzer } from './types.ts'

const SPECIAL = new Set(['.', '*', '~'])

export const exportToAnalyzer: Analyzer = {
  name: 'exportto',
  kinds: ['VirtualService', 'DestinationRule', 'ServiceEntry'],
  analyze(ctx, obj) {
    const exportTo = obj.spec?.exportTo
    if (!Array.isArray(exportTo)) return []
    const out: IstioCheck[] = []
    exportTo.forEach((ns: unknown, i) => {
      if (typeof ns !== 'string' || SPECIAL.has(ns) || ctx.hasNamespace(ns)) return
      const p = `spec/exportTo[${i}]`
      out.push(check('exportToNamespaceNotFound', p,
        `namespace "${ns}" at ${p} does not exist, so this ${obj.kind} is exported to nothing there; ` +
        'correct the name or create the namespace'))
    })
    return out
  },
}
