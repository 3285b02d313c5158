import { useMemo } from 'react'
import type { ConfigObject } from '../../../shared/k8s.ts'
import { objectDiff } from './yamlDiff.ts'

const PREFIX = { same: ' ', removed: '−', added: '+' } as const

/** One object's YAML, before against after: − lines go, + lines come, long unchanged stretches folded. */
export function DiffView({ before, after, label }: { before?: ConfigObject; after?: ConfigObject; label?: string }) {
  const diff = useMemo(() => objectDiff(before, after), [before, after])
  return (
    <pre className="diff wizard-diff" aria-label={label ?? 'YAML before and after'} tabIndex={0} data-testid="yaml-diff" data-added={diff.added} data-removed={diff.removed}>
      {diff.rows.map((row, i) =>
        row.kind === 'fold' ? (
          <span key={i} className="diff-line diff-fold">
            {'  ⋯ '}
            {row.text}
            {'\n'}
          </span>
        ) : (
          <span key={i} className={`diff-line diff-${row.kind}`}>
            {PREFIX[row.kind]} {row.text}
            {'\n'}
          </span>
        ),
      )}
    </pre>
  )
}
