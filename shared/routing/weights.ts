// Weights of a traffic split as the sliders edit them: whole percentages that always sum to 100.
// Moving one slider (or typing its number) gives the difference to the other unlocked rows in
// proportion to what they had; locked rows never move. Pure.

export interface WeightRow {
  key: string
  weight: number
  locked?: boolean
}

export const TOTAL = 100

export function total(rows: readonly WeightRow[]): number {
  return rows.reduce((s, r) => s + r.weight, 0)
}

/** Whole percentages from 0 to 100 that sum to 100: what the slider wizards may apply. */
export function isCompleteSplit(rows: readonly WeightRow[]): boolean {
  return rows.length > 0 && rows.every((r) => Number.isInteger(r.weight) && r.weight >= 0 && r.weight <= TOTAL) && total(rows) === TOTAL
}

/**
 * `amount` split into whole parts in proportion to `shares` (largest remainder; ties go to the
 * earlier row); evenly when every share is 0.
 */
export function apportion(amount: number, shares: readonly number[]): number[] {
  if (shares.length === 0) return []
  const sum = shares.reduce((s, v) => s + v, 0)
  const basis = sum > 0 ? shares : shares.map(() => 1)
  const basisSum = sum > 0 ? sum : shares.length
  const exact = basis.map((s) => (amount * s) / basisSum)
  const out = exact.map(Math.floor)
  let left = amount - out.reduce((s, v) => s + v, 0)
  const order = exact.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    out[i]++
    left--
  }
  return out
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}

/**
 * Sets one row's weight and rebalances: the unlocked others share what is left after the locked
 * rows, in proportion to their current weights. The value is rounded and held within what the
 * locked rows leave; with no unlocked row to take the difference the split cannot change.
 */
export function setWeight<R extends WeightRow>(rows: readonly R[], key: string, value: number): R[] {
  const i = rows.findIndex((r) => r.key === key)
  if (i < 0) throw new Error(`no row "${key}" in the split`)
  const others = rows.map((r, j) => ({ r, j })).filter(({ r, j }) => j !== i && !r.locked)
  if (others.length === 0) return [...rows]
  const lockedSum = rows.reduce((s, r, j) => (j !== i && r.locked ? s + r.weight : s), 0)
  const available = Math.max(0, TOTAL - lockedSum)
  const v = clamp(Math.round(Number.isFinite(value) ? value : 0), 0, available)
  const parts = apportion(available - v, others.map(({ r }) => r.weight))
  const out = rows.map((r) => ({ ...r }))
  out[i].weight = v
  others.forEach(({ j }, k) => {
    out[j].weight = parts[k]
  })
  return out
}

/** The unlocked rows share what the locked ones leave, as evenly as whole numbers allow. */
export function evenSplit<R extends WeightRow>(rows: readonly R[]): R[] {
  const unlocked = rows.map((r, j) => ({ r, j })).filter(({ r }) => !r.locked)
  if (unlocked.length === 0) return [...rows]
  const lockedSum = rows.reduce((s, r) => (r.locked ? s + r.weight : s), 0)
  const parts = apportion(Math.max(0, TOTAL - lockedSum), unlocked.map(() => 1))
  const out = rows.map((r) => ({ ...r }))
  unlocked.forEach(({ j }, k) => {
    out[j].weight = parts[k]
  })
  return out
}

/** Everything to one row. An explicit choice, so it overrides (and clears) the locks. */
export function allTo<R extends WeightRow>(rows: readonly R[], key: string): R[] {
  if (!rows.some((r) => r.key === key)) throw new Error(`no row "${key}" in the split`)
  return rows.map((r) => ({ ...r, locked: false, weight: r.key === key ? TOTAL : 0 }))
}

export function setLocked<R extends WeightRow>(rows: readonly R[], key: string, locked: boolean): R[] {
  return rows.map((r) => (r.key === key ? { ...r, locked } : r))
}
