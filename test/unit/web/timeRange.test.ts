import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIME_CONTROLS,
  DURATIONS,
  durationLabel,
  optionsWith,
  parseTimeControls,
  REFRESH_INTERVALS,
  refreshLabel,
  resolutionFor,
  telemetryParamsOnly,
  writeTimeControls,
} from '../../../web/app/url/timeRange.ts'

const qs = (s: string) => new URLSearchParams(s)

describe('time controls in the URL', () => {
  it('defaults to the last 10 minutes, refreshed every minute', () => {
    expect(parseTimeControls(qs(''))).toEqual({ duration: 600, refresh: 60_000 })
    expect(DEFAULT_TIME_CONTROLS).toEqual({ duration: 600, refresh: 60_000 })
  })

  it('reads the window in seconds and the refresh in ms; 0 turns refreshing off', () => {
    expect(parseTimeControls(qs('duration=3600&refresh=10000'))).toEqual({ duration: 3600, refresh: 10_000 })
    expect(parseTimeControls(qs('refresh=0')).refresh).toBe(0)
  })

  it('keeps a value the selects do not offer when the API can serve it (refresh=15000 is every 15 s)', () => {
    expect(parseTimeControls(qs('duration=900&refresh=15000'))).toEqual({ duration: 900, refresh: 15_000 })
  })

  it('falls back to the default for garbage and for values out of bounds', () => {
    expect(parseTimeControls(qs('duration=abc&refresh=-1'))).toEqual(DEFAULT_TIME_CONTROLS)
    expect(parseTimeControls(qs('duration=30&refresh=1000'))).toEqual(DEFAULT_TIME_CONTROLS)
    expect(parseTimeControls(qs('duration=604800&refresh=99999999'))).toEqual(DEFAULT_TIME_CONTROLS)
    expect(parseTimeControls(qs('duration=1.5e3')).duration).toBe(600)
  })

  it('writes over the other params, omitting defaults, and round-trips', () => {
    const t = { duration: 10_800, refresh: 0 }
    const written = writeTimeControls(qs('namespaces=bookinfo&tab=outbound'), t)
    expect(written.toString()).toBe('namespaces=bookinfo&tab=outbound&duration=10800&refresh=0')
    expect(parseTimeControls(written)).toEqual(t)
    expect(writeTimeControls(written, DEFAULT_TIME_CONTROLS).toString()).toBe('namespaces=bookinfo&tab=outbound')
  })
})

describe('time control labels', () => {
  it('names every offered window and interval briefly', () => {
    expect(DURATIONS.map(durationLabel)).toEqual([
      'Last 1m', 'Last 5m', 'Last 10m', 'Last 30m', 'Last 1h', 'Last 3h', 'Last 6h', 'Last 12h', 'Last 1d',
    ])
    expect(REFRESH_INTERVALS.map(refreshLabel)).toEqual(['Off', 'Every 10s', 'Every 30s', 'Every 1m', 'Every 5m'])
    expect(refreshLabel(15_000)).toBe('Every 15s')
  })

  it('adds the URL\'s own value to the options, in order', () => {
    expect(optionsWith(REFRESH_INTERVALS, 15_000)).toEqual([0, 10_000, 15_000, 30_000, 60_000, 300_000])
    expect(optionsWith(DURATIONS, 600)).toEqual([...DURATIONS])
  })
})

describe('resolutionFor', () => {
  it('asks for about 120 points, never finer than a 15 s scrape, over at least a 1m rate window', () => {
    expect(resolutionFor(60)).toEqual({ step: 15, rateInterval: '1m' })
    expect(resolutionFor(600)).toEqual({ step: 15, rateInterval: '1m' })
    expect(resolutionFor(3600)).toEqual({ step: 30, rateInterval: '1m' })
    expect(resolutionFor(21_600)).toEqual({ step: 180, rateInterval: '3m' })
    expect(resolutionFor(86_400)).toEqual({ step: 720, rateInterval: '12m' })
    expect(resolutionFor(10_000)).toEqual({ step: 83, rateInterval: '83s' })
  })

  it('stays within what the metrics API accepts', () => {
    for (const d of DURATIONS) {
      const { step, rateInterval } = resolutionFor(d)
      expect(step).toBeGreaterThanOrEqual(1)
      expect(step).toBeLessThanOrEqual(3600)
      expect(rateInterval).toMatch(/^[0-9]+[smh]$/)
    }
  })
})

describe('telemetryParamsOnly', () => {
  it('keeps the namespaces and the time controls, and drops page-specific state', () => {
    const kept = telemetryParamsOnly(qs('namespaces=bookinfo&duration=3600&refresh=0&name=rev&health=Failure&tab=outbound'))
    expect(kept.toString()).toBe('namespaces=bookinfo&duration=3600&refresh=0')
  })
})
