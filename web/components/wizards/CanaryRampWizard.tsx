import { useMemo, useState } from 'react'
import type { PlannedWrite } from '../../../shared/routing/change.ts'
import { readSplit } from '../../../shared/routing/split.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { canaryProblems, canaryRampObject, isActive, rampName, type CanaryForm } from './canary.ts'
import { Ramp } from './CanaryRampPanel.tsx'
import { Notices } from './Notices.tsx'
import type { WizardProps } from './wizardProps.ts'

/** The version with the most traffic now is the stable one; the newest other version the canary. */
function defaults(props: WizardProps): CanaryForm {
  const versions = props.ctx.versions.map((v) => v.name)
  const split = readSplit(props.ctx)
  const top = [...split.rows].filter((r) => r.version).sort((a, b) => b.weight - a.weight)[0]?.version ?? versions[0] ?? ''
  const canary = [...versions].reverse().find((v) => v !== top) ?? ''
  return { stable: top, canary, steps: '10, 25, 50, 100', interval: '1m', maxErrorPercent: '5', maxP99Ms: '1000', minRequests: '10' }
}

export function CanaryRampWizard(props: WizardProps) {
  const { ctx, ramps, onClose, onReload, onApplied } = props
  const [form, setForm] = useState<CanaryForm>(() => defaults(props))
  const versions = ctx.versions.map((v) => v.name)
  const active = ramps.filter((r) => (r.spec as { service?: string } | undefined)?.service === ctx.target.service && isActive(r))
  const [name, setName] = useState(() => rampName(ctx.target.service, form.canary, ramps))
  const object = useMemo(() => canaryRampObject(form, ctx.target.namespace, ctx.target.service, name), [form, ctx, name])
  const plan = (): PlannedWrite[] => [{ op: 'create', kind: object.kind, apiVersion: object.apiVersion, namespace: ctx.target.namespace, name, after: object }]
  const problems = [
    ...canaryProblems(form, versions),
    ...active.map((r) => ({ field: 'service', message: `Canary ramp ${r.metadata.name} is still running for ${ctx.target.service}: cancel it before starting another` })),
  ]
  const model: WizardModel = {
    problems,
    plan,
    // Someone took the name meanwhile: a ramp is never merged into another one; it takes a free name.
    reapply: (current) => {
      const taken = [...ramps, ...[...current.values()].filter((o) => o !== null)]
      const next = rampName(ctx.target.service, form.canary, taken)
      setName(next)
      const after = { ...object, metadata: { ...object.metadata, name: next } }
      return { plan: [{ op: 'create', kind: object.kind, apiVersion: object.apiVersion, namespace: ctx.target.namespace, name: next, after }], conflicts: [] }
    },
    afterApply: () => <LiveRamp name={name} ramps={ramps} />,
    applyLabel: 'Start the ramp',
  }
  const set = (patch: Partial<CanaryForm>) => {
    const next = { ...form, ...patch }
    setForm(next)
    if (patch.canary !== undefined) setName(rampName(ctx.target.service, next.canary, ramps))
  }
  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      <p className="muted">
        Trellis moves traffic from the stable version to the canary step by step; after each interval the canary’s error share and p99 latency
        (from Prometheus) decide: healthy promotes, a failed gate rolls back to stable and stops, missing metrics pause.
      </p>
      <div className="policy-grid canary-form">
        <label className="field">
          <span>Stable</span>
          <select className="input" value={form.stable} onChange={(e) => set({ stable: e.target.value })} data-testid="canary-stable">
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Canary</span>
          <select className="input" value={form.canary} onChange={(e) => set({ canary: e.target.value })} data-testid="canary-canary">
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Steps (% to the canary)</span>
          <input className="input" value={form.steps} onChange={(e) => set({ steps: e.target.value })} data-testid="canary-steps" />
        </label>
        <label className="field">
          <span>Interval</span>
          <input className="input" value={form.interval} onChange={(e) => set({ interval: e.target.value })} data-testid="canary-interval" />
        </label>
        <label className="field">
          <span>Max error share (%)</span>
          <input className="input" type="number" min={0} max={100} value={form.maxErrorPercent} onChange={(e) => set({ maxErrorPercent: e.target.value })} />
        </label>
        <label className="field">
          <span>Max p99 latency (ms)</span>
          <input className="input" type="number" min={1} value={form.maxP99Ms} onChange={(e) => set({ maxP99Ms: e.target.value })} />
        </label>
        <label className="field">
          <span>Min requests per interval</span>
          <input className="input" type="number" min={0} value={form.minRequests} onChange={(e) => set({ minRequests: e.target.value })} />
        </label>
        <label className="field">
          <span>Name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
    </ApplyFlow>
  )
}

/** The ramp just created, as the controller drives it (the list refreshes on config events). */
function LiveRamp({ name, ramps }: { name: string; ramps: WizardProps['ramps'] }) {
  const ramp = ramps.find((r) => r.metadata.name === name)
  if (!ramp) return <p className="muted">Waiting for the controller to pick the ramp up…</p>
  return <Ramp ramp={ramp} viewOnly={false} />
}
