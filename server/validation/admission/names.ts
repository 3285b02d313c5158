// Kubernetes name rules (DNS-1123 labels and subdomains, label keys and values). Each function
// returns what is wrong with a value, or undefined when it is fine, so messages can say why.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
/** Label names and values: letters, digits, '-', '_', '.', alphanumeric at both ends. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

export const DNS_LABEL_RULE = "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
export const DNS_SUBDOMAIN_RULE =
  "lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters"
const QUALIFIED_NAME_RULE = "letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters"

/** Why `value` is not a DNS-1123 label (Namespace and Service names, label-key prefixes' parts). */
export function dnsLabelProblem(value: string): string | undefined {
  if (value === '') return 'it is empty'
  if (value.length > 63) return `it is ${value.length} characters long`
  if (DNS_LABEL.test(value)) return undefined
  return characterProblem(value, /[^-a-z0-9]/) ?? 'it must start and end with a letter or digit'
}

/** Why `value` is not a DNS-1123 subdomain (most object names): dot-separated DNS labels. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value === '') return 'it is empty'
  if (value.length > 253) return `it is ${value.length} characters long`
  const bad = characterProblem(value, /[^-a-z0-9.]/)
  if (bad) return bad
  for (const part of value.split('.')) {
    if (part === '') return 'it has an empty part (a leading, trailing or double dot)'
    if (!DNS_LABEL.test(part)) return `its part "${part}" must start and end with a letter or digit`
    if (part.length > 63) return `its part "${part}" is longer than 63 characters`
  }
  return undefined
}

function characterProblem(value: string, invalid: RegExp): string | undefined {
  const m = invalid.exec(value)
  if (!m) return undefined
  return /[A-Z]/.test(m[0]) ? 'it has upper-case letters' : `it contains ${JSON.stringify(m[0])}`
}

/** Why `key` is not a valid label or annotation key: `[prefix/]name`. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/')
  if (parts.length > 2) return `key ${JSON.stringify(key)} has more than one '/'; keys are [prefix/]name`
  const name = parts.length === 2 ? parts[1] : parts[0]
  if (parts.length === 2) {
    const prefixProblem = dnsSubdomainProblem(parts[0])
    if (prefixProblem) {
      return `key ${JSON.stringify(key)} has an invalid prefix ${JSON.stringify(parts[0])} (${prefixProblem}); prefixes use ${DNS_SUBDOMAIN_RULE}`
    }
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `key ${JSON.stringify(key)} has an invalid name ${JSON.stringify(name)}; names use ${QUALIFIED_NAME_RULE}`
  }
  return undefined
}

/** Why `value` is not a valid label value (empty is allowed). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value))) return undefined
  return `value ${JSON.stringify(value)} is invalid; use ${QUALIFIED_NAME_RULE}, or leave it empty`
}
