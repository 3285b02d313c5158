// Checks on names taken from request paths, before anything reaches the store.
import { BadRequestError } from '../store/errors.ts'

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export function checkNamespace(ns: string): void {
  if (!DNS_LABEL.test(ns)) {
    throw new BadRequestError(`namespace "${ns}" is not a valid DNS label: use lower-case letters, digits and '-', at most 63 characters`)
  }
}

export function checkName(name: string): void {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new BadRequestError(`name "${name}" is not a valid Kubernetes name: use lower-case letters, digits, '-' and '.', at most 253 characters`)
  }
}

export function parseNamespacesParam(value: string | undefined): string[] | undefined {
  if (!value) return undefined
  const list = value.split(',').map((s) => s.trim()).filter(Boolean)
  for (const ns of list) checkNamespace(ns)
  return list
}
