// A detail page's metrics view in the URL: `?tab=outbound&reporter=source&by=response_code`.
// Pure: tested in test/unit/web.
import { withParam } from './params.ts'

export const METRICS_TABS = ['inbound', 'outbound'] as const
export type MetricsTab = (typeof METRICS_TABS)[number]
export type Reporter = 'source' | 'destination'

/** Labels a user can split the charts by, per direction (Kiali's "Show by"). */
export const SPLIT_LABELS: Record<MetricsTab, readonly { label: string; value: string }[]> = {
  inbound: [
    { value: 'source_workload', label: 'Source workload' },
    { value: 'source_app', label: 'Source app' },
    { value: 'response_code', label: 'Response code' },
  ],
  outbound: [
    { value: 'destination_service_name', label: 'Destination service' },
    { value: 'destination_workload', label: 'Destination workload' },
    { value: 'response_code', label: 'Response code' },
  ],
}

export interface MetricsView {
  tab: MetricsTab
  /** Whose telemetry: the calling side's or the called side's. */
  reporter: Reporter
  /** A label of SPLIT_LABELS[tab]; undefined: one series per chart (per stat for histograms). */
  by: string | undefined
}

/**
 * Kiali's defaults: inbound traffic as the destination reports it (it saw every request it got),
 * outbound as the source reports it (it saw every request it made, failed connections too).
 */
export function defaultReporter(tab: MetricsTab): Reporter {
  return tab === 'inbound' ? 'destination' : 'source'
}

/**
 * `allowed`: the directions the page has (a service has inbound metrics only: requests name the
 * service they were sent to, and a service sends nothing itself); another tab falls back to inbound.
 */
export function parseMetricsView(params: URLSearchParams, allowed: readonly MetricsTab[] = METRICS_TABS): MetricsView {
  const tab: MetricsTab = params.get('tab') === 'outbound' && allowed.includes('outbound') ? 'outbound' : 'inbound'
  const reporterParam = params.get('reporter')
  const reporter: Reporter = reporterParam === 'source' || reporterParam === 'destination' ? reporterParam : defaultReporter(tab)
  const byParam = params.get('by') ?? ''
  const by = SPLIT_LABELS[tab].some((o) => o.value === byParam) ? byParam : undefined
  return { tab, reporter, by }
}

/** Defaults are omitted; switching tabs drops a split that the other direction does not offer. */
export function writeMetricsView(params: URLSearchParams, v: MetricsView): URLSearchParams {
  let next = withParam(params, 'tab', v.tab === 'inbound' ? undefined : v.tab)
  next = withParam(next, 'reporter', v.reporter === defaultReporter(v.tab) ? undefined : v.reporter)
  const by = v.by && SPLIT_LABELS[v.tab].some((o) => o.value === v.by) ? v.by : undefined
  return withParam(next, 'by', by)
}

/** Another direction starts from its own defaults: a reporter or split chosen for one rarely fits the other. */
export function withTab(v: MetricsView, tab: MetricsTab): MetricsView {
  return tab === v.tab ? v : { tab, reporter: defaultReporter(tab), by: undefined }
}
