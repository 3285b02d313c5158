import { useMemo, useState } from 'react'
import { planWrites } from '../../../shared/routing/change.ts'
import type { RoutingContext } from '../../../shared/routing/context.ts'
import {
  applyRules, MATCH_KINDS, newId, newRule, readRules, ruleCatchesAll, ruleProblems, unreachableRules,
  type DestinationState, type MatchKind, type MatchState, type RuleState, type RulesState, type StringCondition,
} from '../../../shared/routing/rules.ts'
import { ApplyFlow, type WizardModel } from './ApplyFlow.tsx'
import { mergeOnto } from './fresh.ts'
import { Notices } from './Notices.tsx'
import { SplitSliders } from './SplitSliders.tsx'
import type { WizardProps } from './wizardProps.ts'

const ACTION_TEXT: Record<RuleState['action'], string> = {
  route: '',
  redirect: 'redirects (kept as written)',
  directResponse: 'answers directly (kept as written)',
  delegate: 'delegates to another VirtualService (kept as written)',
}

function destLabel(d: DestinationState, ctx: RoutingContext): string {
  if (d.version) return d.version
  if (d.host === ctx.destinationHost || d.host === ctx.target.hostname) return d.subset ?? `${ctx.target.service} (any version)`
  return d.subset ? `${d.host} (${d.subset})` : d.host
}

export function RequestRoutingWizard({ ctx, onClose, onReload, onApplied }: WizardProps) {
  const [state, setState] = useState<RulesState>(() => readRules(ctx))
  const unreachable = useMemo(() => new Set(unreachableRules(state)), [state])
  const setRule = (i: number, rule: RuleState) => setState({ rules: state.rules.map((r, k) => (k === i ? rule : r)) })
  const move = (i: number, by: number) => {
    const rules = [...state.rules]
    const [r] = rules.splice(i, 1)
    rules.splice(i + by, 0, r)
    setState({ rules })
  }
  const addRule = () => {
    const rules = [...state.rules]
    // New rules go before a last rule that takes every call, or they could never apply.
    const at = rules.length && ruleCatchesAll(rules[rules.length - 1]) ? rules.length - 1 : rules.length
    rules.splice(at, 0, newRule(ctx))
    setState({ rules })
  }

  const plan = () => planWrites(applyRules(ctx, state))
  const model: WizardModel = {
    problems: ruleProblems(state),
    plan,
    reapply: (current) => mergeOnto(plan(), current),
  }

  return (
    <ApplyFlow model={model} onClose={onClose} onReload={onReload} onApplied={onApplied}>
      <Notices notices={ctx.notices} />
      <p className="muted">Rules are tried in order; a call takes the first rule that matches it.</p>
      <ol className="rule-list" data-testid="rule-list">
        {state.rules.map((rule, i) => (
          <li key={rule.id} className="rule-card" data-testid="rule" data-rule={rule.name || String(i + 1)}>
            <div className="rule-head">
              <strong>Rule {i + 1}</strong>
              <input
                className="input"
                placeholder="name (optional)"
                aria-label={`Name of rule ${i + 1}`}
                value={rule.name}
                onChange={(e) => setRule(i, { ...rule, name: e.target.value })}
              />
              <span className="rule-tools">
                <button type="button" className="btn btn-small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move rule ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" className="btn btn-small" disabled={i === state.rules.length - 1} onClick={() => move(i, 1)} aria-label={`Move rule ${i + 1} down`}>
                  ↓
                </button>
                <button type="button" className="btn btn-small" onClick={() => setState({ rules: state.rules.filter((_, k) => k !== i) })} aria-label={`Delete rule ${i + 1}`}>
                  Delete
                </button>
              </span>
            </div>
            {unreachable.has(i) && <p className="text-warning">Never used: an earlier rule takes every call.</p>}
            <Matches rule={rule} index={i} onChange={(matches) => setRule(i, { ...rule, matches })} />
            {rule.action === 'route' ? (
              <Destinations rule={rule} index={i} ctx={ctx} onChange={(destinations) => setRule(i, { ...rule, destinations })} />
            ) : (
              <p className="muted">Then it {ACTION_TEXT[rule.action]}.</p>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="btn" onClick={addRule} data-testid="add-rule">
        + Add a rule
      </button>
    </ApplyFlow>
  )
}

function Matches({ rule, index, onChange }: { rule: RuleState; index: number; onChange: (m: MatchState[]) => void }) {
  const set = (k: number, m: MatchState) => onChange(rule.matches.map((x, j) => (j === k ? m : x)))
  return (
    <div className="rule-matches">
      {rule.matches.length === 0 && <p className="muted">Matches every call.</p>}
      {rule.matches.map((m, k) => (
        <div key={m.id} className="match-entry" data-testid="match">
          <span className="match-or">{k === 0 ? 'When' : 'or when'}</span>
          {m.headers.map((h, j) => (
            <div key={j} className="condition">
              <span>header</span>
              <input
                className="input"
                aria-label={`Rule ${index + 1} header name`}
                value={h.name}
                onChange={(e) => set(k, { ...m, headers: m.headers.map((x, q) => (q === j ? { ...x, name: e.target.value } : x)) })}
              />
              <ConditionFields
                c={h}
                label={`Rule ${index + 1} header ${h.name}`}
                onChange={(c) => set(k, { ...m, headers: m.headers.map((x, q) => (q === j ? { ...x, ...c } : x)) })}
                onRemove={() => set(k, { ...m, headers: m.headers.filter((_, q) => q !== j) })}
              />
            </div>
          ))}
          {(['uri', 'method'] as const).map((f) =>
            m[f] ? (
              <div key={f} className="condition">
                <span>{f}</span>
                <ConditionFields
                  c={m[f]!}
                  label={`Rule ${index + 1} ${f}`}
                  onChange={(c) => set(k, { ...m, [f]: c })}
                  onRemove={() => set(k, { ...m, [f]: undefined })}
                />
              </div>
            ) : null,
          )}
          {m.kept.length > 0 && (
            <p className="muted">
              and {m.kept.map((c) => <code key={c}>{c}</code>)} (kept as written)
            </p>
          )}
          <div className="condition-add">
            <button type="button" className="btn btn-small" onClick={() => set(k, { ...m, headers: [...m.headers, { name: '', kind: 'exact', value: '' }] })}>
              + header
            </button>
            {!m.uri && (
              <button type="button" className="btn btn-small" onClick={() => set(k, { ...m, uri: { kind: 'prefix', value: '/' } })}>
                + uri
              </button>
            )}
            {!m.method && (
              <button type="button" className="btn btn-small" onClick={() => set(k, { ...m, method: { kind: 'exact', value: 'GET' } })}>
                + method
              </button>
            )}
            <button type="button" className="btn btn-small btn-link" onClick={() => onChange(rule.matches.filter((_, j) => j !== k))}>
              remove this match
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rule.matches, { id: newId('match'), headers: [], kept: [] }])}>
        + {rule.matches.length ? 'or match' : 'match'}
      </button>
    </div>
  )
}

function ConditionFields({ c, label, onChange, onRemove }: { c: StringCondition; label: string; onChange: (c: StringCondition) => void; onRemove: () => void }) {
  return (
    <>
      <select className="input" aria-label={`${label} match type`} value={c.kind} onChange={(e) => onChange({ ...c, kind: e.target.value as MatchKind })}>
        {MATCH_KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <input className="input" aria-label={`${label} value`} value={c.value} onChange={(e) => onChange({ ...c, value: e.target.value })} />
      <button type="button" className="btn btn-small btn-icon" onClick={onRemove} aria-label={`Remove ${label}`}>
        ✕
      </button>
    </>
  )
}

function Destinations({ rule, index, ctx, onChange }: { rule: RuleState; index: number; ctx: RoutingContext; onChange: (d: DestinationState[]) => void }) {
  const missing = ctx.versions.filter((v) => !rule.destinations.some((d) => d.version === v.name))
  const rows = rule.destinations.map((d) => ({ ...d, label: destLabel(d, ctx) }))
  const add = (version: string) => {
    const v = ctx.versions.find((x) => x.name === version)!
    const d: DestinationState = { key: newId('dest'), host: ctx.destinationHost, ...(v.subset ? { subset: v.subset } : {}), version: v.name, weight: rule.destinations.length ? 0 : 100 }
    onChange([...rule.destinations, d])
  }
  return (
    <div className="rule-destinations">
      <span className="match-or">then send to</span>
      {rows.length > 0 && (
        <SplitSliders rows={rows} label={`Destinations of rule ${index + 1}`} testId="rule-destinations" onChange={(next) => onChange(next.map(({ label: _, ...d }) => d))} />
      )}
      <div className="condition-add">
        {missing.length > 0 && (
          <select className="input" aria-label={`Add a destination to rule ${index + 1}`} value="" onChange={(e) => e.target.value && add(e.target.value)}>
            <option value="">+ destination…</option>
            {missing.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
                {v.subset ? '' : ' (adds a subset)'}
              </option>
            ))}
          </select>
        )}
        {rule.destinations.length > 1 && (
          <select className="input" aria-label={`Remove a destination from rule ${index + 1}`} value="" onChange={(e) => e.target.value && onChange(rule.destinations.filter((d) => d.key !== e.target.value))}>
            <option value="">− destination…</option>
            {rule.destinations.map((d) => (
              <option key={d.key} value={d.key}>
                {destLabel(d, ctx)}
              </option>
            ))}
          </select>
        )}
      </div>
    </div>
  )
}
