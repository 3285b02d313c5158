import { describe, expect, it } from 'vitest'
import { allTo, apportion, evenSplit, isCompleteSplit, setLocked, setWeight, total, type WeightRow } from '../../../shared/routing/weights.ts'

const rows = (...w: number[]): WeightRow[] => w.map((weight, i) => ({ key: `v${i + 1}`, weight }))
const weights = (r: readonly WeightRow[]) => r.map((x) => x.weight)

describe('the sliders: whole percentages that always sum to 100', () => {
  it('gives the difference to the unlocked others in proportion to what they had', () => {
    expect(weights(setWeight(rows(100, 0, 0), 'v3', 50))).toEqual([50, 0, 50])
    expect(weights(setWeight(rows(60, 30, 10), 'v1', 20))).toEqual([20, 60, 20])
    expect(weights(setWeight(rows(50, 25, 25), 'v1', 0))).toEqual([0, 50, 50])
  })

  it('spreads evenly over others that all had nothing', () => {
    expect(weights(setWeight(rows(100, 0, 0), 'v1', 40))).toEqual([40, 30, 30])
    expect(weights(setWeight(rows(100, 0, 0, 0), 'v1', 99))).toEqual([99, 1, 0, 0])
  })

  it('keeps every result summing to 100 whatever the rounding', () => {
    for (let v = 0; v <= 100; v += 7) {
      const out = setWeight(rows(33, 33, 34, 0, 0), 'v2', v)
      expect(total(out)).toBe(100)
      expect(out.every((r) => Number.isInteger(r.weight) && r.weight >= 0)).toBe(true)
      expect(out[1].weight).toBe(v)
    }
  })

  it('never moves a locked row, and holds the moved one within what the locks leave', () => {
    const locked = setLocked(rows(50, 30, 20), 'v2', true)
    expect(weights(setWeight(locked, 'v1', 10))).toEqual([10, 30, 60])
    expect(weights(setWeight(locked, 'v1', 95))).toEqual([70, 30, 0])
    // Only the moved row is unlocked besides the locked ones: nothing can take the difference.
    const allLocked = setLocked(setLocked(rows(50, 30, 20), 'v2', true), 'v3', true)
    expect(weights(setWeight(allLocked, 'v1', 10))).toEqual([50, 30, 20])
  })

  it('rounds typed values and clamps them to 0–100', () => {
    expect(weights(setWeight(rows(100, 0), 'v2', 33.6))).toEqual([66, 34])
    expect(weights(setWeight(rows(100, 0), 'v2', 250))).toEqual([0, 100])
    expect(weights(setWeight(rows(100, 0), 'v2', -5))).toEqual([100, 0])
    expect(weights(setWeight(rows(100, 0), 'v2', Number.NaN))).toEqual([100, 0])
  })

  it('even split and all-to-one', () => {
    expect(weights(evenSplit(rows(100, 0, 0)))).toEqual([34, 33, 33])
    expect(weights(evenSplit(setLocked(rows(10, 0, 90), 'v1', true)))).toEqual([10, 45, 45])
    const all = allTo(setLocked(rows(10, 0, 90), 'v1', true), 'v2')
    expect(weights(all)).toEqual([0, 100, 0])
    expect(all.every((r) => !r.locked)).toBe(true)
  })

  it('says when a split may be applied', () => {
    expect(isCompleteSplit(rows(50, 50))).toBe(true)
    expect(isCompleteSplit(rows(50, 40))).toBe(false)
    expect(isCompleteSplit(rows(50.5, 49.5))).toBe(false)
    expect(isCompleteSplit([])).toBe(false)
  })

  it('apportions by largest remainder, ties to the earlier row', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(apportion(10, [0, 0])).toEqual([5, 5])
    expect(apportion(7, [3, 1])).toEqual([5, 2])
    expect(() => setWeight(rows(100), 'nope', 1)).toThrow(/no row "nope"/)
  })
})
