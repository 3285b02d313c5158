import { describe, expect, it } from 'vitest'
import { parseStoredTheme, resolveTheme } from '../../../web/app/themePreference.ts'
import { validationState, validationSummary } from '../../../web/components/validationState.ts'

describe('theme preference', () => {
  it('a stored choice wins over the system; otherwise the system decides', () => {
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
    expect(resolveTheme(undefined, true)).toBe('dark')
    expect(resolveTheme(undefined, false)).toBe('light')
    expect(parseStoredTheme('purple')).toBeUndefined()
  })
})

describe('validation summary', () => {
  const v = (severities: ('error' | 'warning' | 'info')[]) => ({
    name: 'x',
    namespace: 'ns',
    objectGVK: { group: 'g', version: 'v1', kind: 'K' },
    valid: !severities.includes('error'),
    checks: severities.map((severity) => ({ code: 'C', message: 'm', severity, path: '' })),
  })

  it('states and texts', () => {
    expect(validationState(undefined)).toBe('unknown')
    expect(validationState(v([]))).toBe('valid')
    expect(validationState(v(['info', 'warning']))).toBe('warning')
    expect(validationState(v(['warning', 'error']))).toBe('error')
    expect(validationSummary(v(['error', 'error', 'warning']))).toBe('2 errors, 1 warning')
    expect(validationSummary(v([]))).toBe('Valid')
    expect(validationSummary(undefined)).toBe('Not validated')
  })
})
