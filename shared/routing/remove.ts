// Removing routing: a separate, confirmed operation. The VirtualService can be deleted, or only the
// routes that send calls to this service taken out of it (the rest kept, and the object deleted
// only if nothing is left); the DestinationRule can keep everything, lose the circuit breaking and
// outlier detection the wizard sets, or be deleted. Pure.
import type { HTTPRoute, VirtualServiceSpec } from '../istio/networking.ts'
import type { RoutingChange } from './change.ts'
import { isTargetHost, type RoutingContext } from './context.ts'
import { clone, pruneEmpty, setField, type Json } from './json.ts'
import { httpRoutes } from './routes.ts'

export interface RemoveOptions {
  virtualService: 'keep' | 'delete' | 'routes'
  destinationRule: 'keep' | 'delete' | 'policy'
}

/** Routes whose every destination is this service. */
function routesToTarget(ctx: RoutingContext): number[] {
  const vsNs = ctx.vs?.metadata.namespace ?? ctx.target.namespace
  return httpRoutes(ctx.vs).flatMap((r: HTTPRoute, i) => {
    const ds = r.route ?? []
    return ds.length > 0 && ds.every((d) => isTargetHost(d.destination.host, vsNs, ctx.target)) ? [i] : []
  })
}

/** Whether the VirtualService does anything besides route calls to this service. */
export function vsServesOthers(ctx: RoutingContext): boolean {
  if (!ctx.vs) return false
  const spec = (ctx.vs.spec ?? {}) as VirtualServiceSpec
  const vsNs = ctx.vs.metadata.namespace ?? ''
  const otherHosts = (spec.hosts ?? []).some((h) => !isTargetHost(h, vsNs, ctx.target))
  return otherHosts || Boolean(spec.tcp?.length || spec.tls?.length) || routesToTarget(ctx).length < httpRoutes(ctx.vs).length
}

/** The safe default: delete a VirtualService that only routes this service; otherwise take out its routes. */
export function defaultRemoveOptions(ctx: RoutingContext): RemoveOptions {
  return { virtualService: ctx.vs ? (vsServesOthers(ctx) ? 'routes' : 'delete') : 'keep', destinationRule: 'keep' }
}

export function applyRemove(ctx: RoutingContext, opts: RemoveOptions): RoutingChange {
  const change: RoutingChange = {}
  if (ctx.vs && opts.virtualService === 'delete') change.virtualService = { before: ctx.vs }
  if (ctx.vs && opts.virtualService === 'routes') {
    const drop = new Set(routesToTarget(ctx))
    const vs = clone(ctx.vs)
    const spec = (vs.spec ??= {}) as Json
    const http = httpRoutes(ctx.vs).filter((_, i) => !drop.has(i))
    setField(spec, 'http', http.length ? clone(http) : undefined)
    const left = http.length > 0 || Boolean((spec.tcp as unknown[] | undefined)?.length || (spec.tls as unknown[] | undefined)?.length)
    change.virtualService = left ? { before: ctx.vs, after: vs } : { before: ctx.vs }
  }
  if (ctx.dr && opts.destinationRule === 'delete') change.destinationRule = { before: ctx.dr }
  if (ctx.dr && opts.destinationRule === 'policy') {
    const dr = clone(ctx.dr)
    const spec = (dr.spec ??= {}) as Json
    const policy = spec.trafficPolicy as Json | undefined
    if (policy) {
      delete policy.connectionPool
      delete policy.outlierDetection
      pruneEmpty(spec, 'trafficPolicy')
    }
    change.destinationRule = { before: ctx.dr, after: dr }
  }
  return change
}
