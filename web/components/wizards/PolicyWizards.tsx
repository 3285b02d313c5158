import { useState, type ReactNode } from 'react'
import { planWrites } from '../../../shared/routing/change.ts'
import { grpcRetryOn, GRPC_STATUS } from '../../../shared/routing/grpc.ts'
import {
  applyFaults, applyTimeouts, faultProblems, readFaults, readTimeouts, RETRY_CONDITIONS, timeoutProblems,
  type FaultState, type PolicyRoute, type TimeoutState,
} from '../../../shared/routing/policies.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { mergeOnto } from './fresh.ts'
import { Notices } from './Notices.tsx'
import type { WizardProps } from './wizardProps.ts'

/** One card per route that forwards calls: the policy is set route by route. */
function RouteCards<S>({ routes, onChange, render }: { routes: PolicyRoute<S>[]; onChange: (r: PolicyRoute<S>[]) => void; render: (s: S, set: (s: S) => void, label: string) => ReactNode }) {
  return (
    <ol className="rule-list">
      {routes.map((r, i) => (
        <li key={i} className="rule-card" data-testid="policy-route" data-route={r.label}>
          <div className="rule-head">
            <code>{r.label}</code>
          </div>
          {render(r.state, (s) => onChange(routes.map((x, k) => (k === i ? { ...x, state: s } : x))), r.label)}
        </li>
      ))}
    </ol>
  )
}

function NumberField({ label, value, onChange, min, max, suffix, testId }: { label: string; value: number; onChange: (v: number) => void; min?: number; max?: number; suffix?: string; testId?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" className="input input-number" min={min} max={max} value={Number.isFinite(value) ? value : ''} onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))} data-testid={testId} />
      {suffix}
    </label>
  )
}

function TextField({ label, value, onChange, placeholder, testId }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; testId?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input className="input" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  )
}

// ---- Fault injection

export function FaultInjectionWizard({ ctx, onClose, onReload, onApplied }: WizardProps) {
  const [routes, setRoutes] = useState(() => readFaults(ctx))
  const plan = () => planWrites(applyFaults(ctx, routes))
  const model: WizardModel = { problems: faultProblems(routes), plan, reapply: (current) => mergeOnto(plan(), current) }
  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      <p className="muted">Delay or fail a share of the calls a route takes, to see how callers cope.</p>
      <RouteCards routes={routes} onChange={setRoutes} render={(s: FaultState, set) => (
        <div className="policy-grid">
          <label className="check">
            <input type="checkbox" checked={s.delay.enabled} onChange={(e) => set({ ...s, delay: { ...s.delay, enabled: e.target.checked } })} data-testid="fault-delay" />
            Delay
          </label>
          {s.delay.enabled && (
            <div className="policy-fields">
              <TextField label="by" value={s.delay.fixedDelay} onChange={(v) => set({ ...s, delay: { ...s.delay, fixedDelay: v } })} placeholder="5s" />
              <NumberField label="for" value={s.delay.percent} min={0} max={100} suffix="% of calls" onChange={(v) => set({ ...s, delay: { ...s.delay, percent: v } })} />
            </div>
          )}
          <label className="check">
            <input type="checkbox" checked={s.abort.enabled} onChange={(e) => set({ ...s, abort: { ...s.abort, enabled: e.target.checked } })} data-testid="fault-abort" />
            Abort
          </label>
          {s.abort.enabled && (
            <div className="policy-fields">
              {s.abort.kind === 'http2' ? (
                <span className="muted">with an HTTP/2 error (kept as written)</span>
              ) : (
                <>
                  <label className="field">
                    <span>with</span>
                    <select className="input" value={s.abort.kind} onChange={(e) => set({ ...s, abort: { ...s.abort, kind: e.target.value as 'http' | 'grpc' } })} aria-label="Abort status kind">
                      <option value="http">HTTP status</option>
                      <option value="grpc">gRPC status</option>
                    </select>
                  </label>
                  {s.abort.kind === 'http' ? (
                    <NumberField label="status" value={s.abort.httpStatus} min={200} max={599} onChange={(v) => set({ ...s, abort: { ...s.abort, httpStatus: v } })} testId="fault-http-status" />
                  ) : (
                    <label className="field">
                      <span>status</span>
                      <select className="input" value={s.abort.grpcStatus} onChange={(e) => set({ ...s, abort: { ...s.abort, grpcStatus: e.target.value } })} aria-label="gRPC status">
                        {!(s.abort.grpcStatus.toUpperCase() in GRPC_STATUS) && <option value={s.abort.grpcStatus}>{s.abort.grpcStatus}</option>}
                        {Object.keys(GRPC_STATUS).filter((k) => k !== 'OK').map((k) => (
                          <option key={k} value={k}>
                            {k}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                </>
              )}
              <NumberField label="for" value={s.abort.percent} min={0} max={100} suffix="% of calls" onChange={(v) => set({ ...s, abort: { ...s.abort, percent: v } })} testId="fault-abort-percent" />
            </div>
          )}
        </div>
      )} />
    </ApplyFlow>
  )
}

// ---- Timeouts and retries

export function TimeoutsRetriesWizard({ ctx, onClose, onReload, onApplied }: WizardProps) {
  const [routes, setRoutes] = useState(() => readTimeouts(ctx))
  const plan = () => planWrites(applyTimeouts(ctx, routes))
  const model: WizardModel = { problems: timeoutProblems(routes), plan, reapply: (current) => mergeOnto(plan(), current) }
  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      <RouteCards routes={routes} onChange={setRoutes} render={(s: TimeoutState, set) => {
        const honoured = grpcRetryOn(s.retries.retryOn.join(','))
        return (
          <div className="policy-grid">
            <TextField label="Timeout" value={s.timeout} placeholder="none (e.g. 10s)" onChange={(v) => set({ ...s, timeout: v })} testId="timeout" />
            <label className="field">
              <span>Retries</span>
              <select className="input" value={s.retries.mode} onChange={(e) => set({ ...s, retries: { ...s.retries, mode: e.target.value as TimeoutState['retries']['mode'] } })} aria-label="Retries" data-testid="retries-mode">
                <option value="default">Istio’s default (2 attempts)</option>
                <option value="off">Off</option>
                <option value="custom">Custom</option>
              </select>
            </label>
            {s.retries.mode === 'custom' && (
              <div className="policy-fields">
                <NumberField label="attempts" value={s.retries.attempts} min={1} onChange={(v) => set({ ...s, retries: { ...s.retries, attempts: v } })} testId="retries-attempts" />
                <TextField label="per try timeout" value={s.retries.perTryTimeout} placeholder="none" onChange={(v) => set({ ...s, retries: { ...s.retries, perTryTimeout: v } })} />
                <fieldset className="retry-on">
                  <legend>Retry on</legend>
                  {[...new Set([...RETRY_CONDITIONS, ...s.retries.retryOn])].map((c) => {
                    const mapped = grpcRetryOn(c).codes.length > 0 || c === 'retriable-status-codes'
                    return (
                      <label key={c} className="check" title={mapped ? undefined : 'gRPC clients cannot retry on this'}>
                        <input
                          type="checkbox"
                          checked={s.retries.retryOn.includes(c)}
                          onChange={(e) => set({ ...s, retries: { ...s.retries, retryOn: e.target.checked ? [...s.retries.retryOn, c] : s.retries.retryOn.filter((x) => x !== c) } })}
                        />
                        {c}
                        {!mapped && <span className="muted"> (not for gRPC)</span>}
                      </label>
                    )
                  })}
                </fieldset>
                <p className="muted">gRPC clients retry on: {honoured.codes.length ? honoured.codes.join(', ') : 'nothing of these'}.</p>
              </div>
            )}
          </div>
        )
      }} />
    </ApplyFlow>
  )
}
