import type { ReactNode } from 'react'

interface Props {
  title: string
  children?: ReactNode
  /** Actions or links under the text. */
  actions?: ReactNode
}

export function EmptyState({ title, children, actions }: Props) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      {children && <div className="empty-state-body">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </section>
  )
}
