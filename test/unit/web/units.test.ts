import { describe, expect, it } from 'vitest'
import { formatAxisValue, formatBytes, formatMillis, formatPercent, formatRate, formatRatio, formatValue } from '../../../web/components/units.ts'

describe('formatRate', () => {
  it('keeps three significant digits and names the unit', () => {
    expect(formatRate(0)).toBe('0 req/s')
    expect(formatRate(0.0004)).toBe('<0.001 req/s')
    expect(formatRate(0.0523)).toBe('0.052 req/s')
    expect(formatRate(3.2)).toBe('3.2 req/s')
    expect(formatRate(42.55)).toBe('42.5 req/s')
    expect(formatRate(913.4)).toBe('913 req/s')
    expect(formatRate(1234)).toBe('1.23k req/s')
    expect(formatRate(3_400_000)).toBe('3.4M req/s')
  })
})

describe('percentages', () => {
  it('shows ratios and percentages with one decimal below 10 %', () => {
    expect(formatRatio(0)).toBe('0%')
    expect(formatRatio(0.0004)).toBe('<0.1%')
    expect(formatRatio(0.025)).toBe('2.5%')
    expect(formatRatio(0.125)).toBe('13%')
    expect(formatRatio(1)).toBe('100%')
    expect(formatPercent(33.333)).toBe('33%')
  })
})

describe('formatMillis', () => {
  it('switches to seconds from one second', () => {
    expect(formatMillis(0.42)).toBe('0.42 ms')
    expect(formatMillis(42)).toBe('42 ms')
    expect(formatMillis(1250)).toBe('1.25 s')
  })
})

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(2.25 * 1024 * 1024)).toBe('2.25 MiB')
  })
})

describe('formatValue and formatAxisValue', () => {
  it('format by unit; axis ticks leave the unit to the chart title', () => {
    expect(formatValue('rate', 2)).toBe('2 req/s')
    expect(formatValue('percent', 5)).toBe('5%')
    expect(formatValue('ms', 12)).toBe('12 ms')
    expect(formatValue('bytes', 2048)).toBe('2 KiB')
    expect(formatAxisValue('rate', 1500)).toBe('1.5k')
    expect(formatAxisValue('percent', 2.5)).toBe('2.5%')
    expect(formatAxisValue('ms', 1500)).toBe('1.5s')
    expect(formatAxisValue('bytes', 2048)).toBe('2KiB')
  })
})
