import { describe, expect, it } from 'vitest'
import {
  applyRules, newRule, planWrites, readRules, ruleProblems, unreachableRules, type RulesState,
} from '../../../shared/routing/index.ts'
import { ctxOf, DEMO_VS, obj, workloads } from './helpers.ts'

/** Istio's request-routing shapes, and fields the wizard does not edit on every level. */
const HAND_WRITTEN = obj(`
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo, labels: { app: reviews } }
spec:
  hosts: [reviews]
  http:
  - name: jason
    match:
    - headers: { end-user: { exact: jason } }
      sourceLabels: { app: productpage }
    - headers: { x-canary: { prefix: "yes" }, cookie: { regex: "^(.*?;)?(user=jason)(;.*)?$" } }
      withoutHeaders: { x-opt-out: { exact: "1" } }
    route:
    - destination: { host: reviews, subset: v2 }
    fault: { delay: { fixedDelay: 7s, percentage: { value: 100 } } }
  - name: api
    match:
    - uri: { prefix: /reviews.Reviews/ }
      ignoreUriCase: true
    - method: { exact: GET }
    route:
    - destination: { host: reviews, subset: v1 }
      weight: 80
    - destination: { host: reviews, subset: v3 }
      weight: 20
    timeout: 10s
    retries: { attempts: 2, retryOn: unavailable }
  - route:
    - destination: { host: reviews, subset: v1 }
`)

describe('request routing reads the rules in order and writes them back', () => {
  it('reads matches, conditions and weighted destinations', () => {
    const { rules } = readRules(ctxOf({ virtualServices: [HAND_WRITTEN] }))
    expect(rules.map((r) => r.name)).toEqual(['jason', 'api', ''])
    expect(rules[0].matches).toEqual([
      { id: 'r0-m0', origin: 0, headers: [{ name: 'end-user', kind: 'exact', value: 'jason' }], kept: ['sourceLabels'] },
      { id: 'r0-m1', origin: 1, headers: [{ name: 'x-canary', kind: 'prefix', value: 'yes' }, { name: 'cookie', kind: 'regex', value: '^(.*?;)?(user=jason)(;.*)?$' }], kept: ['withoutHeaders'] },
    ])
    expect(rules[1].matches[0].uri).toEqual({ kind: 'prefix', value: '/reviews.Reviews/' })
    expect(rules[1].matches[1].method).toEqual({ kind: 'exact', value: 'GET' })
    expect(rules[1].destinations.map((d) => [d.version, d.weight])).toEqual([['v1', 80], ['v3', 20]])
    expect(rules[2].destinations.map((d) => [d.version, d.weight])).toEqual([['v1', 100]])
  })

  it('writes back exactly what it read', () => {
    for (const vs of [HAND_WRITTEN, DEMO_VS]) {
      const ctx = ctxOf({ virtualServices: [vs] })
      expect(planWrites(applyRules(ctx, readRules(ctx)))).toEqual([])
    }
  })

  it('moves a rule with all its other fields, edits a condition in place, and keeps the conditions it does not edit', () => {
    const ctx = ctxOf({ virtualServices: [HAND_WRITTEN] })
    const { rules } = readRules(ctx)
    const jason = structuredClone(rules[0])
    jason.matches[0].headers[0].value = 'kim'
    const state: RulesState = { rules: [rules[1], jason, rules[2]] }
    const http = applyRules(ctx, state).virtualService!.after!.spec!.http as Record<string, unknown>[]
    const original = HAND_WRITTEN.spec!.http as Record<string, unknown>[]
    expect(http[0]).toEqual(original[1])
    expect(http[1]).toEqual({
      ...original[0],
      match: [
        { headers: { 'end-user': { exact: 'kim' } }, sourceLabels: { app: 'productpage' } },
        (original[0].match as unknown[])[1],
      ],
    })
    expect(http[2]).toEqual(original[2])
  })

  it('adds a rule before the default, creating the subset a new version needs', () => {
    const ctx = ctxOf({ workloads: workloads('v1', 'v2', 'v3', 'v4') })
    const { rules } = readRules(ctx)
    const rule = newRule(ctx, 'v4')
    rule.name = 'beta-testers'
    rule.matches[0].headers[0] = { name: 'x-beta', kind: 'exact', value: 'true' }
    rule.matches.push({ id: 'm2', uri: { kind: 'regex', value: '^/reviews\\.Reviews/Get.*' }, headers: [], kept: [] })
    const change = applyRules(ctx, { rules: [rules[0], rule, rules[1]] })
    expect((change.destinationRule!.after!.spec!.subsets as unknown[]).at(-1)).toEqual({ name: 'v4', labels: { version: 'v4' } })
    expect((change.virtualService!.after!.spec!.http as unknown[])[1]).toEqual({
      name: 'beta-testers',
      match: [{ headers: { 'x-beta': { exact: 'true' } } }, { uri: { regex: '^/reviews\\.Reviews/Get.*' } }],
      route: [{ destination: { host: 'reviews', subset: 'v4' } }],
    })
    expect(planWrites(change).map((w) => w.kind)).toEqual(['DestinationRule', 'VirtualService'])
  })

  it('deletes a rule and a condition; a rule left without conditions matches every call', () => {
    const ctx = ctxOf()
    const { rules } = readRules(ctx)
    const noMatch = { ...rules[0], matches: [] }
    const http = applyRules(ctx, { rules: [noMatch] }).virtualService!.after!.spec!.http
    expect(http).toEqual([{ name: 'test-users', route: [{ destination: { host: 'reviews', subset: 'v2' } }] }])
    expect(unreachableRules({ rules: [noMatch, rules[1]] })).toEqual([1])
    expect(unreachableRules({ rules })).toEqual([])
  })

  it('names what is wrong, field by field', () => {
    const ctx = ctxOf()
    const { rules } = readRules(ctx)
    const bad = structuredClone(rules)
    bad[0].matches[0].headers[0] = { name: 'bad header', kind: 'regex', value: '(' }
    bad[1].name = 'test-users'
    bad[1].destinations = [{ ...bad[1].destinations[0], weight: 60 }, { key: 'x', host: 'reviews', subset: 'v3', weight: 30 }]
    expect(ruleProblems({ rules: bad })).toEqual([
      { field: 'rules[0].matches[0].headers[0].name', message: 'Rule 1 (test-users): "bad header" is not a header name' },
      { field: 'rules[0].matches[0]', message: 'Rule 1 (test-users): "(" is not a regular expression' },
      { field: 'rules[1].name', message: 'Rule 2 (test-users): the name is already used by rule 1' },
      { field: 'rules[1].destinations', message: 'Rule 2 (test-users): the weights sum to 90; they must be whole percentages summing to 100' },
    ])
    expect(ruleProblems({ rules })).toEqual([])
  })

  it('keeps redirect and direct-response routes in their place without editing them', () => {
    const vs = obj(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - match: [{ uri: { exact: /old } }]
    redirect: { uri: /new }
  - route: [{ destination: { host: reviews, subset: v1 } }]
`)
    const ctx = ctxOf({ virtualServices: [vs] })
    const { rules } = readRules(ctx)
    expect(rules[0].action).toBe('redirect')
    const http = applyRules(ctx, { rules: [rules[1], rules[0]] }).virtualService!.after!.spec!.http as unknown[]
    expect(http[1]).toEqual((vs.spec!.http as unknown[])[0])
  })
})
