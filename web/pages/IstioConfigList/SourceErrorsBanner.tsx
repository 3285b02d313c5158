import type { SourceError } from '../../../shared/validation.ts'

/** Files the store could not load: their objects are missing from the list until they are fixed. */
export function SourceErrorsBanner({ errors }: { errors: readonly SourceError[] }) {
  if (!errors.length) return null
  const files = new Set(errors.map((e) => e.file)).size
  return (
    <section className="banner banner-warning" aria-label="Config sources that could not be loaded" data-testid="source-errors">
      <div className="banner-body">
        <strong>
          {files === 1 ? '1 config file' : `${files} config files`} could not be loaded; the objects they define are
          missing below until the files are fixed.
        </strong>
        <ul className="source-errors">
          {errors.map((e, i) => (
            <li key={i}>
              <code>
                {e.file}
                {e.line !== undefined ? `:${e.line}` : ''}
              </code>{' '}
              <span className="code-tag">{e.code}</span> {e.message}
              {e.object && (
                <span className="muted">
                  {' '}
                  ({e.object.kind} {e.object.namespace}/{e.object.name})
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  )
}
