// HTTP match requests: StringMatch shape, RE2 regexes (what Envoy and gRPC's xDS client compile),
// header names, source labels.
import { RE2JS, RE2JSException } from 're2js'
import type { StringMatch } from '../../../shared/istio/common.ts'
import type { HTTPMatchRequest } from '../../../shared/istio/index.ts'
import type { IstioCheck } from '../../../shared/validation.ts'
import { check } from '../codes.ts'
import { checkLabels } from './labels.ts'
import type { Path } from './path.ts'

const MATCH_KINDS = ['exact', 'prefix', 'regex'] as const
/** Istio's header-name characters, lower case only: HTTP/2 and gRPC metadata keys are lower case. */
const HEADER_NAME = /^[-_a-z0-9]+$/

// Compiling costs ~0.1 ms and meshes repeat their regexes across objects and re-admissions, so
// outcomes are remembered; the cache is simply dropped when it grows past its bound.
const RE2_CACHE_LIMIT = 4096
const re2Outcomes = new Map<string, string | undefined>()

/** Why `regex` does not compile under RE2, or undefined when it does. */
function re2Problem(regex: string): string | undefined {
  if (re2Outcomes.has(regex)) return re2Outcomes.get(regex)
  if (re2Outcomes.size >= RE2_CACHE_LIMIT) re2Outcomes.clear()
  const problem = compileProblem(regex)
  re2Outcomes.set(regex, problem)
  return problem
}

function compileProblem(regex: string): string | undefined {
  try {
    RE2JS.compile(regex)
    return undefined
  } catch (err) {
    if (err instanceof RE2JSException) return err.message
    throw err
  }
}

export function checkRegex(regex: string, path: Path, out: IstioCheck[]): void {
  const problem = re2Problem(regex)
  if (problem) {
    out.push(check('invalidRegex', path,
      `${JSON.stringify(regex)} is not a valid RE2 expression (${problem}); RE2 has no lookaround or backreferences, see https://github.com/google/re2/wiki/Syntax`))
  }
}

export function checkMatchRequest(match: HTTPMatchRequest, path: Path, out: IstioCheck[]): void {
  for (const field of ['uri', 'scheme', 'method', 'authority'] as const) {
    const sm = match[field]
    if (sm) checkStringMatch(sm, [...path, field], false, out)
  }
  for (const [name, sm] of Object.entries(match.queryParams ?? {})) {
    checkStringMatch(sm, [...path, 'queryParams', name], false, out)
  }
  for (const field of ['headers', 'withoutHeaders'] as const) {
    for (const [name, sm] of Object.entries(match[field] ?? {})) {
      const at = [...path, field, name]
      if (!HEADER_NAME.test(name)) {
        out.push(check('invalidField', at,
          `header name ${JSON.stringify(name)} is invalid; header names are lower-case letters, digits, '-' and '_'`))
      }
      // An empty StringMatch ({}) matches on the header's presence, as in Istio.
      checkStringMatch(sm, at, true, out)
    }
  }
  checkLabels(match.sourceLabels, [...path, 'sourceLabels'], out)
}

/** Exactly one of exact/prefix/regex (or none, where `presence` allows a presence match). */
function checkStringMatch(sm: StringMatch, path: Path, presence: boolean, out: IstioCheck[]): void {
  const set = MATCH_KINDS.filter((k) => sm[k] !== undefined)
  if (set.length > 1 || (set.length === 0 && !presence)) {
    const found = set.length === 0 ? 'none is set' : `${set.join(' and ')} are set`
    out.push(check('invalidField', path, `a string match sets exactly one of exact, prefix or regex; ${found}`))
    return
  }
  if (sm.prefix === '') {
    out.push(check('invalidField', [...path, 'prefix'], 'prefix is empty; to match everything, leave the match out'))
  }
  if (sm.regex === '') {
    out.push(check('invalidRegex', [...path, 'regex'], 'regex is empty; to match everything, leave the match out'))
  } else if (sm.regex !== undefined) {
    checkRegex(sm.regex, [...path, 'regex'], out)
  }
}
