// The review's YAML diff, per object: before and after as the editor shows them, changed lines with
// a few lines of context, long unchanged stretches folded. Pure.
import type { ConfigObject } from '../../../shared/k8s.ts'
import { toEditorText } from '../../pages/IstioConfigDetail/editorText.ts'
import { diffLines, type DiffLine } from '../../pages/IstioConfigDetail/lineDiff.ts'

export type DiffRow = DiffLine | { kind: 'fold'; text: string; count: number }

export interface ObjectDiff {
  rows: DiffRow[]
  added: number
  removed: number
}

export function yamlOf(o: ConfigObject | undefined): string {
  return o ? toEditorText(o) : ''
}

/** Unchanged runs longer than the context around a change fold into one row saying how many lines it hides. */
export function foldContext(lines: readonly DiffLine[], context = 3): DiffRow[] {
  // Nothing changed: nothing to focus on, so nothing is folded.
  if (lines.every((l) => l.kind === 'same')) return [...lines]
  const out: DiffRow[] = []
  let i = 0
  while (i < lines.length) {
    if (lines[i].kind !== 'same') {
      out.push(lines[i++])
      continue
    }
    let j = i
    while (j < lines.length && lines[j].kind === 'same') j++
    const run = lines.slice(i, j)
    const head = i === 0 ? 0 : context
    const tail = j === lines.length ? 0 : context
    if (run.length > head + tail + 1) {
      out.push(...run.slice(0, head))
      const hidden = run.length - head - tail
      out.push({ kind: 'fold', text: `${hidden} unchanged line${hidden === 1 ? '' : 's'}`, count: hidden })
      out.push(...run.slice(run.length - tail))
    } else out.push(...run)
    i = j
  }
  return out
}

export function objectDiff(before: ConfigObject | undefined, after: ConfigObject | undefined, context = 3): ObjectDiff {
  const lines = diffLines(yamlOf(before), yamlOf(after)) ?? [
    ...yamlOf(before).split('\n').map((text) => ({ kind: 'removed' as const, text })),
    ...yamlOf(after).split('\n').map((text) => ({ kind: 'added' as const, text })),
  ]
  return {
    rows: foldContext(lines, context),
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
  }
}
