// A line diff for the conflict panel: their version against mine. Pure: tested in test/unit/web.

export interface DiffLine {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/** Past this many line pairs the quadratic diff is not worth it; the caller shows both texts instead. */
const MAX_CELLS = 4_000_000

/** The lines that turn `from` into `to`, or undefined when the texts are too large to diff. */
export function diffLines(from: string, to: string): DiffLine[] | undefined {
  const a = splitLines(from)
  const b = splitLines(to)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  if (midA.length * midB.length > MAX_CELLS) return undefined

  // lcs[i][j] = length of the longest common subsequence of midA[i..] and midB[j..]
  const lcs = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1))
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ kind: 'same', text }))
  let i = 0
  let j = 0
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      out.push({ kind: 'same', text: midA[i] })
      i++
      j++
    } else if (i < midA.length && (j === midB.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ kind: 'removed', text: midA[i++] })
    } else {
      out.push({ kind: 'added', text: midB[j++] })
    }
  }
  for (const text of a.slice(endA)) out.push({ kind: 'same', text })
  return out
}

function splitLines(s: string): string[] {
  if (!s) return []
  const lines = s.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
