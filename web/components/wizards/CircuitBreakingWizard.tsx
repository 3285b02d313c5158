import { useState } from 'react'
import { planWrites } from '../../../shared/routing/change.ts'
import { applyCircuit, circuitProblems, OUTLIER, POOL_HTTP, POOL_TCP, readCircuit, type CircuitState } from '../../../shared/routing/circuit.ts'
import { HONOURED_POOL_SETTING } from '../../../shared/routing/grpc.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { freshContext } from './fresh.ts'
import { Notices } from './Notices.tsx'
import type { WizardProps } from './wizardProps.ts'

const DURATIONS = new Set(['connectTimeout', 'interval', 'baseEjectionTime'])

const LABELS: Record<string, string> = {
  maxConnections: 'Max connections',
  connectTimeout: 'Connect timeout',
  http1MaxPendingRequests: 'Max pending requests',
  http2MaxRequests: 'Max requests',
  maxRequestsPerConnection: 'Max requests per connection',
  maxRetries: 'Max retries',
  consecutive5xxErrors: 'Consecutive 5xx errors',
  consecutiveGatewayErrors: 'Consecutive gateway errors',
  interval: 'Interval',
  baseEjectionTime: 'Base ejection time',
  maxEjectionPercent: 'Max ejection %',
}

function Field({ name, value, onChange }: { name: string; value: number | string | undefined; onChange: (v: number | string | undefined) => void }) {
  const duration = DURATIONS.has(name)
  return (
    <label className="field">
      <span>
        {LABELS[name] ?? name} <code className="muted">{name}</code>
      </span>
      <input
        className="input"
        type={duration ? 'text' : 'number'}
        min={0}
        placeholder="not set"
        value={value ?? ''}
        data-testid={`circuit-${name}`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : duration ? e.target.value : Number(e.target.value))}
      />
    </label>
  )
}

export function CircuitBreakingWizard({ ctx, input, onClose, onReload, onApplied }: WizardProps) {
  const [state, setState] = useState<CircuitState>(() => readCircuit(ctx))
  const model: WizardModel = {
    problems: circuitProblems(state),
    plan: () => planWrites(applyCircuit(ctx, state)),
    // Field by field: their other changes to the rule are kept, these settings are set as chosen.
    reapply: (current) => ({ plan: planWrites(applyCircuit(freshContext(input, current), state)), conflicts: [] }),
  }
  const setPool = (f: string, v: number | string | undefined) => setState({ ...state, pool: { ...state.pool, [f]: v } })
  const setOutlier = (f: string, v: number | string | undefined) => setState({ ...state, outlier: { ...state.outlier, [f]: v } })
  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      <p className="muted">
        Set on the DestinationRule’s traffic policy for {ctx.target.service}; subsets’ own policies are left as they are. Proxyless gRPC clients
        honour <code>{HONOURED_POOL_SETTING}</code> of the connection pool; the review flags the rest.
      </p>
      <fieldset className="policy-grid">
        <legend>Circuit breaking (connection pool)</legend>
        {[...POOL_TCP, ...POOL_HTTP].map((f) => (
          <Field key={f} name={f} value={state.pool[f]} onChange={(v) => setPool(f, v)} />
        ))}
      </fieldset>
      <fieldset className="policy-grid">
        <legend>
          <label className="check">
            <input type="checkbox" checked={state.outlier.enabled} onChange={(e) => setState({ ...state, outlier: { ...state.outlier, enabled: e.target.checked } })} data-testid="outlier-enabled" />
            Outlier detection
          </label>
        </legend>
        {state.outlier.enabled && OUTLIER.map((f) => <Field key={f} name={f} value={state.outlier[f]} onChange={(v) => setOutlier(f, v)} />)}
      </fieldset>
    </ApplyFlow>
  )
}
