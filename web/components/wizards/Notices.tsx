import type { Notice } from '../../../shared/routing/context.ts'

/** What the wizard wants the user to know about the config it loaded. */
export function Notices({ notices }: { notices: readonly Notice[] }) {
  if (notices.length === 0) return null
  return (
    <ul className="wizard-notices" data-testid="wizard-notices">
      {notices.map((n, i) => (
        <li key={i} className={`wizard-notice wizard-notice-${n.level}`}>
          <span aria-hidden="true">{n.level === 'warning' ? '⚠' : 'ℹ'}</span> {n.message}
        </li>
      ))}
    </ul>
  )
}

/** The form's blocking problems: each names the field, and Review waits until there are none. */
export function Problems({ problems }: { problems: readonly { field: string; message: string }[] }) {
  if (problems.length === 0) return null
  return (
    <ul className="wizard-problems" role="alert" data-testid="wizard-problems">
      {problems.map((p, i) => (
        <li key={i} data-field={p.field}>
          {p.message}
        </li>
      ))}
    </ul>
  )
}
