import { describe, expect, it } from 'vitest'
import { formatAge, formatDuration, relativeTime } from '../../../web/components/time.ts'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h

describe('formatAge', () => {
  it('shows two units at most, like kubectl', () => {
    expect(formatAge(0)).toBe('0s')
    expect(formatAge(42 * s + 900)).toBe('42s')
    expect(formatAge(5 * m + 12 * s)).toBe('5m12s')
    expect(formatAge(5 * m)).toBe('5m')
    expect(formatAge(42 * m + 30 * s)).toBe('42m')
    expect(formatAge(3 * h + 20 * m + 5 * s)).toBe('3h20m')
    expect(formatAge(3 * h)).toBe('3h')
    expect(formatAge(2 * d + 5 * h + 7 * m)).toBe('2d5h')
    expect(formatAge(9 * d)).toBe('9d')
  })
})

describe('relativeTime', () => {
  const now = Date.parse('2026-05-01T12:00:00.000Z')
  const ago = (ms: number) => new Date(now - ms).toISOString()

  it('says "just now" for the last few seconds and for a time ahead of this clock', () => {
    expect(relativeTime(ago(2 * s), now)).toBe('just now')
    expect(relativeTime(ago(-30 * s), now)).toBe('just now')
  })

  it('says how long ago otherwise', () => {
    expect(relativeTime(ago(12 * s), now)).toBe('12s ago')
    expect(relativeTime(ago(3 * h + 4 * m), now)).toBe('3h4m ago')
  })

  it('does not invent a time for a value that is not one', () => {
    expect(relativeTime('yesterday', now)).toBe('at an unknown time')
  })
})

describe('formatDuration', () => {
  it('reads milliseconds the way a push takes them', () => {
    expect(formatDuration(0.84)).toBe('0.8 ms')
    expect(formatDuration(42.4)).toBe('42 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(2 * m + 3 * s)).toBe('2m3s')
  })
})
