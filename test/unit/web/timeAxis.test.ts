import { describe, expect, it } from 'vitest'
import { formatTimeTick, formatTooltipTime, timeTicks } from '../../../web/components/charts/timeAxis.ts'

const UTC = { timeZone: 'UTC' }
/** 2026-05-03T14:05:30Z */
const T = Date.UTC(2026, 4, 3, 14, 5, 30) / 1000

describe('timeTicks', () => {
  it('picks a round spacing giving at most the target number of ticks', () => {
    const end = Date.UTC(2026, 4, 3, 14, 7, 0) / 1000
    const at = (h: number, m: number) => Date.UTC(2026, 4, 3, h, m) / 1000
    // 10 minutes: every 2 minutes.
    expect(timeTicks(end - 600, end, 6)).toEqual([at(13, 58), at(14, 0), at(14, 2), at(14, 4), at(14, 6)])
    // An hour: every 10 minutes.
    expect(timeTicks(end - 3600, end, 6)).toEqual([10, 20, 30, 40, 50, 60].map((m) => at(13, m)))
  })

  it('falls on round times in the user\'s time zone', () => {
    const start = Date.UTC(2026, 4, 3, 0, 10) / 1000
    const end = start + 86_400
    const utc = timeTicks(start, end, 6)
    expect(utc.every((t) => t % (6 * 3600) === 0)).toBe(true)
    // UTC+5:30: ticks at local 06:00, 12:00, …, which are xx:30 in UTC.
    const india = timeTicks(start, end, 6, 5.5 * 3600)
    expect(india.every((t) => (t + 5.5 * 3600) % (6 * 3600) === 0)).toBe(true)
    expect(india.length).toBeGreaterThanOrEqual(3)
  })

  it('has ticks for the shortest window', () => {
    const ticks = timeTicks(T - 60, T, 6)
    expect(ticks.length).toBeGreaterThanOrEqual(2)
    expect(ticks.every((t) => t % 15 === 0 && t >= T - 60 && t <= T)).toBe(true)
  })
})

describe('formatTimeTick', () => {
  it('shows seconds in windows of 5 minutes or less, minutes up to 12 hours', () => {
    expect(formatTimeTick(T, 60, UTC)).toBe('14:05:30')
    expect(formatTimeTick(T, 300, UTC)).toBe('14:05:30')
    expect(formatTimeTick(T, 600, UTC)).toBe('14:05')
    expect(formatTimeTick(T, 43_200, UTC)).toBe('14:05')
  })

  it('shows the date at midnight in a day\'s window', () => {
    const midnight = Date.UTC(2026, 4, 4) / 1000
    expect(formatTimeTick(midnight, 86_400, UTC)).toBe('4 May')
    expect(formatTimeTick(midnight, 3600, UTC)).toBe('00:00')
    expect(formatTimeTick(T, 86_400, UTC)).toBe('14:05')
  })

  it('follows the time zone', () => {
    expect(formatTimeTick(T, 600, { timeZone: 'Asia/Kolkata' })).toBe('19:35')
  })
})

describe('formatTooltipTime', () => {
  it('gives the date and the time to the second', () => {
    expect(formatTooltipTime(T, UTC)).toBe('3 May 14:05:30')
  })
})
